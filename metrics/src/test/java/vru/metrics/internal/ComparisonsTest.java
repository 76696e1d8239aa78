package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import vru.metrics.api.ComparisonRow;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.CrudeRate;

class ComparisonsTest {
  static final String WEST_MIDLANDS = "E23000014";
  static final String WEST_MIDLANDS_REGION = "E12000005";
  static final String STAFFORDSHIRE = "E23000015";
  static final String WARWICKSHIRE = "E23000017";

  static PanelRow row(String area, String level, Period p, long count, double pop) {
    return new PanelRow(
        "knife_crime",
        "all",
        area,
        level,
        area,
        p,
        OptionalLong.of(count),
        Optional.of(CrudeRate.of(count, pop, 100_000)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static PanelRow row(String area, String level, int fy, long count, double pop) {
    return row(area, level, Period.fy(fy), count, pop);
  }

  static ComparisonRow find(List<ComparisonRow> rows, String area, Period p) {
    return rows.stream()
        .filter(r -> r.areaCode().equals(area) && r.period().equals(p))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void changeBenchmarkFunnelAndTrendFollowTheirRules() {
    List<PanelRow> panel = new ArrayList<>();
    for (int fy = 2018; fy <= 2024; fy++) {
      // a force rising steadily from 200 to 500 events on 1,000,000 people
      panel.add(row(WEST_MIDLANDS, "pfa", fy, 200 + 50L * (fy - 2018), 1_000_000));
      panel.add(row(Areas.ENGLAND, "country", fy, 20_000, 50_000_000));
      panel.add(row(Areas.ENGLAND_AND_WALES, "country", fy, 21_000, 53_000_000));
    }
    List<ComparisonRow> rows = Comparisons.build(panel, 2018, true, Optional.empty());
    ComparisonRow wm = find(rows, WEST_MIDLANDS, Period.fy(2024));
    assertThat(wm.vsPrevious().orElseThrow().ratio()).isCloseTo(500.0 / 450, within(1e-12));
    assertThat(wm.vsBaseline().orElseThrow().ratio()).isCloseTo(500.0 / 200, within(1e-12));
    assertThat(wm.vsBaseline().orElseThrow().ci95().lower()).isGreaterThan(1);
    assertThat(wm.benchmark()).isEqualTo(Areas.ENGLAND);
    // 50 per 100,000 (95% CI about 45.7 to 54.6) against England's 40: higher, and low is good
    assertThat(wm.benchmarkLabel()).isEqualTo("Worse");
    assertThat(wm.funnelLabel()).isEqualTo("High (0.001)");
    assertThat(wm.trendLabel()).contains("Increasing and getting worse");
    // the region has no row in this panel: not compared, but named
    assertThat(wm.region()).contains(WEST_MIDLANDS_REGION);
    assertThat(wm.regionLabel()).contains("Not compared");
    ComparisonRow first = find(rows, WEST_MIDLANDS, Period.fy(2018));
    assertThat(first.vsPrevious()).isEmpty();
    assertThat(first.trendLabel()).contains("Could not be calculated");
    ComparisonRow england = find(rows, Areas.ENGLAND, Period.fy(2024));
    assertThat(england.benchmark()).isEqualTo(Areas.ENGLAND_AND_WALES);
    assertThat(england.funnelLabel()).isEmpty();
    assertThat(england.region()).isEmpty();
  }

  @Test
  void thePartnershipIsComparedWithItsRegionAndItsPooledSimilarAreas() {
    Period ye = Period.rolling12(YearMonth.of(2025, 3));
    List<PanelRow> panel =
        List.of(
            row("wm-vru", "partnership", ye, 500, 1_000_000),
            row(WEST_MIDLANDS, "pfa", ye, 500, 1_000_000),
            row(WEST_MIDLANDS_REGION, "region", ye, 1_500, 3_000_000),
            // similar areas pooled: (100 + 260) / (1,000,000 + 1,000,000) = 18 per 100,000
            row(STAFFORDSHIRE, "pfa", ye, 100, 1_000_000),
            row(WARWICKSHIRE, "pfa", ye, 260, 1_000_000),
            row(Areas.ENGLAND_AND_WALES, "country", ye, 21_000, 53_000_000),
            row("wm-vru", "partnership", Period.fy(2018), 400, 1_000_000));
    List<ComparisonRow> rows =
        Comparisons.build(
            panel,
            2018,
            true,
            Optional.of(
                new MetricsRequest.Partnership(
                    "wm-vru",
                    "West Midlands VRU",
                    List.of(WEST_MIDLANDS),
                    List.of(STAFFORDSHIRE, WARWICKSHIRE))));
    ComparisonRow p = find(rows, "wm-vru", ye);
    assertThat(p.region()).contains(WEST_MIDLANDS_REGION);
    assertThat(p.regionLabel()).contains("Similar"); // 50 vs the region's 50
    assertThat(p.similarLabel()).contains("Worse"); // 50 (45.7 to 54.6) vs 18
    assertThat(p.benchmark()).isEqualTo(Areas.ENGLAND_AND_WALES);
    // a rolling year is compared with the baseline financial year; it has no trend
    assertThat(p.vsBaseline().orElseThrow().ratio()).isCloseTo(500.0 / 400, within(1e-12));
    assertThat(p.trendLabel()).isEmpty();
    // only the partnership gets a similar-areas label
    assertThat(find(rows, WEST_MIDLANDS, ye).similarLabel()).isEmpty();
  }

  @Test
  void aMonthIsComparedWithTheSameMonthAYearEarlierAndNotWithTheBaseline() {
    Period mar25 = Period.month(YearMonth.of(2025, 3));
    List<PanelRow> panel =
        List.of(
            row(WEST_MIDLANDS, "pfa", mar25, 60, 3_000_000),
            row(WEST_MIDLANDS, "pfa", Period.month(YearMonth.of(2024, 3)), 40, 3_000_000),
            row(WEST_MIDLANDS, "pfa", Period.month(YearMonth.of(2025, 2)), 10, 3_000_000),
            row(WEST_MIDLANDS, "pfa", Period.fy(2018), 400, 3_000_000));
    ComparisonRow m =
        find(Comparisons.build(panel, 2018, true, Optional.empty()), WEST_MIDLANDS, mar25);
    assertThat(m.vsPrevious().orElseThrow().ratio()).isCloseTo(1.5, within(1e-12));
    assertThat(m.vsBaseline()).isEmpty();
  }
}
