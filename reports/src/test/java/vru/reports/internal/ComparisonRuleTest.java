package vru.reports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vru.metrics.stats.CrudeRate;

/** One rule for every comparison of a rate with another: the exact Poisson funnel. */
class ComparisonRuleTest {
  @Test
  void aRateWhoseIntervalJustIncludesTheOtherRateIsHigherByTheFunnelEverywhere() {
    // 11 homicides in a population of 1,000,000 against 5.49 per 1,000,000: Byar's interval
    // (5.48 to 19.7) still includes 5.49, so an interval rule said "similar" while the funnel
    // plot of the same report said "higher"; the report now says "higher" in both places
    CrudeRate mine = CrudeRate.of(11, 1_000_000, 1_000_000);
    assertThat(mine.ci95().lower()).isLessThan(5.49);
    assertThat(Comparison.versus(mine, 5.49)).isEqualTo("higher");
    assertThat(Comparison.versus(mine, 6.5)).isEqualTo("similar");
    assertThat(Comparison.versus(CrudeRate.of(2, 1_000_000, 1_000_000), 9.0)).isEqualTo("lower");
  }
}
