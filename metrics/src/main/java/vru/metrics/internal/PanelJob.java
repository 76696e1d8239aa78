package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;

/**
 * Counts events per measure, PFA, financial year and age group in Spark (only these small
 * aggregates reach the driver), then builds the panel in plain Java.
 */
public final class PanelJob {
  static final List<String> UNDER_25 = List.of("0-4", "5-9", "10-14", "15-19", "20-24");
  static final String ALL_AGES = "all";
  static final String AGED_0_24 = "0-24";

  private PanelJob() {}

  /** Count and population totals for one area, year and age group. */
  record Cell(long count, long population) {}

  public static List<PanelRow> run(MetricsRequest request) {
    SparkSession spark = request.spark();
    Warehouse wh = request.warehouse();
    Map<String, Long[]> population = population(spark, wh);
    List<PanelRow> panel = new ArrayList<>();
    Map<String, MeasureDefinition> defs =
        MeasureDefinition.resolve(request.measures(), request.measureFiles());
    for (String id : request.measures()) {
      MeasureDefinition def = defs.get(id);
      if (!Files.isDirectory(wh.table(def.table()))) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "measure "
                + id
                + " is counted from the "
                + def.table()
                + " table, which is empty: ingest its source first");
      }
      Dataset<Row> counts =
          spark
              .read()
              .parquet(wh.table(def.table()).toString())
              .filter(expr(def.filter()))
              .groupBy(col("la_code"), col("csp_code"), col("pfa_code"), col("financial_year"))
              .agg(
                  count(lit(1)).as("n"),
                  sum(when(col(def.ageColumn()).lt(25), 1).otherwise(0)).as("n_under_25"));
      // one small aggregate per LA, CSP and force reaches the driver; summed here to each level
      Map<String, long[]> byKey = new HashMap<>();
      int first = Integer.MAX_VALUE;
      int last = Integer.MIN_VALUE;
      for (Row r : counts.collectAsList()) {
        int fy = r.getInt(3);
        first = Math.min(first, fy);
        last = Math.max(last, fy);
        for (int level = 0; level < 3; level++) {
          if (r.isNullAt(level)) {
            continue;
          }
          long[] c = byKey.computeIfAbsent(r.getString(level) + "/" + fy, k -> new long[2]);
          c[0] += r.getLong(4);
          c[1] += r.getLong(5);
        }
      }
      panel.addAll(PanelBuilder.build(def, byKey, population, first, last, request.partnership()));
    }
    PanelPublisher.publish(request, panel, defs);
    Comparisons.publish(request, panel, request.baselineYear(), defs);
    ProgrammeJob.run(request);
    return panel;
  }

  /** PFA/year to {all ages, aged 0-24} population. */
  private static Map<String, Long[]> population(SparkSession spark, Warehouse wh) {
    if (!Files.isDirectory(wh.table(Warehouse.POPULATION))) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "rates need population estimates: ingest the population source first");
    }
    Map<String, Long[]> m = new TreeMap<>();
    Map<String, String> cspOfLa = new HashMap<>();
    for (Geography.Link l : Geography.reference().links()) {
      cspOfLa.putIfAbsent(l.la().code(), l.csp().code());
    }
    spark
        .read()
        .parquet(wh.table(Warehouse.POPULATION).toString())
        .groupBy(col("la_code"), col("pfa_code"), col("year"))
        .agg(
            sum(col("population")).as("all"),
            sum(when(col("age_band").isin(UNDER_25.toArray()), col("population")).otherwise(0))
                .as("young"))
        .collectAsList()
        .forEach(
            r -> {
              int year = r.getInt(2);
              long all = r.getLong(3);
              long young = r.getLong(4);
              List<String> areas = new ArrayList<>();
              areas.add(r.getString(1));
              if (!r.isNullAt(0)) {
                areas.add(r.getString(0));
                String csp = cspOfLa.get(r.getString(0));
                if (csp != null) {
                  areas.add(csp);
                }
              }
              for (String a : areas) {
                Long[] t = m.computeIfAbsent(a + "/" + year, k -> new Long[] {0L, 0L});
                t[0] += all;
                t[1] += young;
              }
            });
    return m;
  }

  static String name(String code) {
    return Geography.reference().nameOf(code).orElse(code);
  }

  static Optional<CrudeRate> rate(long count, Long population, int multiplier) {
    return population == null || population <= 0
        ? Optional.empty()
        : Optional.of(CrudeRate.of(count, population, multiplier));
  }
}
