package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vru.metrics.api.ComparisonRow;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;

class ComparisonsTest {
  static PanelRow row(String area, String level, int fy, long count, double pop) {
    return new PanelRow(
        "knife_crime",
        "all",
        area,
        level,
        area,
        fy,
        count,
        Optional.of(CrudeRate.of(count, pop, 100_000)),
        Optional.empty());
  }

  @Test
  void changeBenchmarkFunnelAndTrendFollowTheirRules() {
    List<PanelRow> panel = new ArrayList<>();
    for (int fy = 2018; fy <= 2024; fy++) {
      // a force rising steadily from 200 to 500 events on 1,000,000 people
      panel.add(row("E23000014", "pfa", fy, 200 + 50L * (fy - 2018), 1_000_000));
      panel.add(row(PanelBuilder.ENGLAND, "country", fy, 20_000, 50_000_000));
      panel.add(row(PanelBuilder.ENGLAND_AND_WALES, "country", fy, 21_000, 53_000_000));
    }
    List<ComparisonRow> rows = Comparisons.build(panel, 2018, Map.of("knife_crime", true));
    ComparisonRow wm =
        rows.stream()
            .filter(r -> r.areaCode().equals("E23000014") && r.financialYear() == 2024)
            .findFirst()
            .orElseThrow();
    assertThat(wm.vsPrevious().orElseThrow().ratio()).isCloseTo(500.0 / 450, within(1e-12));
    assertThat(wm.vsBaseline().orElseThrow().ratio()).isCloseTo(500.0 / 200, within(1e-12));
    assertThat(wm.vsBaseline().orElseThrow().ci95().lower()).isGreaterThan(1);
    assertThat(wm.benchmark()).isEqualTo(PanelBuilder.ENGLAND);
    assertThat(wm.benchmarkLabel())
        .isEqualTo("Worse"); // 38 per 100,000 against England's 40? no: 38 < 40
    assertThat(wm.funnelLabel()).isEqualTo("High (0.001)");
    assertThat(wm.trendLabel()).isEqualTo("Increasing and getting worse");
    ComparisonRow first =
        rows.stream()
            .filter(r -> r.areaCode().equals("E23000014") && r.financialYear() == 2018)
            .findFirst()
            .orElseThrow();
    assertThat(first.vsPrevious()).isEmpty();
    assertThat(first.trendLabel()).isEqualTo("Could not be calculated");
    ComparisonRow england =
        rows.stream()
            .filter(r -> r.areaCode().equals(PanelBuilder.ENGLAND) && r.financialYear() == 2024)
            .findFirst()
            .orElseThrow();
    assertThat(england.benchmark()).isEqualTo(PanelBuilder.ENGLAND_AND_WALES);
    assertThat(england.funnelLabel()).isEmpty();
  }
}
