package vru.metrics.stats;

import java.util.Optional;

/**
 * The ratio of two rates, {@code (x1/n1) / (x0/n0)}, with a confidence interval on the log scale
 * assuming Poisson counts: {@code exp(log RR ± z √(1/x1 + 1/x0))}. Reported as a percentage change
 * ({@code RR − 1}) in the annual review.
 *
 * @param ratio the rate ratio
 * @param ci95 its 95% interval
 * @param difference the rate difference {@code r1 − r0} in rate units
 */
public record RateRatio(double ratio, Interval ci95, double difference) {

  /** The ratio of {@code current} to {@code base}; empty when either count is 0 (no log CI). */
  public static Optional<RateRatio> of(CrudeRate current, CrudeRate base) {
    if (current.count() == 0 || base.count() == 0) {
      return Optional.empty();
    }
    double ratio = current.value() / base.value();
    double se = Math.sqrt(1.0 / current.count() + 1.0 / base.count());
    double log = Math.log(ratio);
    return Optional.of(
        new RateRatio(
            ratio,
            new Interval(
                Math.exp(log - PoissonLimits.Z95 * se), Math.exp(log + PoissonLimits.Z95 * se)),
            current.value() - base.value()));
  }
}
