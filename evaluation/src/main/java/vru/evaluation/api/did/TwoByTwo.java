package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The classic 2x2 difference-in-differences: treated units (one cohort g) against never-treated
 * units, before g against from g on. Each unit's change is the mean of its post-period outcomes
 * minus the mean of its pre-period outcomes; the estimate is the (weighted) mean change of the
 * treated minus that of the comparison units, i.e. the slope of the regression {@code ΔY_i = a + b
 * D_i}, whose cluster-robust variance (CR1, {@code G/(G−1)·(N−1)/(N−2)}) gives the SE; t on G − 1
 * degrees of freedom. With two periods and a balanced panel it equals the TWFE coefficient.
 */
public final class TwoByTwo {
  private TwoByTwo() {}

  /**
   * Estimates the 2x2 DiD.
   *
   * @param excluded receives the units left out and why
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the panel has more than one cohort,
   *     no never-treated units, or fewer than two clusters
   */
  public static DidEstimate estimate(DidPanel p, double confidence, List<String> excluded) {
    List<Integer> cohorts = p.treatedCohorts();
    if (cohorts.size() != 1) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          cohorts.isEmpty()
              ? "no unit is treated in the panel's periods: check the cohort column"
              : "the 2x2 estimator needs one treatment start; the panel has cohorts "
                  + String.join(", ", cohorts.stream().map(p::label).toList())
                  + ": use --estimator cs (or twfe), or keep one cohort");
    }
    int g = cohorts.get(0);
    int units = p.units();
    double[] pre = new double[units];
    double[] post = new double[units];
    int[] nPre = new int[units];
    int[] nPost = new int[units];
    double[] unitWeight = new double[units];
    for (int r = 0; r < p.size(); r++) {
      int u = p.unit[r];
      if (p.time[r] >= g) {
        post[u] += p.y[r];
        nPost[u]++;
      } else {
        pre[u] += p.y[r];
        nPre[u]++;
      }
      unitWeight[u] += p.weight[r];
    }
    List<Integer> in = new ArrayList<>();
    List<String> noPeriods = new ArrayList<>();
    List<String> early = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      int c = p.unitCohort[u];
      boolean treated = c == g;
      if (!treated && !p.neverTreated(c)) {
        early.add(p.unitIds.get(u));
        continue;
      }
      if (nPre[u] == 0 || nPost[u] == 0) {
        noPeriods.add(p.unitIds.get(u));
        continue;
      }
      in.add(u);
    }
    if (!early.isEmpty()) {
      excluded.add(early.size() + " unit(s) treated before the first period: " + early);
    }
    if (!noPeriods.isEmpty()) {
      excluded.add(
          noPeriods.size()
              + " unit(s) without both a pre- and a post-period row: "
              + String.join(", ", noPeriods.subList(0, Math.min(10, noPeriods.size()))));
    }
    double sw1 = 0;
    double sw0 = 0;
    double m1 = 0;
    double m0 = 0;
    double[] change = new double[units];
    double[] w = new double[units];
    int treatedUnits = 0;
    for (int u : in) {
      change[u] = post[u] / nPost[u] - pre[u] / nPre[u];
      w[u] = unitWeight[u] / (nPre[u] + nPost[u]);
      if (p.unitCohort[u] == g) {
        sw1 += w[u];
        m1 += w[u] * change[u];
        treatedUnits++;
      } else {
        sw0 += w[u];
        m0 += w[u] * change[u];
      }
    }
    if (sw0 == 0) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the 2x2 estimator needs never-treated units with rows before and after "
              + p.label(g)
              + "; there are none");
    }
    if (sw1 == 0) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no unit of cohort " + p.label(g) + " has rows both before and after it starts");
    }
    m1 /= sw1;
    m0 /= sw0;
    double beta = m1 - m0;
    // regression ΔY = a + b D with weights: (X'WX)^-1 = diag-free 2x2; score of b per cluster
    int clusters = p.clusters();
    double[] s0 = new double[clusters];
    double[] s1 = new double[clusters];
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (int u : in) {
      boolean d = p.unitCohort[u] == g;
      double e = change[u] - (d ? m1 : m0);
      int c = p.unitCluster[u];
      if (c < 0) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit " + p.unitIds.get(u) + " falls in more than one cluster; give each unit one");
      }
      used.add(c);
      s0[c] += w[u] * e;
      s1[c] += w[u] * e * (d ? 1 : 0);
    }
    // (X'WX) = [[sw, sw1],[sw1, sw1]], its inverse's second row is [-1/sw0, 1/sw0 + 1/sw1]
    double meat = 0;
    for (int c = 0; c < clusters; c++) {
      double score = -s0[c] / sw0 + s1[c] * (1 / sw0 + 1 / sw1);
      meat += score * score;
    }
    int gCount = used.size();
    int nObs = in.size();
    if (gCount < 2) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "cluster-robust errors need at least two clusters");
    }
    double factor = gCount / (gCount - 1.0) * (nObs - 1.0) / (nObs - 2.0);
    double se = Math.sqrt(factor * meat);
    TDistribution t = new TDistribution(gCount - 1);
    double q = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double pv = 2 * (1 - t.cumulativeProbability(Math.abs(beta / se)));
    return new DidEstimate(
        "2x2",
        beta,
        se,
        beta - q * se,
        beta + q * se,
        pv,
        nObs,
        treatedUnits,
        p.periods(),
        gCount,
        "difference of mean changes (before "
            + p.label(g)
            + " vs from "
            + p.label(g)
            + "); cluster-robust (CR1, G/(G-1)·(N-1)/(N-2)); t with "
            + (gCount - 1)
            + " degrees of freedom");
  }
}
