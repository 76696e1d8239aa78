package vru.ingest.internal;

import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;

/**
 * Ingests published statistical tables (ONS recorded-crime tables, Fingertips exports): a few
 * hundred or thousand rows of counts per area, never record-level data, so each file is parsed on
 * the driver by its adapter (preambles, multi-line quoted headers, thousands separators and
 * footnotes need a whole-file view) and written by Spark. The rules of record files hold: a file's
 * SHA-256 is its identity, every row is accepted or quarantined with its line and reason, rows read
 * = accepted + quarantined, a file over the quality threshold publishes nothing, and publishing is
 * one rename per file.
 */
final class TableIngest {
  private static final Logger LOG = LoggerFactory.getLogger(TableIngest.class);

  /** A row held back: its line, the record as CSV, the field, value, reason and message. */
  record Bad(long line, String raw, String field, String value, String reason, String message) {}

  /** What an adapter made of one file: data rows read, rows to publish, rows held back. */
  record Parsed(long rowsRead, long rowsAccepted, List<Row> rows, List<Bad> bad) {}

  /** One published table layout. */
  interface Adapter {
    String source();

    String table();

    /** The canonical table's schema (without {@code file_id}). */
    StructType schema();

    /** The columns whose values say what a file covers (see {@link Versions}). */
    List<String> coverage();

    /**
     * Reads the whole file.
     *
     * @throws VruException {@link ErrorCode#INPUT_INVALID} when it is not this layout at all
     */
    Parsed read(Path file) throws IOException;
  }

  private static final StructType QUARANTINE =
      new StructType()
          .add("file", DataTypes.StringType)
          .add("line", DataTypes.LongType)
          .add("raw_line", DataTypes.StringType)
          .add("field", DataTypes.StringType)
          .add("value", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("message", DataTypes.StringType)
          .add("job_run_id", DataTypes.StringType);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Manifest manifest;
  private final UUID jobRun;
  private final double threshold;

  TableIngest(
      SparkSession spark, Warehouse warehouse, Manifest manifest, UUID jobRun, double threshold) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.manifest = manifest;
    this.jobRun = jobRun;
    this.threshold = threshold;
  }

  List<FileSummary> ingest(Adapter adapter, List<Path> files, Map<Path, Path> shown)
      throws IOException {
    List<FileSummary> out = new ArrayList<>();
    List<VruException> rejected = new ArrayList<>();
    Versions versions =
        new Versions(
            spark,
            warehouse,
            manifest,
            jobRun,
            adapter.source(),
            adapter.table(),
            adapter.coverage());
    for (Path file : files) {
      InputFile input = InputFile.inspect(file, shown.getOrDefault(file, file));
      Path name = input.shown();
      if (manifest.published(adapter.source(), input.sha256()).isPresent()
          && Files.isDirectory(warehouse.partition(adapter.table(), input.sha256()))) {
        LOG.info("{} was ingested before (sha256 {}): nothing to do", name, input.sha256());
        out.add(manifest.earlier(adapter.source(), input));
        continue;
      }
      Parsed p;
      try {
        p = adapter.read(file);
      } catch (VruException e) {
        throw new VruException(e.code(), e.getMessage().replace(file.toString(), name.toString()));
      }
      FileSummary s =
          new FileSummary(
              adapter.source(),
              name,
              input.sha256(),
              input.size(),
              p.rowsRead(),
              p.rowsAccepted(),
              p.bad().size(),
              reasons(p.bad()),
              false);
      String fileId = input.sha256().substring(0, 16);
      writeQuarantine(adapter, name, fileId, p.bad());
      if (s.quarantinedShare() > threshold) {
        manifest.record(jobRun, s, false);
        rejected.add(
            new VruException(
                ErrorCode.DATA_QUALITY_THRESHOLD, QualityReport.describe(s, threshold)));
      } else {
        Path staging = warehouse.staging(UUID.randomUUID().toString());
        spark
            .createDataFrame(p.rows(), adapter.schema())
            .withColumn("file_id", lit(fileId))
            .coalesce(1)
            .write()
            .mode(SaveMode.Overwrite)
            .partitionBy("file_id")
            .parquet(staging.toString());
        Path partition = staging.resolve("file_id=" + fileId);
        try {
          s =
              versions.publish(
                  s, partition, versions.cells(staging).getOrDefault(fileId, Set.of()));
        } catch (VruException e) {
          rejected.add(e);
        } finally {
          Publisher.deleteTree(staging);
        }
      }
      out.add(s);
    }
    if (!rejected.isEmpty()) {
      throw rejected.get(0);
    }
    return out;
  }

  private void writeQuarantine(Adapter adapter, Path file, String fileId, List<Bad> bad)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Bad b : bad) {
      rows.add(
          RowFactory.create(
              file.toString(),
              b.line(),
              b.raw(),
              b.field(),
              b.value(),
              b.reason(),
              b.message(),
              jobRun.toString()));
    }
    Path staging = warehouse.staging(UUID.randomUUID().toString());
    spark
        .createDataFrame(rows, QUARANTINE)
        .withColumn("file_id", lit(fileId))
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("file_id")
        .parquet(staging.toString());
    BatchPublisher.moveEach(
        staging, warehouse.table(Warehouse.QUARANTINE).resolve("source=" + adapter.source()));
  }

  private static List<FileSummary.Reason> reasons(List<Bad> bad) {
    Map<String, List<Bad>> by = new LinkedHashMap<>();
    for (Bad b : bad) {
      by.computeIfAbsent(b.reason(), k -> new ArrayList<>()).add(b);
    }
    return by.values().stream()
        .sorted((a, b) -> Integer.compare(b.size(), a.size()))
        .map(
            l ->
                new FileSummary.Reason(
                    l.get(0).reason(),
                    l.get(0).field(),
                    l.size(),
                    l.get(0).line(),
                    l.get(0).value(),
                    l.get(0).message()))
        .toList();
  }

  /** A row held back for one field, the message beginning with the field's name. */
  static Bad bad(
      vru.core.csv.CsvReader.Record rec,
      String field,
      String value,
      String reason,
      String message) {
    return new Bad(
        rec.line(), csv(rec.fields()), field, value, reason, "'" + field + "' " + message);
  }

  /** A row whose number of fields is not the header's. */
  static Bad wrongFieldCount(vru.core.csv.CsvReader.Record rec, int columns) {
    return new Bad(
        rec.line(),
        csv(rec.fields()),
        "(line)",
        "",
        "wrong_field_count",
        "the row has " + rec.fields().size() + " fields; the header has " + columns);
  }

  /** A record as one CSV line (fields quoted where needed), for the quarantine's raw line. */
  static String csv(List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        b.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        b.append(f);
      }
    }
    return b.toString();
  }
}
