package vru.ingest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.csv.TextEncoding;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.IngestRequest;

/** Runs one source over its inputs, file by file. */
public final class IngestRunner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestRunner.class);

  private IngestRunner() {}

  public static List<FileSummary> run(IngestRequest request) {
    Optional<TableIngest.Adapter> table = Sources.table(request.source());
    SourceSpec spec =
        table.isPresent()
            ? null
            : Sources.spec(request.source())
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
    clearStaging(warehouse);
    Manifest manifest = new Manifest(request.database(), warehouse.root());
    List<FileSummary> out = new ArrayList<>();
    Path unzipped = warehouse.staging("unzipped-" + request.jobRun());
    try {
      Map<Path, Path> shown = new HashMap<>();
      List<Path> files = utf8(expand(request.inputs(), unzipped, shown), unzipped, shown);
      List<FileSummary> done =
          table.isPresent()
              ? new TableIngest(
                      request.spark(),
                      warehouse,
                      manifest,
                      request.jobRun(),
                      request.maxQuarantinedShare())
                  .ingest(table.get(), files, shown)
              : new RecordIngest(
                      request.spark(),
                      warehouse,
                      manifest,
                      Pseudonymiser.fromEnvironmentOr(request.keyFile()),
                      request.jobRun(),
                      request.maxQuarantinedShare())
                  .ingest(spec, files, shown);
      for (FileSummary s : done) {
        request.progress().accept(s);
        out.add(s);
      }
      if (spec != null
          && spec.table().equals(Warehouse.GEOGRAPHY)
          && out.stream().anyMatch(s -> !s.alreadyIngested())) {
        GeographyStore.load(
            request.database(),
            request.spark().read().parquet(warehouse.table(Warehouse.GEOGRAPHY).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Publisher.deleteTree(unzipped);
      } catch (IOException e) {
        // a leftover copy under _staging is removed by a later run (clearStaging)
      }
    }
    return out;
  }

  /**
   * Removes what runs that died (killed, out of memory) left under {@code _staging}: folders
   * untouched for six hours. Nothing there was ever visible; a younger folder may belong to a run
   * still going on the same warehouse, so it is left alone.
   */
  static void clearStaging(Warehouse warehouse) {
    Path staging = warehouse.root().resolve("_staging");
    if (!Files.isDirectory(staging)) {
      return;
    }
    java.time.Instant cutoff = java.time.Instant.now().minus(java.time.Duration.ofHours(6));
    try (Stream<Path> s = Files.list(staging)) {
      for (Path p : s.toList()) {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
          LOG.info("removing {}, left by a run that did not finish", p);
          Publisher.deleteTree(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clear {}: {}", staging, e.getMessage());
    }
  }

  /**
   * Files as given, the CSV files (plain or gzip) inside folders, in name order, and the CSV files
   * inside zip archives, extracted under {@code unzipped/<archive name>/} (each extracted file is
   * then known by its own SHA-256, like any other).
   */
  static List<Path> expand(List<Path> inputs, Path unzipped, Map<Path, Path> shown)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path given : inputs) {
      // Spark names the files it reads by absolute, normalised path: use the same
      Path p = given.toAbsolutePath().normalize();
      if (Files.isRegularFile(p) && p.getFileName().toString().toLowerCase().endsWith(".zip")) {
        files.addAll(unzip(p, unzipped.resolve(p.getFileName().toString()), shown));
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          for (Path f : s.sorted().toList()) {
            String name = f.getFileName().toString();
            if (name.matches("(?i).*\\.csv(\\.gz)?")) {
              files.add(f);
            } else if (name.toLowerCase().endsWith(".zip")) {
              files.addAll(unzip(f, unzipped.resolve(name), shown));
            }
          }
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

  /**
   * The files as Spark can read them: a plain (not gzip) file that is not valid UTF-8 is read as
   * Windows-1252, the encoding Excel on Windows saves CSV in, and re-encoded as UTF-8 into {@code
   * into} (messages still name the file given). Spark's text reader only reads UTF-8.
   */
  static List<Path> utf8(List<Path> files, Path into, Map<Path, Path> shown) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      if (f.getFileName().toString().toLowerCase().endsWith(".gz")
          || TextEncoding.detect(f).equals(java.nio.charset.StandardCharsets.UTF_8)) {
        out.add(f);
        continue;
      }
      Path copy = into.resolve("windows-1252").resolve(UUID.randomUUID().toString());
      Files.createDirectories(copy);
      copy = copy.resolve(f.getFileName());
      try (java.io.Reader in = Files.newBufferedReader(f, TextEncoding.WINDOWS_1252);
          java.io.Writer w =
              Files.newBufferedWriter(copy, java.nio.charset.StandardCharsets.UTF_8)) {
        in.transferTo(w);
      }
      LOG.info("{} is not UTF-8: read as Windows-1252", shown.getOrDefault(f, f));
      shown.put(copy, shown.getOrDefault(f, f));
      out.add(copy);
    }
    return out;
  }

  /** The CSV entries of a zip archive (in any folder inside it), extracted, in name order. */
  private static List<Path> unzip(Path zip, Path into, Map<Path, Path> shown) throws IOException {
    List<Path> out = new ArrayList<>();
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      List<? extends java.util.zip.ZipEntry> entries =
          z.stream()
              .filter(e -> !e.isDirectory() && e.getName().matches("(?i).*\\.csv(\\.gz)?"))
              .sorted(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName))
              .toList();
      if (entries.isEmpty()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            zip + ": the zip archive holds no .csv or .csv.gz file; extract it and pass the files");
      }
      for (java.util.zip.ZipEntry e : entries) {
        // flatten folders inside the archive; refuse names that would escape the target
        String name = e.getName().replace('\\', '/');
        Path target = into.resolve(name.substring(name.lastIndexOf('/') + 1)).normalize();
        if (!target.startsWith(into)) {
          throw new VruException(ErrorCode.INPUT_INVALID, zip + ": unsafe entry name " + name);
        }
        Files.createDirectories(into);
        try (java.io.InputStream in = z.getInputStream(e)) {
          Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        out.add(target);
        shown.put(target, Path.of(zip + "!/" + name));
      }
    } catch (java.util.zip.ZipException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, zip + ": not a readable zip archive (" + e.getMessage() + ")");
    }
    return out;
  }
}
