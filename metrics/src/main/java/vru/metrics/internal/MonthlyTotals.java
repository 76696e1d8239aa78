package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;

/**
 * A check of aggregated counts by month: a month whose total is under half the median of the months
 * around it is probably one the provider sent incomplete (a third party's aggregate left most of a
 * month's cells out). vru cannot tell a missing cell from an empty one, so it counts the month as
 * given and says so, naming the month, its total and its neighbours'.
 */
final class MonthlyTotals {
  /** A month under this share of its neighbours' median is reported. */
  static final double THIN = 2.0 / 3;

  /**
   * Months either side compared with: a year's worth, so that a run of thin months (a provider's
   * first summer) does not pull its own yardstick down.
   */
  static final int AROUND = 6;

  /** Fewest neighbours a month is compared with. */
  static final int MIN_NEIGHBOURS = 6;

  /** Smallest median judged: below it, chance alone makes months this far apart. */
  static final long MIN_MEDIAN = 100;

  private MonthlyTotals() {}

  /** Warnings for the thin months of a measure counted from monthly aggregated counts. */
  static List<String> warnings(
      SparkSession spark, Warehouse wh, MeasureDefinition def, Counts.Basis basis) {
    if (!def.table().equals(Warehouse.COUNTS)
        || !basis.periodType().equals("month")
        || basis.published()) {
      return List.of();
    }
    TreeMap<YearMonth, Long> totals = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(wh.table(Warehouse.COUNTS).toString())
            .filter(
                expr(def.filter())
                    .and(col("period_type").equalTo("month"))
                    .and(col("la_code").isNotNull()))
            .groupBy(col("first_month"))
            .agg(sum(col("count")).as("n"))
            .collectAsList()) {
      Long n = r.getAs("n");
      if (n != null) {
        totals.put(YearMonth.parse(r.<String>getAs("first_month")), n);
      }
    }
    Map<YearMonth, Long> thin = thin(totals);
    if (thin.isEmpty()) {
      return List.of();
    }
    List<String> months = new ArrayList<>();
    thin.forEach(
        (month, median) ->
            months.add(
                String.format(
                    Locale.UK, "%s (%,d against %,d)", month, totals.get(month), median)));
    return List.of(
        def.id()
            + ": "
            + (thin.size() == 1 ? "a month totals" : thin.size() + " months total")
            + " under two thirds of the median of the six months either side, as a month a"
            + " provider sent incomplete does: "
            + String.join(", ", months)
            + (thin.size() == 1
                ? ". It is counted as given: check it against the source, or leave its file out"
                    + " so that the periods containing it have no data"
                : ". They are counted as given: check them against the source, or leave their"
                    + " files out so that the periods containing them have no data"));
  }

  /** The months under {@link #THIN} of their neighbours' median, with that median. */
  static Map<YearMonth, Long> thin(TreeMap<YearMonth, Long> totals) {
    Map<YearMonth, Long> out = new TreeMap<>();
    for (Map.Entry<YearMonth, Long> e : totals.entrySet()) {
      List<Long> around = new ArrayList<>();
      for (int d = -AROUND; d <= AROUND; d++) {
        if (d != 0) {
          Optional.ofNullable(totals.get(e.getKey().plusMonths(d))).ifPresent(around::add);
        }
      }
      if (around.size() < MIN_NEIGHBOURS) {
        continue;
      }
      around.sort(null);
      int k = around.size();
      long median =
          k % 2 == 1
              ? around.get(k / 2)
              : Math.round((around.get(k / 2 - 1) + around.get(k / 2)) / 2.0);
      if (median >= MIN_MEDIAN && e.getValue() < THIN * median) {
        out.put(e.getKey(), median);
      }
    }
    return out;
  }
}
