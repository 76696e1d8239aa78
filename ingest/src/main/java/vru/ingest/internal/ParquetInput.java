package vru.ingest.internal;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * A record file written as Parquet (by a force's or trust's own pipeline, pandas or Spark). Its
 * columns are matched to the source's like a CSV header, then each value is turned into the text a
 * CSV export would hold, so the same checks, quarantine reasons and messages apply. A row's number
 * is its position in the file (the first row is 1), from Parquet's own row index.
 *
 * <p>Values become text as a CSV export writes them: dates as {@code yyyy-MM-dd} (a timestamp read
 * into a date field keeps its date), a whole number stored as a floating-point or decimal value (as
 * pandas stores an integer column with gaps) without a fraction ({@code 19.0} is {@code 19}), other
 * numbers and booleans as Spark writes them. A nested, map or binary column is refused: a record
 * file's columns hold plain values.
 */
final class ParquetInput {
  private ParquetInput() {}

  static boolean is(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
  }

  /**
   * The file's columns, checked to hold plain values.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the file is not readable Parquet or a
   *     column is nested, a map or binary
   */
  static StructType schema(SparkSession spark, Path file, Path shown) {
    StructType schema;
    try {
      schema = spark.read().parquet(file.toString()).schema();
    } catch (Exception e) { // SparkException is checked, yet thrown undeclared from Scala
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          shown
              + ": not a readable Parquet file ("
              + reason.lines().findFirst().orElse(reason)
              + "); files named .parquet are read as Parquet, export it again or pass the CSV");
    }
    List<String> nested = new ArrayList<>();
    for (StructField f : schema.fields()) {
      DataType t = f.dataType();
      if (!isPlain(t)) {
        nested.add("'" + f.name() + "' (" + t.simpleString() + ")");
      }
    }
    if (!nested.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          shown
              + ": the Parquet columns "
              + String.join(", ", nested)
              + " are not plain values; a record file's columns hold text, numbers, dates or"
              + " flags: flatten them (or list them under ignore: in a --columns mapping)"
              + " before ingesting");
    }
    return schema;
  }

  private static boolean isPlain(DataType t) {
    return !(t instanceof StructType)
        && !(t instanceof org.apache.spark.sql.types.ArrayType)
        && !(t instanceof org.apache.spark.sql.types.MapType)
        && !(t instanceof BinaryType);
  }

  /** The schema's column names, in order, as a header check takes them. */
  static List<String> names(StructType schema) {
    return Arrays.asList(schema.fieldNames());
  }

  /**
   * The rows of a batch of Parquet files shaped as {@link RecordIngest} shapes parsed CSV lines:
   * {@code value} (the row as a CSV line, ignored columns left out), {@code _file}, {@code _block}
   * (always 0: a row's number comes from its own index), {@code _id} (the 0-based row index), one
   * text column per header name (as {@link RecordIngest#cell} makes it) and {@code _fields} (always
   * the header's size).
   *
   * @param header our names for the columns, in the schema's order ({@code _ignored_N} for ignored)
   * @param fields our fields by name, to know which ones hold dates
   */
  static Dataset<Row> rows(
      SparkSession spark,
      String[] paths,
      StructType schema,
      List<String> header,
      Map<String, Field> fields) {
    Dataset<Row> read = spark.read().schema(schema).parquet(paths);
    List<Column> select = new ArrayList<>();
    List<Column> shown = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      StructField f = schema.fields()[i];
      String name = header.get(i);
      Field target = fields.get(name);
      Column text =
          RowChecks.cell(
              asText(
                  col("`" + f.name() + "`"),
                  f.dataType(),
                  target != null && target.check() instanceof Check.DateValue d
                      ? d.format()
                      : null));
      select.add(text.as(name));
      if (!name.startsWith("_ignored_")) {
        shown.add(col(name));
      }
    }
    Map<String, String> plain = Map.of("nullValue", "", "emptyValue", "");
    select.add(input_file_name().as("_file"));
    select.add(lit(0L).as("_block"));
    select.add(col("_metadata.row_index").as("_id"));
    Dataset<Row> typed = read.select(select.toArray(new Column[0]));
    return typed
        .withColumn("value", to_csv(struct(shown.toArray(new Column[0])), plain))
        .withColumn("_fields", lit(header.size()));
  }

  /**
   * A Parquet value as a CSV export would write it; a date or timestamp for a date field in that
   * field's pattern ({@code dateFormat}, null for other fields).
   */
  static Column asText(Column c, DataType type, String dateFormat) {
    if (type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType) {
      return dateFormat != null ? date_format(c, dateFormat) : c.cast("string");
    }
    if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      Column d = c.cast("double");
      return when(
              not(isnan(d)).and(d.equalTo(floor(d))).and(abs(d).lt(1e15)),
              d.cast("long").cast("string"))
          .when(isnan(d), lit(null).cast("string"))
          .otherwise(c.cast("string"));
    }
    if (type instanceof DecimalType) {
      return when(c.equalTo(floor(c)), floor(c).cast("string")).otherwise(c.cast("string"));
    }
    return c.cast("string");
  }
}
