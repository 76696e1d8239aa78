package vru.ingest.internal;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;

/**
 * Ingests one record-level file in Spark: parse, validate every field, resolve areas, find
 * duplicates, then publish the accepted rows to the warehouse and the rest to quarantine, each with
 * its line number, raw line, field, value and reason. Nothing is collected to the driver but
 * counts, one example per reason and the list of split offsets.
 */
final class RecordIngest {
  private static final Logger LOG = LoggerFactory.getLogger(RecordIngest.class);
  private static final long POSITION_MASK = (1L << 33) - 1;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Manifest manifest;
  private final Pseudonymiser pseudonymiser;
  private final UUID jobRun;
  private final double threshold;

  RecordIngest(
      SparkSession spark,
      Warehouse warehouse,
      Manifest manifest,
      Pseudonymiser pseudonymiser,
      UUID jobRun,
      double threshold) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.manifest = manifest;
    this.pseudonymiser = pseudonymiser;
    this.jobRun = jobRun;
    this.threshold = threshold;
  }

  FileSummary ingest(SourceSpec spec, Path file) throws IOException {
    InputFile input = InputFile.inspect(file);
    if (manifest.published(spec.source(), input.sha256()).isPresent()) {
      LOG.info("{} was ingested before (sha256 {}): nothing to do", file, input.sha256());
      return new FileSummary(
          spec.source(), file, input.sha256(), input.size(), 0, 0, 0, List.of(), true);
    }
    List<String> header = Header.check(file, spec);
    Dataset<Row> validated = validate(spec, file, header).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return publish(spec, input, validated);
    } finally {
      validated.unpersist();
    }
  }

  private Dataset<Row> validate(SourceSpec spec, Path file, List<String> header) {
    List<StructField> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(DataTypes.createStructField("c" + i, DataTypes.StringType, true));
    }
    Map<String, String> options = Map.of("escape", "\"", "mode", "PERMISSIVE");
    Dataset<Row> raw =
        spark
            .read()
            .text(file.toString())
            .select(
                col("value"),
                input_file_block_start().as("_block"),
                monotonically_increasing_id().as("_id"))
            .withColumn("_pos", col("_id").bitwiseAND(POSITION_MASK))
            .filter(not(col("_block").equalTo(0).and(col("_pos").equalTo(0))))
            .filter(trim(col("value")).notEqual(""));
    List<Column> select =
        new ArrayList<>(List.of(col("value"), col("_block"), col("_pos"), col("_id")));
    for (int i = 0; i < header.size(); i++) {
      select.add(trim(col("r.c" + i)).as(header.get(i)));
    }
    // quoted sections may hold commas: drop them before counting separators
    Column unquoted =
        when(col("value").contains("\""), regexp_replace(col("value"), "\"([^\"]|\"\")*\"", "q"))
            .otherwise(col("value"));
    select.add(size(split(unquoted, ",", -1)).as("_fields"));
    Dataset<Row> parsed =
        raw.withColumn(
                "r",
                from_csv(col("value"), lit(DataTypes.createStructType(columns).toDDL()), options))
            .select(select.toArray(new Column[0]));

    Validation v = new Validation();
    v.add(
        col("_fields").notEqual(header.size()),
        "wrong_field_count",
        "(line)",
        lit(""),
        concat(
            lit("the line has "),
            col("_fields").cast("string"),
            lit(" fields; the header has " + header.size())));
    for (Field f : spec.fields()) {
      Column value = col(f.name());
      Column empty = value.isNull().or(value.equalTo(""));
      if (f.required()) {
        v.add(
            empty,
            "missing_value",
            f.name(),
            lit(""),
            lit("'" + f.name() + "' is empty; a value is required"));
      }
      for (Check.Failure failure : f.check().failures(value)) {
        v.add(
            not(empty).and(failure.condition()),
            failure.reason(),
            f.name(),
            value,
            concat(
                lit("'" + f.name() + "' is '"),
                value,
                lit("'; expected " + failure.expectation())));
      }
    }
    Dataset<Row> checked = v.apply(parsed);
    if (spec.areaField().isPresent()) {
      checked = resolveAreas(checked, spec);
    }
    if (!spec.keyFields().isEmpty()) {
      Column[] keys = spec.keyFields().stream().map(k -> col(k)).toArray(Column[]::new);
      Column copy = row_number().over(Window.partitionBy(keys).orderBy(col("_id"))).gt(1);
      String keyName = String.join("+", spec.keyFields());
      Column keyValue = keys.length == 1 ? keys[0] : concat(keys);
      checked =
          checked
              .withColumn("_copy", copy)
              .withColumn(
                  "_field",
                  when(col("_reason").isNull().and(col("_copy")), lit(keyName))
                      .otherwise(col("_field")))
              .withColumn(
                  "_value",
                  when(col("_reason").isNull().and(col("_copy")), keyValue)
                      .otherwise(col("_value")))
              .withColumn(
                  "_message",
                  when(
                          col("_reason").isNull().and(col("_copy")),
                          concat(
                              lit("'" + keyName + "' '"),
                              keyValue,
                              lit("' repeats an earlier row")))
                      .otherwise(col("_message")))
              .withColumn(
                  "_reason",
                  when(col("_reason").isNull().and(col("_copy")), lit("duplicate"))
                      .otherwise(col("_reason")))
              .drop("_copy");
    }
    return checked;
  }

  private Dataset<Row> resolveAreas(Dataset<Row> checked, SourceSpec spec) {
    Path table = warehouse.table(Warehouse.GEOGRAPHY);
    if (!Files.isDirectory(table)) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the "
              + spec.source()
              + " source needs the geography lookup to resolve areas: ingest it first (--source"
              + " geography), or list it under inputs.geography in vru.yaml");
    }
    Dataset<Row> lookup = spark.read().parquet(table.toString());
    Dataset<Row> areas =
        spec.areaLevel().equals("lsoa")
            ? lookup
                .select(
                    col("lsoa_code").as("_area"), col("la_code"), col("csp_code"), col("pfa_code"))
                .dropDuplicates("_area")
            : lookup
                .select(col("la_code").as("_area"), col("pfa_code"))
                .dropDuplicates("_area")
                .withColumn("la_code", col("_area"))
                .withColumn("csp_code", lit(null).cast("string"));
    String field = spec.areaField().get();
    Column unknown = col("_reason").isNull().and(col("pfa_code").isNull());
    return checked
        .join(broadcast(areas), col(field).equalTo(col("_area")), "left")
        .drop("_area")
        .withColumn("_field", when(unknown, lit(field)).otherwise(col("_field")))
        .withColumn("_value", when(unknown, col(field)).otherwise(col("_value")))
        .withColumn(
            "_message",
            when(
                    unknown,
                    concat(
                        lit("'" + field + "' '"),
                        col(field),
                        lit("' is not in the geography lookup; load a lookup that has it")))
                .otherwise(col("_message")))
        .withColumn("_reason", when(unknown, lit("unknown_area")).otherwise(col("_reason")));
  }

  private FileSummary publish(SourceSpec spec, InputFile input, Dataset<Row> validated)
      throws IOException {
    List<Row> byReason =
        validated
            .groupBy(col("_reason"))
            .agg(
                count(lit(1)).as("rows"),
                min_by(
                        struct(
                            col("_block"),
                            col("_pos"),
                            col("_field"),
                            col("_value"),
                            col("_message")),
                        col("_id"))
                    .as("example"))
            .collectAsList();
    long read = 0;
    long accepted = 0;
    TreeSet<Long> blocks = new TreeSet<>();
    for (Row r : byReason) {
      read += r.getLong(1);
      if (r.isNullAt(0)) {
        accepted = r.getLong(1);
      }
    }
    if (read > accepted) {
      validated
          .filter(col("_reason").isNotNull())
          .select(col("_block"))
          .distinct()
          .collectAsList()
          .forEach(r -> blocks.add(r.getLong(0)));
    }
    Map<Long, Long> firstLines = LineIndex.firstLines(input.path(), blocks);
    List<FileSummary.Reason> reasons = new ArrayList<>();
    for (Row r : byReason) {
      if (r.isNullAt(0)) {
        continue;
      }
      Row ex = r.getStruct(2);
      reasons.add(
          new FileSummary.Reason(
              r.getString(0),
              ex.getString(2),
              r.getLong(1),
              firstLines.get(ex.getLong(0)) + ex.getLong(1),
              ex.isNullAt(3) ? "" : ex.getString(3),
              ex.isNullAt(4) ? "" : ex.getString(4)));
    }
    reasons.sort(Comparator.comparingLong(FileSummary.Reason::rows).reversed());
    FileSummary summary =
        new FileSummary(
            spec.source(),
            input.path(),
            input.sha256(),
            input.size(),
            read,
            accepted,
            read - accepted,
            List.copyOf(reasons),
            false);

    if (read > accepted) {
      writeQuarantine(spec, input, validated, firstLines);
    }
    if (summary.quarantinedShare() > threshold) {
      manifest.record(jobRun, summary, false);
      throw new VruException(
          ErrorCode.DATA_QUALITY_THRESHOLD, QualityReport.describe(summary, threshold));
    }
    Dataset<Row> rows =
        spec.canonical().apply(validated.filter(col("_reason").isNull()), pseudonymiser);
    Path staging = warehouse.staging(UUID.randomUUID().toString());
    rows.write().mode(SaveMode.Overwrite).parquet(staging.toString());
    Publisher.replace(staging, warehouse.partition(spec.table(), input.sha256()));
    manifest.record(jobRun, summary, true);
    return summary;
  }

  private void writeQuarantine(
      SourceSpec spec, InputFile input, Dataset<Row> validated, Map<Long, Long> firstLines)
      throws IOException {
    List<Row> lines = new ArrayList<>();
    firstLines.forEach(
        (block, line) -> lines.add(org.apache.spark.sql.RowFactory.create(block, line)));
    Dataset<Row> offsets =
        spark.createDataFrame(
            lines,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("_b", DataTypes.LongType, false),
                    DataTypes.createStructField("_first", DataTypes.LongType, false))));
    Dataset<Row> quarantine =
        validated
            .filter(col("_reason").isNotNull())
            .join(broadcast(offsets), col("_block").equalTo(col("_b")))
            .select(
                lit(input.path().toString()).as("file"),
                lit(input.sha256()).as("sha256"),
                col("_first").plus(col("_pos")).as("line"),
                col("value").as("raw_line"),
                col("_field").as("field"),
                coalesce(col("_value"), lit("")).as("value"),
                col("_reason").as("reason"),
                col("_message").as("message"),
                lit(jobRun.toString()).as("job_run_id"));
    Path staging = warehouse.staging(UUID.randomUUID().toString());
    quarantine.write().mode(SaveMode.Overwrite).parquet(staging.toString());
    Publisher.replace(
        staging,
        warehouse
            .table(Warehouse.QUARANTINE)
            .resolve("source=" + spec.source())
            .resolve("file_id=" + input.sha256().substring(0, 16)));
  }
}
