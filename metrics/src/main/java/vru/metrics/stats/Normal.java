package vru.metrics.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The standard normal distribution's constants and tests, written once for every stage: the
 * critical values of 95% and 99.8% two-sided intervals and the two-sided p-value of a z statistic.
 */
public final class Normal {
  /** The 97.5th percentile: a 95% two-sided interval is estimate ± Z95 × SE. */
  public static final double Z95 = 1.959963984540054;

  /** The 99.9th percentile: a 99.8% two-sided interval (Fingertips' outer funnel limit). */
  public static final double Z998 = 3.090232306167813;

  private static final NormalDistribution STANDARD = new NormalDistribution();

  private Normal() {}

  /** The two-sided p-value of {@code estimate / se} against the standard normal: 2(1 − Φ(|z|)). */
  public static double twoSidedP(double estimate, double se) {
    return 2 * (1 - STANDARD.cumulativeProbability(Math.abs(estimate / se)));
  }
}
