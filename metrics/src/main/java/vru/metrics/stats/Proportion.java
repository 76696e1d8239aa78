package vru.metrics.stats;

/**
 * A proportion {@code x/n} with Wilson score intervals (as PHEindicatormethods {@code
 * phe_proportion}): {@code (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²))}.
 *
 * @param numerator x
 * @param denominator n
 * @param multiplier 1 for a proportion, 100 for a percentage
 * @param value {@code x/n × multiplier}
 * @param ci95 95% interval
 * @param ci998 99.8% interval
 */
public record Proportion(
    long numerator,
    double denominator,
    double multiplier,
    double value,
    Interval ci95,
    Interval ci998) {

  /**
   * The proportion.
   *
   * @throws IllegalArgumentException when x is negative, n not positive, or x > n
   */
  public static Proportion of(long x, double n, double multiplier) {
    if (x < 0 || !(n > 0) || x > n) {
      throw new IllegalArgumentException(
          "a proportion needs 0 <= numerator <= denominator and a positive denominator: "
              + x
              + "/"
              + n);
    }
    return new Proportion(
        x,
        n,
        multiplier,
        x / n * multiplier,
        scale(wilson(x, n, PoissonLimits.Z95), multiplier),
        scale(wilson(x, n, PoissonLimits.Z998), multiplier));
  }

  /** The Wilson score interval of {@code x/n} with normal quantile {@code z}. */
  public static Interval wilson(double x, double n, double z) {
    double root = z * Math.sqrt(z * z + 4 * x * (1 - x / n));
    double den = 2 * (n + z * z);
    return new Interval((2 * x + z * z - root) / den, (2 * x + z * z + root) / den);
  }

  private static Interval scale(Interval i, double m) {
    return new Interval(i.lower() * m, i.upper() * m);
  }
}
