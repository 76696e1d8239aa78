package vru.ingest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.IngestRequest;

/** Runs one source over its inputs, file by file. */
public final class IngestRunner {
  private IngestRunner() {}

  public static List<FileSummary> run(IngestRequest request) {
    SourceSpec spec =
        Sources.spec(request.source())
            .orElseThrow(
                () ->
                    new VruException(
                        ErrorCode.USAGE,
                        "unknown source '"
                            + request.source()
                            + "'"
                            + Suggest.closest(request.source(), Sources.names())
                                .map(s -> " (did you mean '" + s + "'?)")
                                .orElse("")
                            + "; known sources: "
                            + String.join(", ", Sources.names())));
    Warehouse warehouse = request.warehouse();
    RecordIngest ingest =
        new RecordIngest(
            request.spark(),
            warehouse,
            new Manifest(request.database(), warehouse.root()),
            Pseudonymiser.fromEnvironmentOr(request.keyFile()),
            request.jobRun(),
            request.maxQuarantinedShare());
    List<FileSummary> out = new ArrayList<>();
    try {
      for (FileSummary s : ingest.ingest(spec, expand(request.inputs()))) {
        request.progress().accept(s);
        out.add(s);
      }
      if (spec.table().equals(Warehouse.GEOGRAPHY)
          && out.stream().anyMatch(s -> !s.alreadyIngested())) {
        GeographyStore.load(
            request.database(),
            request.spark().read().parquet(warehouse.table(Warehouse.GEOGRAPHY).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Files as given, and the CSV files (plain or gzip) inside folders, in name order. */
  static List<Path> expand(List<Path> inputs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().matches("(?i).*\\.csv(\\.gz)?"))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new VruException(
            ErrorCode.INPUT_NOT_FOUND,
            "input not found: "
                + p.toAbsolutePath()
                + ". Check the path (relative paths in vru.yaml are read from the file's folder).");
      }
    }
    return files;
  }
}
