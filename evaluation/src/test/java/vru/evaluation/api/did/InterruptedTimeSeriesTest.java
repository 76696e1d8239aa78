package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The segmented regression against R ({@code lm} and {@code sandwich::NeweyWest(fit, lag = 3,
 * prewhite = FALSE)}) on the shared monthly example: every coefficient and SE to 1e-6 relative.
 */
class InterruptedTimeSeriesTest {
  record Example(double[] values, int[] months, int start) {}

  static Example example() throws Exception {
    List<String> lines = Prop99.lines("its_example.csv");
    int n = lines.size() - 1;
    double[] v = new double[n];
    int[] m = new int[n];
    int start = -1;
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).replace("\"", "").split(",");
      v[i] = Double.parseDouble(f[1]);
      m[i] = Integer.parseInt(f[0].substring(5, 7));
      if (f[0].equals("2024-01")) {
        start = i;
      }
    }
    return new Example(v, m, start);
  }

  @Test
  void theCoefficientsAndNeweyWestErrorsMatchR() throws Exception {
    Example e = example();
    Map<String, double[]> r = new HashMap<>();
    List<String> lines = Prop99.lines("its_example_reference.csv");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.replace("\"", "").split(",");
      r.put(f[5], new double[] {Double.parseDouble(f[6]), Double.parseDouble(f[7])});
    }
    assertThat(InterruptedTimeSeries.defaultLag(e.values().length)).isEqualTo(3);
    InterruptedTimeSeries.Result fit =
        InterruptedTimeSeries.fit(
            new InterruptedTimeSeries.Series(
                e.values(),
                e.start(),
                Optional.of(e.months()),
                Optional.empty(),
                Optional.empty()));
    assertThat(fit.lag()).isEqualTo(3);
    check(fit.intercept(), r.get("intercept"));
    check(fit.trend(), r.get("trend"));
    check(fit.levelChange(), r.get("level_change"));
    check(fit.slopeChange(), r.get("slope_change"));
  }

  static void check(InterruptedTimeSeries.Coefficient c, double[] want) {
    assertThat(c.estimate()).isCloseTo(want[0], within(Math.abs(want[0]) * 1e-6));
    assertThat(c.se()).isCloseTo(want[1], within(Math.abs(want[1]) * 1e-6));
  }

  @Test
  void anInjectedLevelChangeIsRecoveredWithinItsInterval() {
    Random rnd = new Random(11);
    int n = 96;
    int start = 60;
    double[] v = new double[n];
    int[] months = new int[n];
    for (int t = 0; t < n; t++) {
      months[t] = t % 12 + 1;
      v[t] =
          50
              + 0.1 * (t + 1)
              + 3 * Math.sin(2 * Math.PI * t / 12)
              + (t >= start ? -5 : 0)
              + rnd.nextGaussian();
    }
    InterruptedTimeSeries.Result fit =
        InterruptedTimeSeries.fit(
            new InterruptedTimeSeries.Series(
                v, start, Optional.of(months), Optional.empty(), Optional.empty()));
    assertThat(fit.levelChange().lower()).isLessThan(-5);
    assertThat(fit.levelChange().upper()).isGreaterThan(-5);
    assertThat(fit.slopeChange().lower()).isLessThan(0);
    assertThat(fit.slopeChange().upper()).isGreaterThan(0);
    // the counterfactual continues the pre-period line; the cumulative difference is the step
    // summed over the post-periods (plus the slope change's part)
    double sum = 0;
    for (int t = start; t < n; t++) {
      sum += fit.fitted()[t] - fit.counterfactual()[t];
    }
    assertThat(fit.cumulativeDifference().estimate()).isCloseTo(sum, within(1e-9));
    assertThat(fit.durbinWatson()).isBetween(1.5, 2.5);
  }

  @Test
  void fewerThanEightPrePeriodsAreRefused() {
    double[] v = new double[20];
    assertThatThrownBy(
            () ->
                InterruptedTimeSeries.fit(
                    new InterruptedTimeSeries.Series(
                        v, 7, Optional.empty(), Optional.empty(), Optional.empty())))
        .hasMessageContaining("at least 8");
  }
}
