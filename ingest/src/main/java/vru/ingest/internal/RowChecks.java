package vru.ingest.internal;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;

/**
 * A batch of record files parsed and checked in Spark: every line read as text and split as CSV
 * (keeping its raw line, file, split and row id), every field validated, areas resolved against the
 * geography; a failed row keeps its reason, field, value and message.
 */
final class RowChecks {
  private final SparkSession spark;
  private final Warehouse warehouse;

  RowChecks(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  static final String HEADER = "_header";
  static final String BLANK = "_blank";

  Dataset<Row> validate(SourceSpec spec, Batch batch) {
    String[] paths =
        batch.files().values().stream().map(f -> f.path().toString()).toArray(String[]::new);
    Dataset<Row> parsed =
        batch.parquet().isPresent()
            ? ParquetInput.rows(
                spark,
                paths,
                batch.parquet().get(),
                batch.header(),
                spec.fields().stream()
                    .collect(java.util.stream.Collectors.toMap(Field::name, f -> f)))
            : parse(batch.header(), paths);
    return checkRows(spec, batch, parsed);
  }

  /** CSV lines read as text and parsed, each keeping its raw line, file, split and row id. */
  Dataset<Row> parse(List<String> header, String[] paths) {
    List<StructField> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(DataTypes.createStructField("c" + i, DataTypes.StringType, true));
    }
    Dataset<Row> raw =
        spark
            .read()
            .text(paths)
            .select(
                col("value"),
                input_file_name().as("_file"),
                input_file_block_start().as("_block"),
                monotonically_increasing_id().as("_id"));
    // A line without quotes is split at its commas; only a line with quotes goes through the CSV
    // parser (quoted commas, doubled quotes), which costs several times more per line.
    Column quoted = col("value").contains("\"");
    Column csv =
        from_csv(
            col("value"),
            lit(DataTypes.createStructType(columns).toDDL()),
            Map.of("escape", "\"", "mode", "PERMISSIVE"));
    List<Column> parsedCells = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      parsedCells.add(col("_csv.c" + i));
    }
    Column cells =
        when(quoted, array(parsedCells.toArray(new Column[0])))
            .otherwise(split(col("value"), ",", -1));
    List<Column> select =
        new ArrayList<>(List.of(col("value"), col("_file"), col("_block"), col("_id")));
    for (int i = 0; i < header.size(); i++) {
      select.add(cell(try_element_at(col("_cells"), lit(i + 1))).as(header.get(i)));
    }
    // quoted sections may hold commas: drop them before counting separators
    select.add(
        when(quoted, size(split(regexp_replace(col("value"), "\"([^\"]|\"\")*\"", "q"), ",", -1)))
            .otherwise(size(col("_cells")))
            .as("_fields"));
    return raw.withColumn("_csv", when(quoted, csv))
        .withColumn("_cells", cells)
        .select(select.toArray(new Column[0]));
  }

  /** A field's text as the checks take it: trimmed, and an empty field is no value (null). */
  static Column cell(Column text) {
    Column t = trim(text);
    return when(t.equalTo(""), lit(null).cast("string")).otherwise(t);
  }

  Dataset<Row> checkRows(SourceSpec spec, Batch batch, Dataset<Row> parsed) {
    List<String> header = batch.header();

    Validation v = new Validation();
    v.add(col("value").isin(batch.headerLines().toArray()), HEADER, "", lit(""), lit(""));
    v.add(trim(col("value")).equalTo(""), BLANK, "", lit(""), lit(""));
    v.add(
        length(col("value"))
            .minus(length(regexp_replace(col("value"), "\"", "")))
            .mod(2)
            .equalTo(1),
        "unterminated_quote",
        "(line)",
        lit(""),
        lit(
            "a quoted field on this line is never closed: a quote mark is missing, or a field"
                + " holds a line break; correct the line in the file"));
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
    for (Field f : spec.fields()) {
      // a date read in a mapping's pattern continues as ISO text, as the canonical columns take it
      if (f.check() instanceof Check.DateValue d
          && !d.equals(Sources.ISO_DATE)
          && !d.equals(Sources.MONTH)) {
        checked = checked.withColumn(f.name(), date_format(d.date(col(f.name())), "yyyy-MM-dd"));
      }
    }
    return spec.areaField().isPresent() ? resolveAreas(checked, spec) : checked;
  }

  Dataset<Row> resolveAreas(Dataset<Row> checked, SourceSpec spec) {
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
    return fail(
        checked.join(broadcast(areas), col(field).equalTo(col("_area")), "left").drop("_area"),
        unknown,
        "unknown_area",
        field,
        col(field),
        concat(
            lit("'" + field + "' '"),
            col(field),
            lit("' is not in the geography lookup; load a lookup that has it")));
  }

  /**
   * Rows where {@code failed} holds get {@code reason} with its field, value and message; the
   * others keep theirs. The condition must hold only for rows not failed already.
   */
  static Dataset<Row> fail(
      Dataset<Row> rows, Column failed, String reason, String field, Column value, Column message) {
    return rows.withColumn("_failed", failed)
        .withColumn("_field", when(col("_failed"), lit(field)).otherwise(col("_field")))
        .withColumn("_value", when(col("_failed"), value).otherwise(col("_value")))
        .withColumn("_message", when(col("_failed"), message).otherwise(col("_message")))
        .withColumn("_reason", when(col("_failed"), lit(reason)).otherwise(col("_reason")))
        .drop("_failed");
  }

  static java.util.Set<String> identifiers(SourceSpec spec) {
    return spec.fields().stream()
        .filter(Field::identifier)
        .map(Field::name)
        .collect(java.util.stream.Collectors.toSet());
  }
}
