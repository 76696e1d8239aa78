package vru.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Test vectors from PHEindicatormethods' own tests (design/MEASURES.md), to 1e-6 relative. */
class CrudeRateTest {
  static final double TOLERANCE = 1e-6;

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    "1, 100, 1000, 25.317808, 5571.643391, 1.000500, 9233.413476, exact",
    "5, 100, 5000, 1623.486390, 11668.332079, 739.371732, 16454.745204, exact",
    "20, 100, 20000, 12211.428835, 30889.880369, 8922.802365, 38085.035625, byar",
    "9856, 12345, 79837.991090, 78269.490590, 81430.016543, 77375.905433, 82354.472771, byar",
    "7776456, 7564336677, 102.804203, 102.731960, 102.876483, 102.690317, 102.918176, byar",
    "250, 220, 113636.363636, 99984.947385, 128631.144875, 92710.005544, 137651.237721, byar"
  })
  void matchesPheIndicatorMethods(
      long x,
      double n,
      double value,
      double l95,
      double u95,
      double l998,
      double u998,
      String method) {
    CrudeRate r = CrudeRate.of(x, n, 100_000);
    assertThat(r.value()).isCloseTo(value, within(value * TOLERANCE));
    assertThat(r.ci95().lower()).isCloseTo(l95, within(l95 * TOLERANCE));
    assertThat(r.ci95().upper()).isCloseTo(u95, within(u95 * TOLERANCE));
    assertThat(r.ci998().lower()).isCloseTo(l998, within(l998 * TOLERANCE));
    assertThat(r.ci998().upper()).isCloseTo(u998, within(u998 * TOLERANCE));
    assertThat(r.method()).isEqualTo(method);
  }

  @ParameterizedTest
  @CsvSource({"0.95, 50.163188, 82.849139", "0.998, 42.880261, 94.000291"})
  void byarLimitsOnACountOf65(double confidence, double lower, double upper) {
    Interval i = PoissonLimits.byar(65, PoissonLimits.z(confidence));
    assertThat(i.lower()).isCloseTo(lower, within(lower * TOLERANCE));
    assertThat(i.upper()).isCloseTo(upper, within(upper * TOLERANCE));
  }

  @RepeatedTest(50)
  void intervalsContainTheRateNestAndScaleWithTheMultiplier(
      org.junit.jupiter.api.RepetitionInfo info) {
    SplittableRandom random = new SplittableRandom(info.getCurrentRepetition());
    long x = random.nextInt(0, 5000);
    double n = random.nextDouble(1, 1e7);
    CrudeRate r = CrudeRate.of(x, n, 100_000);
    assertThat(r.ci95().contains(r.value())).isTrue();
    assertThat(r.ci998().lower()).isLessThanOrEqualTo(r.ci95().lower());
    assertThat(r.ci998().upper()).isGreaterThanOrEqualTo(r.ci95().upper());
    CrudeRate perMillion = CrudeRate.of(x, n, 1_000_000);
    assertThat(perMillion.value()).isCloseTo(10 * r.value(), within(1e-9 * (1 + r.value())));
    assertThat(perMillion.ci95().upper())
        .isCloseTo(10 * r.ci95().upper(), within(1e-9 * r.ci95().upper()));
  }

  @RepeatedTest(20)
  void aZeroCountHasALowerLimitOfZero(org.junit.jupiter.api.RepetitionInfo info) {
    CrudeRate r = CrudeRate.of(0, 1000.0 * info.getCurrentRepetition(), 100_000);
    assertThat(r.value()).isZero();
    assertThat(r.ci95().lower()).isZero();
    assertThat(r.ci95().upper()).isPositive();
  }
}
