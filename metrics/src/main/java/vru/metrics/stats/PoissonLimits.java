package vru.metrics.stats;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Confidence limits for a Poisson count, as in PHEindicatormethods 2.1.0 and Fingertips.
 *
 * <ul>
 *   <li>Exact (used below 10): {@code L = qchisq((1-c)/2, 2x)/2} (0 when x = 0), {@code U =
 *       qchisq(c+(1-c)/2, 2x+2)/2}.
 *   <li>Byar's approximation (from 10): {@code L = x(1 - 1/(9x) - z/(3√x))³}, {@code U = (x+1)(1 -
 *       1/(9(x+1)) + z/(3√(x+1)))³}.
 * </ul>
 *
 * Reference: Breslow NE, Day NE. Statistical methods in cancer research, vol II. IARC, 1987.
 */
public final class PoissonLimits {
  /** z for 95%: the 0.975 quantile of the standard normal. */
  public static final double Z95 = Normal.Z95;

  /** z for 99.8%: the 0.999 quantile of the standard normal. */
  public static final double Z998 = Normal.Z998;

  /** Counts below this use exact limits; from it, Byar's. */
  public static final long EXACT_BELOW = 10;

  private PoissonLimits() {}

  /** Limits on the count {@code x} at confidence {@code confidence} (0.95 or 0.998). */
  public static Interval of(long x, double confidence) {
    if (x >= EXACT_BELOW) {
      return byar(x, z(confidence));
    }
    if (x >= 0 && confidence == 0.95) {
      return EXACT_95[(int) x];
    }
    if (x >= 0 && confidence == 0.998) {
      return EXACT_998[(int) x];
    }
    return exact(x, confidence);
  }

  // the exact limits below 10 at the two levels every panel row needs, computed once (a panel has
  // hundreds of thousands of small counts, and each chi-squared quantile is an iterative solve)
  private static final Interval[] EXACT_95 = exactTable(0.95);
  private static final Interval[] EXACT_998 = exactTable(0.998);

  private static Interval[] exactTable(double confidence) {
    Interval[] t = new Interval[(int) EXACT_BELOW];
    for (int x = 0; x < t.length; x++) {
      t[x] = exact(x, confidence);
    }
    return t;
  }

  /** Exact limits from the chi-squared distribution. */
  public static Interval exact(long x, double confidence) {
    if (x < 0) {
      throw new IllegalArgumentException("count must not be negative: " + x);
    }
    double alpha = 1 - confidence;
    double lower = x == 0 ? 0 : chiSquaredQuantile(alpha / 2, 2.0 * x) / 2;
    double upper = chiSquaredQuantile(1 - alpha / 2, 2.0 * x + 2) / 2;
    return new Interval(lower, upper);
  }

  /** Byar's approximation with normal quantile {@code z}. */
  public static Interval byar(long x, double z) {
    if (x < 1) {
      throw new IllegalArgumentException("Byar's limits need a count of at least 1: " + x);
    }
    double lower = x * Math.pow(1 - 1 / (9.0 * x) - z / (3 * Math.sqrt(x)), 3);
    double x1 = x + 1.0;
    double upper = x1 * Math.pow(1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1)), 3);
    return new Interval(lower, upper);
  }

  /** The two-sided normal quantile for a confidence level. */
  public static double z(double confidence) {
    if (confidence == 0.95) {
      return Z95;
    }
    if (confidence == 0.998) {
      return Z998;
    }
    return new org.apache.commons.math3.distribution.NormalDistribution()
        .inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  static double chiSquaredQuantile(double p, double df) {
    return new ChiSquaredDistribution(null, df, 1e-14).inverseCumulativeProbability(p);
  }
}
