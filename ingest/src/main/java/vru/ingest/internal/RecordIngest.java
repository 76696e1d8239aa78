package vru.ingest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.VruException;
import vru.ingest.api.FileSummary;

/**
 * Ingests the new files of one source in Spark, in one pass per header layout: parse, validate
 * every field, resolve areas (written once to a Parquet working copy), find duplicates (across the
 * files, and against records published by earlier runs), then publish each file's accepted rows to
 * its own warehouse partition and the rest to quarantine with line number, raw line, field, value
 * and reason. Only per-file, per-split counts and one example per reason reach the driver.
 */
final class RecordIngest {
  private static final Logger LOG = LoggerFactory.getLogger(RecordIngest.class);

  private final IngestContext run;

  RecordIngest(IngestContext run) {
    this.run = run;
  }

  /** Ingests the files, skipping those already ingested; one summary per file, in order. */
  List<FileSummary> ingest(SourceSpec spec, List<Path> files, Map<Path, Path> shown)
      throws IOException {
    return ingest(spec, files, shown, ColumnMapping.NONE);
  }

  /** As {@link #ingest(SourceSpec, List, Map)}, the files' columns renamed by a mapping. */
  List<FileSummary> ingest(
      SourceSpec declared, List<Path> files, Map<Path, Path> shown, ColumnMapping mapping)
      throws IOException {
    // dates written another way (dd/MM/yyyy) are checked and read in the mapping's pattern
    SourceSpec spec = mapping.dates().map(declared::withDates).orElse(declared);
    Map<Path, FileSummary> done = new LinkedHashMap<>();
    // files with the same columns (and, for Parquet, the same column types) are read together
    Map<Layout, Map<String, InputFile>> batches = new LinkedHashMap<>();
    Map<Layout, List<String>> headerLines = new LinkedHashMap<>();
    for (Path file : files) {
      InputFile input = InputFile.inspect(file, shown.getOrDefault(file, file));
      // the database remembers the file, and its rows are still in the warehouse
      if (run.manifest().published(spec.source(), input.sha256()).isPresent()
          && Files.isDirectory(run.warehouse().partition(spec.table(), input.sha256()))) {
        LOG.info(
            "{} was ingested before (sha256 {}): nothing to do", input.shown(), input.sha256());
        done.put(input.shown(), run.manifest().earlier(spec.source(), input));
        continue;
      }
      Layout layout;
      if (ParquetInput.is(file)) {
        StructType schema = ParquetInput.schema(run.spark(), file, input.shown());
        layout =
            new Layout(
                Header.check(
                    input.shown() + " (Parquet)",
                    "column list",
                    ParquetInput.names(schema),
                    spec,
                    mapping),
                Optional.of(schema));
      } else {
        try {
          layout = new Layout(Header.check(file, spec, mapping), Optional.empty());
        } catch (VruException e) {
          throw new VruException(
              e.code(), e.getMessage().replace(file.toString(), input.shown().toString()));
        }
      }
      batches
          .computeIfAbsent(layout, h -> new LinkedHashMap<>())
          .put(file.toAbsolutePath().normalize().toUri().toString(), input);
      List<String> headers = headerLines.computeIfAbsent(layout, h -> new ArrayList<>());
      if (layout.parquet().isPresent()) {
        headers.add("");
      } else {
        // with and without a byte-order mark (Excel's "CSV UTF-8"): Spark's reader drops it
        String first = Header.firstLine(file);
        headers.add(first);
        headers.add(first.replaceFirst("^\uFEFF", ""));
      }
    }
    List<VruException> rejected = new ArrayList<>();
    RepeatSearch search = new RepeatSearch(run);
    BatchPublisher publisher = new BatchPublisher(run);
    for (Map.Entry<Layout, Map<String, InputFile>> b : batches.entrySet()) {
      Batch batch =
          new Batch(
              b.getKey().header(), b.getValue(), headerLines.get(b.getKey()), b.getKey().parquet());
      // Parsed and checked once, into Parquet under _staging: the duplicate search, the counts
      // and both writes read only the columns each needs. Writing it costs less than half of
      // building Spark's in-memory columnar cache, and the memory needed does not grow with the
      // rows (docs/performance.md). It is a working copy, deleted when the batch is done.
      Path checks = run.warehouse().staging("checked-" + UUID.randomUUID());
      try {
        long started = System.nanoTime();
        new RowChecks(run.spark(), run.warehouse())
            .validate(spec, batch)
            .write()
            .mode(SaveMode.Overwrite)
            .parquet(checks.toString());
        Dataset<Row> checked = run.spark().read().parquet(checks.toString());
        LOG.info(
            "{}: parsed and checked in {} ms",
            spec.source(),
            (System.nanoTime() - started) / 1_000_000);
        started = System.nanoTime();
        Optional<Dataset<Row>> duplicates =
            spec.keyFields().isEmpty() ? Optional.empty() : search.findDuplicates(checked, spec);
        Optional<Dataset<Row>> repeats = search.findPublished(checked, duplicates, spec, batch);
        Optional<Dataset<Row>> late =
            duplicates.isPresent() && repeats.isPresent()
                ? Optional.of(duplicates.get().unionByName(repeats.get()))
                : duplicates.or(() -> repeats);
        LOG.info(
            "{}: looked for repeated keys in {} ms",
            spec.source(),
            (System.nanoTime() - started) / 1_000_000);
        BatchPublisher.Published published = publisher.publish(spec, batch, checked, late);
        published.files().forEach(s -> done.put(s.file(), s));
        rejected.addAll(published.refused());
      } finally {
        search.release();
        Publisher.deleteTree(checks);
      }
    }
    if (!rejected.isEmpty()) {
      throw rejected.get(0);
    }
    return files.stream().map(f -> done.get(shown.getOrDefault(f, f))).toList();
  }

  /** A batch's columns: our names in the files' order, and the Parquet schema for Parquet. */
  private record Layout(List<String> header, Optional<StructType> parquet) {}
}
