package vru.evaluation.did;

import org.apache.commons.math3.distribution.TDistribution;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Two-way fixed-effects difference-in-differences: {@code y_it = α_i + λ_t + β D_it + ε_it} with
 * {@code D_it = 1} once unit i's cohort has started. β comes from the within transformation
 * (Frisch–Waugh–Lovell): {@code β = Σ D̃ỹ / Σ D̃²}. Variance is cluster-robust by unit (CR1):
 * {@code V = c · Σ_g (Σ_{i∈g} D̃_i e_i)² / (Σ D̃²)²} with the {@link SmallSample} factor c; the
 * interval and p-value use Student's t with G − 1 degrees of freedom.
 *
 * <p>Under staggered adoption with effects that change over time, β is a weighted average that can
 * include "forbidden" comparisons of later- with earlier-treated units (Goodman-Bacon 2021); it is
 * reported as the classic benchmark.
 */
public final class Twfe {
  private Twfe() {}

  /** Estimates β with the default small-sample convention, at 95% confidence. */
  public static DidEstimate estimate(DidPanel p) {
    return estimate(p, SmallSample.ALL_FIXED_EFFECTS, 0.95);
  }

  /**
   * Estimates β.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when no row is treated, every row is
   *     treated, or there are fewer than two clusters
   */
  public static DidEstimate estimate(DidPanel p, SmallSample convention, double confidence) {
    int n = p.size();
    double[] d = new double[n];
    java.util.Set<Integer> treatedUnits = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      if (p.treated(i)) {
        d[i] = 1;
        treatedUnits.add(p.unit[i]);
      }
    }
    if (treatedUnits.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no unit is treated in the panel's periods: check the cohort column (first treated period)");
    }
    if (p.units() < 2) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "cluster-robust errors need at least two units");
    }
    double[] dd = Demeaner.demean(d, p.unit, p.units(), p.period, p.periods());
    double[] yd = Demeaner.demean(p.y, p.unit, p.units(), p.period, p.periods());
    double sdd = 0;
    double sdy = 0;
    for (int i = 0; i < n; i++) {
      sdd += dd[i] * dd[i];
      sdy += dd[i] * yd[i];
    }
    if (sdd < 1e-12) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "treatment does not vary once unit and period effects are removed (every unit treated"
              + " from the first period, or no comparison units): there is nothing to compare");
    }
    double beta = sdy / sdd;
    double[] score = new double[p.units()];
    for (int i = 0; i < n; i++) {
      score[p.unit[i]] += dd[i] * (yd[i] - beta * dd[i]);
    }
    double meat = 0;
    for (double s : score) {
      meat += s * s;
    }
    int g = p.units();
    double c = convention.factor(g, n, p.units(), p.periods(), true);
    double se = Math.sqrt(c * meat) / sdd;
    TDistribution t = new TDistribution(g - 1);
    double q = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double p2 = 2 * (1 - t.cumulativeProbability(Math.abs(beta / se)));
    return new DidEstimate(
        "twfe",
        beta,
        se,
        beta - q * se,
        beta + q * se,
        p2,
        p.units(),
        treatedUnits.size(),
        p.periods(),
        g,
        "cluster-robust (CR1, "
            + convention.name().toLowerCase(java.util.Locale.ROOT)
            + ") by unit; t with "
            + (g - 1)
            + " degrees of freedom");
  }
}
