package vru.metrics.stats;

import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Funnel-plot control limits for counts and rates (Spiegelhalter 2005; PHEindicatormethods {@code
 * phe_funnels}). For an area with expected count E = target × n: the control limits on the count
 * are the Poisson quantiles of E at 0.001/0.025/0.975/0.999, interpolated between integers so the
 * funnel is smooth; an area is labelled High or Low at the 0.025 or 0.001 level when its count lies
 * beyond them. {@link #expectedAtLimit} inverts the limits for plotting: the expected count at
 * which an observed count sits on a limit (bisection to 1e-7).
 */
public final class Funnel {
  /** The labels, from the most extreme high to the most extreme low. */
  public static final String HIGH_0001 = "High (0.001)";

  public static final String HIGH_0025 = "High (0.025)";
  public static final String NOT_SIGNIFICANT = "Not significant";
  public static final String LOW_0025 = "Low (0.025)";
  public static final String LOW_0001 = "Low (0.001)";

  private Funnel() {}

  /**
   * The control limit on the count for expected count {@code e} at cumulative probability {@code
   * p}, interpolated: {@code y_p − α} with {@code α = (F(y_p) − p)/(F(y_p) − F(y_p − 1))}.
   */
  public static double countLimit(double e, double p) {
    if (!(e > 0)) {
      return 0;
    }
    PoissonDistribution d = new PoissonDistribution(null, e, 1e-12, 10_000_000);
    int y = d.inverseCumulativeProbability(p);
    double f = d.cumulativeProbability(y);
    double f1 = y > 0 ? d.cumulativeProbability(y - 1) : 0;
    double alpha = f - f1 > 0 ? (f - p) / (f - f1) : 0;
    return Math.max(0, y - alpha);
  }

  /** The four limits on a rate at denominator {@code n} for a target rate (per {@code m}). */
  public static double[] rateLimits(double target, double n, double m) {
    double e = target / m * n;
    double[] ps = {0.001, 0.025, 0.975, 0.999};
    double[] out = new double[4];
    for (int i = 0; i < 4; i++) {
      out[i] = countLimit(e, ps[i]) / n * m;
    }
    return out;
  }

  /** The label of an observed count {@code x} with expected count {@code e}. */
  public static String label(long x, double e) {
    if (x > countLimit(e, 0.999)) {
      return HIGH_0001;
    }
    if (x > countLimit(e, 0.975)) {
      return HIGH_0025;
    }
    if (x < countLimit(e, 0.001)) {
      return LOW_0001;
    }
    if (x < countLimit(e, 0.025)) {
      return LOW_0025;
    }
    return NOT_SIGNIFICANT;
  }

  /**
   * The expected count at which observed count {@code obs} lies on a limit with tail {@code p}, by
   * PHEindicatormethods' bisection (on {@code v} with {@code λ = (1 + obs)v/(1 − v)}, halving the
   * step until it is at most 1e-7), so its published values are reproduced. {@code upperTail =
   * false} solves P(X ≤ obs | λ) = p (the larger λ: obs is then a low outlier), {@code true} solves
   * P(X ≥ obs | λ) = p.
   */
  public static double expectedAtLimit(long obs, double p, boolean upperTail) {
    double v = 0.5;
    double dv = 0.5;
    while (dv > 1e-7) {
      dv /= 2;
      double lambda = (1 + obs) * v / (1 - v);
      PoissonDistribution d =
          new PoissonDistribution(null, Math.max(lambda, 1e-300), 1e-14, 10_000_000);
      boolean down;
      if (upperTail) {
        double tail = obs == 0 ? 1 : 1 - d.cumulativeProbability((int) obs - 1);
        down = tail > p;
      } else {
        down = d.cumulativeProbability((int) obs) < p;
      }
      v += down ? -dv : dv;
    }
    return (1 + obs) * v / (1 - v);
  }
}
