package vru.ingest.internal;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static vru.ingest.internal.RepeatSearch.BROADCAST_REPEATED;
import static vru.ingest.internal.RepeatSearch.at;
import static vru.ingest.internal.RepeatSearch.late;
import static vru.ingest.internal.RowChecks.BLANK;
import static vru.ingest.internal.RowChecks.HEADER;
import static vru.ingest.internal.RowChecks.identifiers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;

/**
 * Publishes a checked batch: counts per file, split and reason from the working copy, each file's
 * accepted rows to its own warehouse partition (as a new version where it replaces one) and the
 * rest to quarantine with a pseudonymised raw line.
 */
final class BatchPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPublisher.class);

  private final IngestContext run;

  BatchPublisher(IngestContext run) {
    this.run = run;
  }

  /**
   * Publishes the checked rows, less those failed late ({@code late}, in the {@link #LATE}
   * columns), each file's accepted rows to its partition and the rest to quarantine.
   */
  /**
   * What publishing a batch did: a summary per file, and the files refused (over the quarantine
   * threshold, or covering only part of an earlier version), each with why.
   */
  record Published(List<FileSummary> files, List<VruException> refused) {}

  Published publish(SourceSpec spec, Batch batch, Dataset<Row> checked, Optional<Dataset<Row>> late)
      throws IOException {
    List<VruException> rejected = new ArrayList<>();
    long started = System.nanoTime();
    // counts are taken from the working copy, then the few rows failed late are moved from the
    // accepted counts to theirs: no pass over every row joins them
    List<Row> cells = new ArrayList<>(counts(checked).collectAsList());
    long lateRows = 0;
    if (late.isPresent()) {
      Map<List<Object>, Long> moved = new java.util.HashMap<>();
      for (Row r : counts(late.get()).collectAsList()) {
        moved.merge(List.of(r.getString(0), r.getLong(1)), r.getLong(3), Long::sum);
        lateRows += r.getLong(3);
        cells.add(r);
      }
      cells.replaceAll(
          r ->
              r.isNullAt(2)
                  ? RowFactory.create(
                      r.getString(0),
                      r.getLong(1),
                      null,
                      r.getLong(3) - moved.getOrDefault(List.of(r.getString(0), r.getLong(1)), 0L),
                      r.getLong(4),
                      null)
                  : r);
    }
    LOG.info(
        "{}: counted rows by file and reason in {} file(s) in {} ms",
        spec.source(),
        batch.files().size(),
        (System.nanoTime() - started) / 1_000_000);
    Splits splits = Splits.of(cells, batch);
    List<Row> offsets = new ArrayList<>();
    List<FileSummary> summaries = new ArrayList<>();
    List<String> published = new ArrayList<>();
    for (InputFile input : batch.files().values()) {
      String uri = splits.uri(input);
      FileSummary s = splits.summary(spec.source(), input);
      summaries.add(s);
      splits
          .offsets(input)
          .forEach(
              (block, o) ->
                  offsets.add(
                      RowFactory.create(
                          o.uri(),
                          block,
                          o.minId(),
                          o.firstLine(),
                          input.sha256().substring(0, 16),
                          input.shown().toString())));
      if (s.quarantinedShare() > run.threshold()) {
        run.manifest().record(run.jobRun(), s, false);
        rejected.add(
            new VruException(
                ErrorCode.DATA_QUALITY_THRESHOLD, QualityReport.describe(s, run.threshold())));
      } else if (uri != null) {
        published.add(uri);
      }
    }
    Dataset<Row> lines =
        run.spark()
            .createDataFrame(
                offsets,
                new StructType()
                    .add("_f", DataTypes.StringType)
                    .add("_b", DataTypes.LongType)
                    .add("_min", DataTypes.LongType)
                    .add("_first", DataTypes.LongType)
                    .add("file_id", DataTypes.StringType)
                    .add("_path", DataTypes.StringType));
    Dataset<Row> located =
        checked.join(
            broadcast(lines),
            col("_file").equalTo(col("_f")).and(col("_block").equalTo(col("_b"))));
    started = System.nanoTime();
    boolean small = lateRows <= BROADCAST_REPEATED;
    Optional<Dataset<Row>> failedLate =
        late.map(l -> small ? broadcast(late(l, "_l")) : late(l, "_l"));
    Dataset<Row> rejectedRows = located;
    if (failedLate.isPresent()) {
      rejectedRows = located.join(failedLate.get(), at("_l"), "left");
      for (String c : List.of("_reason", "_field", "_value", "_message")) {
        rejectedRows = rejectedRows.withColumn(c, coalesce(col("_l" + c), col(c)));
      }
    }
    writeQuarantine(spec, batch.lineColumns(), rejectedRows);
    LOG.info(
        "{}: quarantine written in {} ms",
        spec.source(),
        (System.nanoTime() - started) / 1_000_000);
    started = System.nanoTime();
    Dataset<Row> accepted =
        located.filter(col("_reason").isNull().and(col("_file").isin(published.toArray())));
    if (failedLate.isPresent()) {
      accepted = accepted.join(failedLate.get(), at("_l"), "left_anti");
    }
    List<Column> projection = new ArrayList<>(spec.canonical().apply(run.pseudonymiser()));
    projection.add(col("file_id"));
    Path staging = run.warehouse().staging(UUID.randomUUID().toString());
    accepted
        .select(projection.toArray(new Column[0]))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("file_id")
        .parquet(staging.toString());
    LOG.info(
        "{}: accepted rows written in {} ms",
        spec.source(),
        (System.nanoTime() - started) / 1_000_000);
    Versions versions = run.versions(spec);
    Map<String, java.util.Set<String>> covered = versions.cells(staging);
    List<FileSummary> out = new ArrayList<>();
    try {
      for (FileSummary s : summaries) {
        if (s.quarantinedShare() > run.threshold()) {
          out.add(s);
          continue;
        }
        String fileId = s.sha256().substring(0, 16);
        try {
          out.add(
              versions.publish(
                  s,
                  staging.resolve("file_id=" + fileId),
                  covered.getOrDefault(fileId, java.util.Set.of())));
        } catch (VruException e) {
          rejected.add(e);
          out.add(s);
        }
      }
    } finally {
      Publisher.deleteTree(staging);
    }
    return new Published(out, rejected);
  }

  /**
   * Rows per (file, split, reason), the split's smallest row id, and for a reason its first
   * example: counts are a hash aggregation of longs over every row, the examples (a struct,
   * aggregated by sorting) are taken from the bad rows only.
   */
  static Dataset<Row> counts(Dataset<Row> rows) {
    Dataset<Row> counts =
        rows.groupBy(col("_file"), col("_block"), col("_reason"))
            .agg(count(lit(1)).as("rows"), min(col("_id")).as("min_id"));
    Dataset<Row> examples =
        rows.filter(col("_reason").isNotNull())
            .groupBy(col("_file").as("_ef"), col("_block").as("_eb"), col("_reason").as("_er"))
            .agg(
                min_by(
                        struct(col("_id"), col("_field"), col("_value"), col("_message")),
                        col("_id"))
                    .as("example"));
    return counts
        .join(
            examples,
            col("_file")
                .equalTo(col("_ef"))
                .and(col("_block").equalTo(col("_eb")))
                .and(col("_reason").eqNullSafe(col("_er"))),
            "left")
        .select("_file", "_block", "_reason", "rows", "min_id", "example");
  }

  /** One CSV field: quoted (doubled quotes inside) or plain. */
  static final String CSV_FIELD = "(?:\"(?:[^\"]++|\"\")*+\"|[^,\"]*+)";

  /**
   * The raw line as kept in quarantine: as read, except that the field at each identifier's
   * position holds its pseudonym and the field at each ignored column's position is emptied.
   *
   * @param columns the columns of the raw line, in order
   */
  Column redactedLine(SourceSpec spec, List<String> columns) {
    Column line = col("value");
    Column safe = lit(true);
    java.util.Set<String> identifiers = identifiers(spec);
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      boolean ignored = name.startsWith("_ignored_");
      if (!ignored && !identifiers.contains(name)) {
        continue;
      }
      Column v = col(name);
      // the line is kept only when the field at this position is the one replaced (or is empty):
      // a line the CSV rules cannot split (an unterminated quote) would keep the identifier clear
      String before = "^(?:" + CSV_FIELD + ",){" + i + "}";
      safe =
          safe.and(
              when(v.isNull(), col("value").rlike(before + "(?:\"\")?(?=,|$)"))
                  .otherwise(col("value").rlike(before + CSV_FIELD + "(?=,|$)")));
      Column replacement =
          ignored ? lit("$1") : concat(lit("$1"), run.pseudonymiser().pseudonym(v));
      line =
          when(v.isNull(), line)
              .otherwise(
                  regexp_replace(
                      line,
                      lit("^((?:" + CSV_FIELD + ",){" + i + "})" + CSV_FIELD + "(?=,|$)"),
                      replacement));
    }
    return when(safe, line).otherwise(lit(UNSPLIT_LINE));
  }

  /** What quarantine keeps of a line whose identifier could not be found to pseudonymise. */
  static final String UNSPLIT_LINE =
      "(not kept: the line could not be split into fields, so the identifier in it could not be"
          + " pseudonymised; the line number says where it is in the file)";

  void writeQuarantine(SourceSpec spec, List<String> header, Dataset<Row> located)
      throws IOException {
    Dataset<Row> quarantine =
        located
            .filter(col("_reason").isNotNull().and(not(col("_reason").isin(HEADER, BLANK))))
            .select(
                col("_path").as("file"),
                col("_first").plus(col("_id")).minus(col("_min")).as("line"),
                redactedLine(spec, header).as("raw_line"),
                col("_field").as("field"),
                coalesce(col("_value"), lit("")).as("value"),
                col("_reason").as("reason"),
                col("_message").as("message"),
                lit(run.jobRun().toString()).as("job_run_id"),
                col("file_id"));
    Path staging = run.warehouse().staging(UUID.randomUUID().toString());
    quarantine.write().mode(SaveMode.Overwrite).partitionBy("file_id").parquet(staging.toString());
    moveEach(
        staging, run.warehouse().table(Warehouse.QUARANTINE).resolve("source=" + spec.source()));
  }

  /** Publishes each {@code file_id=…} folder of a staged write, replacing an earlier one. */
  static void moveEach(Path staging, Path table) throws IOException {
    if (Files.isDirectory(staging)) {
      try (Stream<Path> parts = Files.list(staging)) {
        for (Path part :
            parts.filter(p -> p.getFileName().toString().startsWith("file_id=")).toList()) {
          Publisher.replace(part, table.resolve(part.getFileName()));
        }
      }
      Publisher.deleteTree(staging);
    }
  }
}
