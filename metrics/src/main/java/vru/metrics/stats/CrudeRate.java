package vru.metrics.stats;

/**
 * A crude rate {@code x / n × m} with 95% and 99.8% confidence intervals from {@link
 * PoissonLimits}: exact below 10 events, Byar's from 10 (PHEindicatormethods {@code phe_rate}).
 *
 * @param count the number of events
 * @param denominator the population at risk
 * @param multiplier per how many (100,000; 1,000,000 for homicide)
 * @param value the rate
 * @param ci95 the 95% interval
 * @param ci998 the 99.8% interval
 * @param method {@code exact} or {@code byar}
 */
public record CrudeRate(
    long count,
    double denominator,
    double multiplier,
    double value,
    Interval ci95,
    Interval ci998,
    String method) {

  /**
   * The rate of {@code count} events in {@code denominator} people per {@code multiplier}.
   *
   * @throws IllegalArgumentException when the count is negative or the denominator not positive
   */
  public static CrudeRate of(long count, double denominator, double multiplier) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (!(denominator > 0)) {
      throw new IllegalArgumentException("denominator must be positive: " + denominator);
    }
    double scale = multiplier / denominator;
    return new CrudeRate(
        count,
        denominator,
        multiplier,
        count * scale,
        PoissonLimits.of(count, 0.95).scaled(scale),
        PoissonLimits.of(count, 0.998).scaled(scale),
        count < PoissonLimits.EXACT_BELOW ? "exact" : "byar");
  }

  /**
   * The rate with Byar's limits at every count from 1 (exact at 0), as the Fingertips platform
   * publishes crude rates; {@link #of} follows PHEindicatormethods (exact below 10).
   */
  public static CrudeRate byar(long count, double denominator, double multiplier) {
    CrudeRate r = of(count, denominator, multiplier);
    if (count == 0 || count >= PoissonLimits.EXACT_BELOW) {
      return r;
    }
    double scale = multiplier / denominator;
    return new CrudeRate(
        count,
        denominator,
        multiplier,
        r.value(),
        PoissonLimits.byar(count, PoissonLimits.Z95).scaled(scale),
        PoissonLimits.byar(count, PoissonLimits.Z998).scaled(scale),
        "byar");
  }
}
