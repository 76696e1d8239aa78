package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;

/** The aggregated rows of a measure that no area's value counts, said on every run. */
final class Uncounted {
  private Uncounted() {}

  /**
   * Why some of a measure's aggregated rows are not counted, by level ("3 rows of ICBs and health
   * boards"), or empty when every row of its level is: a measure counts local authorities and the
   * areas in them, or, with none, CSPs and forces as published; never both, nor ICBs, regions or
   * countries, which are not made of the areas measured.
   */
  static java.util.Optional<String> warning(
      SparkSession spark, Warehouse wh, MeasureDefinition def, Counts.Basis basis) {
    if (!def.table().equals(Warehouse.COUNTS)) {
      return java.util.Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    long left = 0;
    boolean any = false;
    for (Row r :
        spark
            .read()
            .parquet(wh.table(def.table()).toString())
            .filter(expr(def.filter()))
            .groupBy(col("area_level"), Counts.level(basis.published()).as("counted"))
            .agg(count(lit(1)).as("n"))
            .orderBy(col("area_level"))
            .collectAsList()) {
      long n = r.<Long>getAs("n");
      if (r.<Boolean>getAs("counted")) {
        any = true;
        continue;
      }
      left += n;
      parts.add(
          String.format(
              java.util.Locale.UK,
              "%,d %s of %s",
              n,
              n == 1 ? "row" : "rows",
              LEVEL_NAMES.getOrDefault(r.<String>getAs("area_level"), r.getAs("area_level"))));
    }
    if (parts.isEmpty()) {
      return java.util.Optional.empty();
    }
    String why;
    if (!any) {
      why =
          "a measure counts local authorities and the areas in them, or CSPs and police force"
              + " areas, and these give none of them a value";
    } else if (basis.published()) {
      why =
          "the measure's rows are by CSP and police force area, each counted for its own area as"
              + " given, and these are not made of those";
    } else {
      why =
          "the measure sums the cells of local authorities and the areas in them, and a larger"
              + " area's own row beside them would count its cells twice";
    }
    return java.util.Optional.of(
        def.id()
            + ": "
            + String.join(", ", parts)
            + (left == 1 ? " is" : " are")
            + " not counted: "
            + why
            + "; give each measure the rows of one level (a filter on area_level picks them)");
  }

  private static final Map<String, String> LEVEL_NAMES =
      Map.of(
          "csp", "community safety partnerships",
          "pfa", "police force areas",
          "health", "ICBs and health boards",
          "region", "regions",
          "country", "countries");
}
