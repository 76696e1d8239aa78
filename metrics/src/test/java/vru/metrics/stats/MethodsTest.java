package vru.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * MEASURES.md test vectors (PHEindicatormethods and Fingertips) to 1e-6 relative, and properties.
 */
class MethodsTest {
  static void close(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-6 + 1e-12));
  }

  @Test
  void wilsonProportions() {
    Proportion p = Proportion.of(65, 100, 1);
    close(p.value(), 0.65);
    close(p.ci95().lower(), 0.5525444330);
    close(p.ci95().upper(), 0.7363575176);
    close(p.ci998().lower(), 0.4954946574);
    close(p.ci998().upper(), 0.7783540614);
    Proportion q = Proportion.of(1045, 5000, 1);
    close(q.ci95().lower(), 0.1979554988);
    close(q.ci95().upper(), 0.2204913037);
  }

  static final double[] POP = {
    636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207
  };
  static final long[] COUNTS = {
    127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91
  };

  @Test
  void dobsonDirectlyStandardisedRate() {
    Dsr d = Dsr.of(COUNTS, POP, Dsr.ESP2013, 100_000).orElseThrow();
    close(d.value(), 10430.2479914694);
    close(d.ci95().lower(), 9717.7090679857);
    close(d.ci95().upper(), 11178.9409154793);
    close(d.ci998().lower(), 9323.2878802199);
    close(d.ci998().upper(), 11620.5959995221);
    long[] nine = new long[19];
    nine[0] = 4;
    nine[5] = 5;
    assertThat(Dsr.of(nine, POP, Dsr.ESP2013, 100_000)).isEmpty();
  }

  @Test
  void funnelPoissonLimitsForAnObservedCountOfOne() {
    // PHEindicatormethods' bisection stops short of the exact values (qchisq(0.975, 4)/2 =
    // 5.5716433909, −log(0.975) = 0.0253178079); the same bisection reproduces its numbers
    close(Funnel.expectedAtLimit(1, 0.025, false), 5.571644585);
    close(Funnel.expectedAtLimit(1, 0.025, true), 0.025317898);
    close(Funnel.expectedAtLimit(1, 0.001, false), 9.233410143);
    close(Funnel.expectedAtLimit(1, 0.001, true), 0.001000547);
  }

  @Test
  void funnelLabelsByTheLimitsAtTheAreasExpectedCount() {
    assertThat(Funnel.label(100, 100)).isEqualTo(Funnel.NOT_SIGNIFICANT);
    assertThat(Funnel.label(125, 100)).isEqualTo(Funnel.HIGH_0025);
    assertThat(Funnel.label(140, 100)).isEqualTo(Funnel.HIGH_0001);
    assertThat(Funnel.label(78, 100)).isEqualTo(Funnel.LOW_0025);
    assertThat(Funnel.label(65, 100)).isEqualTo(Funnel.LOW_0001);
    double[] l = Funnel.rateLimits(50, 200_000, 100_000);
    assertThat(l[0]).isLessThan(l[1]);
    assertThat(l[1]).isLessThan(50);
    assertThat(l[2]).isGreaterThan(50);
    assertThat(l[3]).isGreaterThan(l[2]);
  }

  @Test
  void fingertipsRecentTrend() {
    List<Trend.Point> p =
        List.of(
            new Trend.Point(1, 24.67, 23.16, 26.25),
            new Trend.Point(2, 24.6, 23.15, 26.19),
            new Trend.Point(3, 28, 26.44, 29.64),
            new Trend.Point(4, 30.2, 28.63, 31.9),
            new Trend.Point(5, 30.6, 28.98, 32.25));
    Trend t = Trend.of(p, null);
    assertThat(t.chiSquared()).isCloseTo(46.7653, within(1e-4));
    assertThat(t.slope()).isCloseTo(1.7516, within(1e-4));
    assertThat(t.significant()).isTrue();
    assertThat(t.label()).isEqualTo("Increasing");
    assertThat(Trend.of(p, true).label()).isEqualTo("Increasing and getting worse");
    assertThat(Trend.of(p.subList(0, 4), true).label()).isEqualTo("Could not be calculated");
  }

  @Test
  void comparisonWithABenchmarkByTheIntervalRule() {
    Interval ci = new Interval(10, 20);
    assertThat(Comparison.label(ci, 20, true)).isEqualTo("Similar");
    assertThat(Comparison.label(ci, 25, true)).isEqualTo("Better");
    assertThat(Comparison.label(ci, 25, false)).isEqualTo("Worse");
    assertThat(Comparison.label(ci, 5, true)).isEqualTo("Worse");
    assertThat(Comparison.label(ci, 5, null)).isEqualTo("Higher");
  }

  @RepeatedTest(50)
  void propertiesHoldOnRandomInputs(org.junit.jupiter.api.RepetitionInfo info) {
    SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
    long x = r.nextLong(0, 5000);
    double n = x + 1 + r.nextDouble() * 1e6;
    CrudeRate a = CrudeRate.of(x, n, 100_000);
    // the interval contains the value; 99.8% contains 95%
    assertThat(a.ci95().lower()).isLessThanOrEqualTo(a.value());
    assertThat(a.ci95().upper()).isGreaterThanOrEqualTo(a.value());
    assertThat(a.ci998().lower()).isLessThanOrEqualTo(a.ci95().lower());
    assertThat(a.ci998().upper()).isGreaterThanOrEqualTo(a.ci95().upper());
    // the rate scales with the multiplier
    CrudeRate b = CrudeRate.of(x, n, 1_000_000);
    assertThat(b.value()).isCloseTo(a.value() * 10, within(1e-9 * b.value() + 1e-12));
    assertThat(b.ci95().upper()).isCloseTo(a.ci95().upper() * 10, within(1e-9 * b.ci95().upper()));
    Proportion p = Proportion.of(x, n, 1);
    assertThat(p.ci95().lower()).isLessThanOrEqualTo(p.value());
    assertThat(p.ci95().upper()).isGreaterThanOrEqualTo(p.value());
    assertThat(p.ci998().lower()).isLessThanOrEqualTo(p.ci95().lower());
    // the DSR equals the crude rate when the population has the standard's shape
    double scale = 1 + r.nextDouble() * 50;
    long[] counts = new long[19];
    double[] pop = new double[19];
    double rate = 0.001 + r.nextDouble() * 0.01;
    long total = 0;
    double popTotal = 0;
    for (int i = 0; i < 19; i++) {
      pop[i] = Dsr.ESP2013[i] * scale;
      counts[i] = Math.round(pop[i] * rate) + 10;
      total += counts[i];
      popTotal += pop[i];
    }
    double crude = total / popTotal * 100_000;
    Dsr d = Dsr.of(counts, pop, Dsr.ESP2013, 100_000).orElseThrow();
    assertThat(d.value()).isCloseTo(crude, within(1e-9 * crude));
    assertThat(d.ci95().lower()).isLessThanOrEqualTo(d.value());
    assertThat(d.ci95().upper()).isGreaterThanOrEqualTo(d.value());
  }
}
