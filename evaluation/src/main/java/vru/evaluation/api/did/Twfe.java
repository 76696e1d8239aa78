package vru.evaluation.api.did;

import org.apache.commons.math3.distribution.TDistribution;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Two-way fixed-effects difference-in-differences: {@code y_it = α_i + λ_t + β D_it + ε_it} with
 * {@code D_it = 1} once unit i's cohort has started. β comes from the within transformation
 * (Frisch–Waugh–Lovell, weighted when the panel has weights): {@code β = Σ w D̃ỹ / Σ w D̃²}, with
 * unit and period means removed by alternating projections, so no dummy columns are built and
 * 100,000 units fit in memory linear in rows. Variance is cluster-robust (CR1): {@code V = c · Σ_g
 * (Σ_{i∈g} w D̃_i e_i)² / (Σ w D̃²)²} with the {@link SmallSample} factor c; the interval and
 * p-value use Student's t with G − 1 degrees of freedom. {@link WildClusterBootstrap} adds a
 * p-value and interval for few clusters.
 *
 * <p>Under staggered adoption with effects that change over time, β is a weighted average that can
 * include "forbidden" comparisons of later- with earlier-treated units (Goodman-Bacon 2021; see
 * {@link Bacon}); it is reported as the classic benchmark.
 */
public final class Twfe {
  private Twfe() {}

  /** The demeaned fit, shared with the wild bootstrap. */
  record Fit(
      DidPanel panel,
      double[] dd,
      double[] yd,
      double[] w,
      double sdd,
      double beta,
      double meat,
      double factor,
      int treatedUnits) {
    double se() {
      return Math.sqrt(factor * meat) / sdd;
    }
  }

  /** Estimates β with the default small-sample convention, at 95% confidence. */
  public static DidEstimate estimate(DidPanel p) {
    return estimate(p, SmallSample.ALL_FIXED_EFFECTS, 0.95);
  }

  /**
   * Estimates β.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when no row is treated, treatment does not
   *     vary once the fixed effects are removed, or there are fewer than two clusters
   */
  public static DidEstimate estimate(DidPanel p, SmallSample convention, double confidence) {
    Fit f = fit(p, convention);
    double se = f.se();
    int g = p.clusters();
    TDistribution t = new TDistribution(g - 1);
    double q = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double p2 = 2 * (1 - t.cumulativeProbability(Math.abs(f.beta / se)));
    return new DidEstimate(
        "twfe",
        f.beta,
        se,
        f.beta - q * se,
        f.beta + q * se,
        p2,
        p.units(),
        f.treatedUnits,
        p.periods(),
        g,
        "cluster-robust (CR1, "
            + convention.describe()
            + ") by "
            + (g == p.units() && p.unitsNestedInClusters() ? "unit" : "cluster")
            + "; t with "
            + (g - 1)
            + " degrees of freedom");
  }

  static Fit fit(DidPanel p, SmallSample convention) {
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
    if (p.clusters() < 2) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "cluster-robust errors need at least two clusters; the panel has " + p.clusters());
    }
    double[] w = p.weighted ? p.weight : null;
    Demeaner m = new Demeaner(p.unit, p.units(), p.period, p.periods(), w);
    double[] dd = m.demean(d);
    double[] yd = m.demean(p.y);
    double sdd = 0;
    double sdy = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      sdd += wi * dd[i] * dd[i];
      sdy += wi * dd[i] * yd[i];
    }
    if (sdd < 1e-12 * n) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "treatment does not vary once unit and period effects are removed (every unit treated"
              + " from the first period, or no comparison units): there is nothing to compare");
    }
    double beta = sdy / sdd;
    double[] score = new double[p.clusters()];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      score[p.cluster[i]] += wi * dd[i] * (yd[i] - beta * dd[i]);
    }
    double meat = 0;
    for (double s : score) {
      meat += s * s;
    }
    double c =
        convention.factor(p.clusters(), n, p.units(), p.periods(), p.unitsNestedInClusters(), 1);
    return new Fit(p, dd, yd, w, sdd, beta, meat, c, treatedUnits.size());
  }
}
