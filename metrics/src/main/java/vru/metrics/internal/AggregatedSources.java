package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;

/**
 * Which source each national measure is counted from: the one vru.yaml states ({@code
 * measure-sources:}, records or counts), else by what was ingested: its record-level table
 * (admissions, police incidents, homicides) when there is one, else the aggregated counts whose
 * indicator is its id (an ICB's admissions by local authority and financial year), else its
 * record-level table still, whose absence the run then reports. The chosen definition is recorded
 * with the run, so every panel value's {@code source} says which.
 */
final class AggregatedSources {
  private AggregatedSources() {}

  static Map<String, MeasureDefinition> choose(
      SparkSession spark,
      Warehouse wh,
      Map<String, MeasureDefinition> defs,
      Map<String, String> stated) {
    Map<String, MeasureDefinition> out = new LinkedHashMap<>();
    for (Map.Entry<String, MeasureDefinition> e : defs.entrySet()) {
      MeasureDefinition def = e.getValue();
      boolean national = def.measure().national() && def.measure().source().equals("built-in");
      String source = national ? stated.getOrDefault(def.id(), "") : "";
      if (source.equals("records")) {
        out.put(e.getKey(), def); // an empty record-level table is reported by the run
        continue;
      }
      if (source.equals("counts")) {
        out.put(e.getKey(), statedCounts(spark, wh, def));
        continue;
      }
      if (national
          && !Files.isDirectory(wh.table(def.table()))
          && Files.isDirectory(wh.table(Warehouse.COUNTS))) {
        MeasureDefinition aggregated = def.aggregated();
        if (holds(spark, wh, aggregated)) {
          out.put(e.getKey(), aggregated);
          continue;
        }
      }
      out.put(e.getKey(), def);
    }
    return out;
  }

  /** The aggregated definition the partnership stated, or why it cannot be used. */
  private static MeasureDefinition statedCounts(
      SparkSession spark, Warehouse wh, MeasureDefinition def) {
    String why =
        "vru.yaml states that "
            + def.id()
            + " is counted from aggregated counts (measure-sources: {"
            + def.id()
            + ": counts}), but ";
    if (!Files.isDirectory(wh.table(Warehouse.COUNTS))) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          why
              + "no aggregated counts were ingested: add them under inputs: counts: or remove"
              + " the line");
    }
    MeasureDefinition aggregated = def.aggregated();
    if (!holds(spark, wh, aggregated)) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          why
              + "the aggregated counts have no rows whose indicator is '"
              + def.id()
              + "': give their indicator column that value, or the mapping's indicator: key"
              + " (docs/ingest.md)");
    }
    return aggregated;
  }

  /**
   * Whether the aggregate holds the measure's indicator; refused when an area and period has both a
   * total row (no age band or sex) and rows by band or sex, which a sum would count twice.
   */
  private static boolean holds(SparkSession spark, Warehouse wh, MeasureDefinition def) {
    Dataset<Row> rows = spark.read().parquet(wh.table(Warehouse.COUNTS).toString());
    // a total row has none of the breakdowns the table holds
    Column total = lit(true);
    for (String by : List.of("age_band", "sex", "ethnicity")) {
      if (Arrays.asList(rows.columns()).contains(by)) {
        total = total.and(col(by).isNull());
      }
    }
    Row r =
        rows.filter(def.filter())
            .groupBy(col("area_code"), col("period"))
            .agg(countDistinct(total).as("kinds"))
            .agg(
                count(lit(1)).as("cells"),
                max(col("kinds")).as("kinds"),
                first(
                        when(col("kinds").gt(1), concat_ws(" ", col("area_code"), col("period"))),
                        true)
                    .as("where"))
            .first();
    if (r.<Long>getAs("cells") == 0) {
      return false;
    }
    Long kinds = r.getAs("kinds");
    if (kinds != null && kinds > 1) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the aggregated counts of "
              + def.id()
              + " give both a total and rows by age band, sex or ethnicity for the same area and"
              + " period ("
              + r.<String>getAs("where")
              + "), which a sum would count twice: ingest the bands or the totals, not both, or"
              + " write the partnership's own measure with a filter that picks one"
              + " (docs/measures.md)");
    }
    return true;
  }
}
