package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A month whose aggregated total is under two thirds of the median of the six months either side is
 * reported with that median; a month with fewer than six neighbours, or a series too small for the
 * difference to be more than chance, is not judged.
 */
class MonthlyTotalsTest {
  static TreeMap<YearMonth, Long> series(long... n) {
    TreeMap<YearMonth, Long> totals = new TreeMap<>();
    for (int i = 0; i < n.length; i++) {
      totals.put(YearMonth.of(2024, 1).plusMonths(i), n[i]);
    }
    return totals;
  }

  @Test
  void aMonthUnderTwoThirdsOfItsNeighboursMedianIsReportedWithIt() {
    // 2024-07 (600) against 1,000 or so either side (median 985); 2024-10 (700) is over two
    // thirds; 2024-01 (300) has six neighbours and is reported; a run of two thin months is found
    // whole, since a year of neighbours is not pulled down by them
    TreeMap<YearMonth, Long> totals =
        series(300, 1000, 1040, 980, 1020, 990, 600, 1010, 960, 700, 1030, 970, 500, 550, 1000);
    assertThat(MonthlyTotals.thin(totals))
        .containsOnlyKeys(
            YearMonth.of(2024, 1),
            YearMonth.of(2024, 7),
            YearMonth.of(2025, 1),
            YearMonth.of(2025, 2))
        .containsEntry(YearMonth.of(2024, 7), 985L);
    // a month missing altogether is not a thin month: the coverage rule gives it no data
    totals.remove(YearMonth.of(2024, 7));
    assertThat(MonthlyTotals.thin(totals)).doesNotContainKey(YearMonth.of(2024, 7));
  }

  @Test
  void smallSeriesAreNotJudged() {
    assertThat(MonthlyTotals.thin(series(2, 9, 8, 10, 9, 11, 10, 9, 8, 10, 9, 11)))
        .isEqualTo(Map.of());
  }
}
