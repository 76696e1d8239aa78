package vru.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateRatioTest {
  @Test
  void logScaleIntervalOnARatioOfPoissonRates() {
    CrudeRate now = CrudeRate.of(80, 100_000, 100_000);
    CrudeRate before = CrudeRate.of(100, 100_000, 100_000);
    RateRatio rr = RateRatio.of(now, before).orElseThrow();
    assertThat(rr.ratio()).isCloseTo(0.8, within(1e-12));
    double se = Math.sqrt(1 / 80.0 + 1 / 100.0);
    assertThat(rr.ci95().lower()).isCloseTo(0.8 * Math.exp(-1.959963984540054 * se), within(1e-12));
    assertThat(rr.ci95().upper()).isCloseTo(0.8 * Math.exp(1.959963984540054 * se), within(1e-12));
    assertThat(rr.difference()).isCloseTo(-20, within(1e-9));
  }

  @Test
  void noRatioWhenACountIsZero() {
    assertThat(RateRatio.of(CrudeRate.of(0, 10, 1), CrudeRate.of(5, 10, 1))).isEmpty();
  }
}
