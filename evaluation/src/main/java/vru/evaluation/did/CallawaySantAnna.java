package vru.evaluation.did;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Callaway and Sant'Anna (2021) group-time average treatment effects without covariates, with
 * analytic influence-function standard errors, the Wald pre-test and the simple, dynamic, group and
 * calendar aggregations (including the estimation effect of the aggregation weights). Ported from
 * {@code shared/data/reference/cs_by_hand.R}, which matches R {@code did} 2.5.1 to 1e-10.
 *
 * <p>For group g (first treated period) and period t, with base period b = g − 1 for t ≥ g and t −
 * 1 before ("varying"): {@code ATT(g,t) = mean_{G=g}(Y_t − Y_b) − mean_{C}(Y_t − Y_b)}, C the
 * never-treated units or the units not yet treated by max(t, b). The influence function of unit i
 * is {@code D_i (ΔY_i − m1)/P(G=g) − C_i (ΔY_i − m0)/P(C)} and {@code SE = √(Σ ψ² / n) / √n}.
 *
 * <p>This version needs a balanced panel with consecutive integer periods.
 */
public final class CallawaySantAnna {
  /** Which units form the comparison group. */
  public enum Control {
    NEVER_TREATED,
    NOT_YET_TREATED
  }

  /** One group-time effect. */
  public record AttGt(int group, int time, double estimate, double se) {}

  /** One component or summary of an aggregation. */
  public record Effect(String key, double estimate, double se) {}

  /**
   * The estimates.
   *
   * @param attGt every ATT(g,t), pre-treatment cells included
   * @param simple the average of post-treatment ATT(g,t) weighted by group size
   * @param dynamic effects by event time e = t − g (in periods)
   * @param dynamicOverall the average of the effects for e ≥ 0
   * @param group effects by group (average over its post-treatment periods)
   * @param groupOverall the group effects averaged with group-size weights
   * @param calendar effects by calendar period
   * @param calendarOverall the average of the calendar effects
   * @param waldStatistic the Wald statistic that every pre-treatment ATT(g,t) is zero
   * @param waldDf its degrees of freedom (the number of pre-treatment cells)
   * @param waldP its p-value (chi-squared)
   * @param excluded what was left out, and why
   */
  public record Result(
      List<AttGt> attGt,
      Effect simple,
      List<Effect> dynamic,
      Effect dynamicOverall,
      List<Effect> group,
      Effect groupOverall,
      List<Effect> calendar,
      Effect calendarOverall,
      double waldStatistic,
      int waldDf,
      double waldP,
      List<String> excluded) {}

  private final int n;
  private final int periods;
  private final int[] years;
  private final int[] cohortIndex;
  private final double[][] y;
  private final List<String> excluded = new ArrayList<>();
  private final List<int[]> cells = new ArrayList<>();
  private final List<Integer> groups = new ArrayList<>();
  private double[] att;
  private double[][] psi;

  private CallawaySantAnna(DidPanel p) {
    n = p.units();
    periods = p.periods();
    years = p.times.stream().mapToInt(Integer::intValue).toArray();
    for (int i = 1; i < years.length; i++) {
      if (years[i] != years[i - 1] + 1) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "periods must be consecutive integers for the cs estimator: "
                + years[i - 1]
                + " is followed by "
                + years[i]);
      }
    }
    y = new double[n][periods];
    boolean[][] seen = new boolean[n][periods];
    int[] cohort = new int[n];
    for (int r = 0; r < p.size(); r++) {
      y[p.unit[r]][p.period[r]] = p.y[r];
      seen[p.unit[r]][p.period[r]] = true;
      cohort[p.unit[r]] = p.cohort[r];
    }
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < periods; t++) {
        if (!seen[i][t]) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              "unit "
                  + p.unitIds.get(i)
                  + " has no row for period "
                  + years[t]
                  + ": the cs estimator needs a balanced panel in this version; drop the unit or"
                  + " fill the period");
        }
      }
    }
    cohortIndex = new int[n];
    for (int i = 0; i < n; i++) {
      int c = cohort[i];
      if (c == 0 || c > years[periods - 1]) {
        cohortIndex[i] = -1;
      } else {
        cohortIndex[i] = c - years[0];
        if (!groups.contains(cohortIndex[i])) {
          groups.add(cohortIndex[i]);
        }
      }
    }
    groups.sort(Integer::compare);
    java.util.Set<Integer> late = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      if (cohort[i] > years[periods - 1]) {
        late.add(cohort[i]);
      }
    }
    for (int c : late) {
      excluded.add(
          "cohort "
              + c
              + ": first treated after the last period "
              + years[periods - 1]
              + ", so counted as never treated");
    }
  }

  /**
   * Estimates every ATT(g,t) and the aggregations. Units first treated in or before the first
   * period have no pre-period and are dropped (as R {@code did} does); units first treated after
   * the last period count as never treated. Both are listed in {@link Result#excluded()}.
   */
  public static Result estimate(DidPanel panel, Control control) {
    int first = panel.times.get(0);
    List<String> dropped = new ArrayList<>();
    DidPanel usable = panel.without(c -> c > 0 && c <= first, dropped);
    CallawaySantAnna cs = new CallawaySantAnna(usable);
    if (!dropped.isEmpty()) {
      cs.excluded.add(
          dropped.size()
              + " unit(s) first treated in or before the first period "
              + first
              + " (no pre-period): "
              + String.join(", ", dropped.subList(0, Math.min(10, dropped.size())))
              + (dropped.size() > 10 ? ", …" : ""));
    }
    cs.groupTime(control);
    return cs.aggregate();
  }

  private void groupTime(Control control) {
    List<double[]> effects = new ArrayList<>();
    List<double[]> influence = new ArrayList<>();
    for (int g : groups) {
      for (int t = 1; t < periods; t++) {
        int base = t >= g ? g - 1 : t - 1;
        double sum1 = 0;
        double sum0 = 0;
        int n1 = 0;
        int n0 = 0;
        boolean[] comparison = new boolean[n];
        for (int i = 0; i < n; i++) {
          double dy = y[i][t] - y[i][base];
          comparison[i] = isControl(cohortIndex[i], g, Math.max(t, base), control);
          if (cohortIndex[i] == g) {
            sum1 += dy;
            n1++;
          } else if (comparison[i]) {
            sum0 += dy;
            n0++;
          }
        }
        if (n0 == 0) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              "no comparison units for group "
                  + years[g]
                  + " in period "
                  + years[t]
                  + (control == Control.NEVER_TREATED
                      ? ": there are no never-treated units; use the not-yet-treated comparison"
                      : ": every unit is treated by then; use fewer periods"));
        }
        double m1 = sum1 / n1;
        double m0 = sum0 / n0;
        double[] psiK = new double[n];
        for (int i = 0; i < n; i++) {
          double dy = y[i][t] - y[i][base];
          if (cohortIndex[i] == g) {
            psiK[i] = (dy - m1) / ((double) n1 / n);
          } else if (comparison[i]) {
            psiK[i] = -(dy - m0) / ((double) n0 / n);
          }
        }
        cells.add(new int[] {g, t});
        effects.add(new double[] {m1 - m0});
        influence.add(psiK);
      }
    }
    att = effects.stream().mapToDouble(e -> e[0]).toArray();
    psi = influence.toArray(new double[0][]);
  }

  private static boolean isControl(int cohort, int g, int latest, Control control) {
    if (cohort == -1) {
      return true;
    }
    return control == Control.NOT_YET_TREATED && cohort >= 0 && cohort != g && cohort > latest;
  }

  private Result aggregate() {
    List<AttGt> gt = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      gt.add(new AttGt(years[cells.get(k)[0]], years[cells.get(k)[1]], att[k], se(psi[k])));
    }
    double[] pg = new double[cells.size()];
    double[] pgg = new double[groups.size()];
    for (int j = 0; j < groups.size(); j++) {
      int g = groups.get(j);
      long size = java.util.Arrays.stream(cohortIndex).filter(c -> c == g).count();
      pgg[j] = (double) size / n;
    }
    for (int k = 0; k < cells.size(); k++) {
      pg[k] = pgg[groups.indexOf(cells.get(k)[0])];
    }
    List<Integer> post = keep(k -> cells.get(k)[1] >= cells.get(k)[0]);
    Agg simple = agg(post, sizeWeights(post, pg), pg, true);

    List<Effect> dynamic = new ArrayList<>();
    List<Agg> dynamicPost = new ArrayList<>();
    int minE = cells.stream().mapToInt(c -> c[1] - c[0]).min().orElse(0);
    int maxE = cells.stream().mapToInt(c -> c[1] - c[0]).max().orElse(0);
    for (int e = minE; e <= maxE; e++) {
      int event = e;
      List<Integer> k = keep(c -> cells.get(c)[1] - cells.get(c)[0] == event);
      if (k.isEmpty()) {
        continue;
      }
      Agg a = agg(k, sizeWeights(k, pg), pg, true);
      dynamic.add(new Effect(Integer.toString(e), a.estimate, a.se));
      if (e >= 0) {
        dynamicPost.add(a);
      }
    }

    List<Effect> group = new ArrayList<>();
    double[][] groupPsi = new double[groups.size()][];
    double[] theta = new double[groups.size()];
    for (int j = 0; j < groups.size(); j++) {
      int g = groups.get(j);
      List<Integer> k = keep(c -> cells.get(c)[0] == g && cells.get(c)[1] >= g);
      double[] w = new double[k.size()];
      java.util.Arrays.fill(w, 1.0 / k.size());
      Agg a = agg(k, w, pg, false);
      group.add(new Effect(Integer.toString(years[g]), a.estimate, a.se));
      groupPsi[j] = a.psi;
      theta[j] = a.estimate;
    }
    Agg groupOverall = groupOverall(groupPsi, theta, pgg);

    List<Effect> calendar = new ArrayList<>();
    List<Agg> calendarAggs = new ArrayList<>();
    for (int t = 1; t < periods; t++) {
      int period = t;
      List<Integer> k = keep(c -> cells.get(c)[1] == period && cells.get(c)[1] >= cells.get(c)[0]);
      if (k.isEmpty()) {
        continue;
      }
      Agg a = agg(k, sizeWeights(k, pg), pg, true);
      calendar.add(new Effect(Integer.toString(years[t]), a.estimate, a.se));
      calendarAggs.add(a);
    }
    double[] wald = wald(keep(k -> cells.get(k)[1] < cells.get(k)[0]));
    return new Result(
        gt,
        new Effect("simple", simple.estimate, simple.se),
        dynamic,
        mean("dynamic", dynamicPost),
        group,
        new Effect("group", groupOverall.estimate, groupOverall.se),
        calendar,
        mean("calendar", calendarAggs),
        wald[0],
        (int) wald[1],
        wald[2],
        List.copyOf(excluded));
  }

  /** An aggregate with its influence function. */
  private record Agg(double estimate, double se, double[] psi) {}

  private Agg agg(List<Integer> keep, double[] w, double[] pg, boolean weightsEstimated) {
    double est = 0;
    double[] out = new double[n];
    for (int j = 0; j < keep.size(); j++) {
      int k = keep.get(j);
      est += w[j] * att[k];
      for (int i = 0; i < n; i++) {
        out[i] += psi[k][i] * w[j];
      }
    }
    if (weightsEstimated) {
      double s = 0;
      for (int k : keep) {
        s += pg[k];
      }
      for (int i = 0; i < n; i++) {
        double[] cen = new double[keep.size()];
        double rowSum = 0;
        for (int j = 0; j < keep.size(); j++) {
          int k = keep.get(j);
          cen[j] = (cohortIndex[i] == cells.get(k)[0] ? 1 : 0) - pg[k];
          rowSum += cen[j];
        }
        for (int j = 0; j < keep.size(); j++) {
          int k = keep.get(j);
          out[i] += (cen[j] / s - rowSum * pg[k] / (s * s)) * att[k];
        }
      }
    }
    return new Agg(est, se(out), out);
  }

  private Agg groupOverall(double[][] groupPsi, double[] theta, double[] pgg) {
    double s = java.util.Arrays.stream(pgg).sum();
    double est = 0;
    for (int j = 0; j < theta.length; j++) {
      est += pgg[j] / s * theta[j];
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double rowSum = 0;
      double[] cen = new double[theta.length];
      for (int j = 0; j < theta.length; j++) {
        cen[j] = (cohortIndex[i] == groups.get(j) ? 1 : 0) - pgg[j];
        rowSum += cen[j];
      }
      for (int j = 0; j < theta.length; j++) {
        out[i] += groupPsi[j][i] * pgg[j] / s + (cen[j] / s - rowSum * pgg[j] / (s * s)) * theta[j];
      }
    }
    return new Agg(est, se(out), out);
  }

  private Effect mean(String key, List<Agg> parts) {
    double est = 0;
    double[] out = new double[n];
    for (Agg a : parts) {
      est += a.estimate / parts.size();
      for (int i = 0; i < n; i++) {
        out[i] += a.psi[i] / parts.size();
      }
    }
    return new Effect(key, est, se(out));
  }

  /** {@code W = n a' V⁻¹ a} over the pre-treatment cells, V = Ψ'Ψ/n; chi-squared with |pre| df. */
  private double[] wald(List<Integer> pre) {
    if (pre.isEmpty()) {
      return new double[] {Double.NaN, 0, Double.NaN};
    }
    RealMatrix v = new Array2DRowRealMatrix(pre.size(), pre.size());
    RealVector a = new ArrayRealVector(pre.size());
    for (int r = 0; r < pre.size(); r++) {
      a.setEntry(r, att[pre.get(r)]);
      for (int c = 0; c < pre.size(); c++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += psi[pre.get(r)][i] * psi[pre.get(c)][i];
        }
        v.setEntry(r, c, s / n);
      }
    }
    LUDecomposition lu = new LUDecomposition(v);
    if (!lu.getSolver().isNonSingular()) {
      excluded.add(
          "pre-test: the pre-period effects' covariance is singular, so no Wald statistic");
      return new double[] {Double.NaN, pre.size(), Double.NaN};
    }
    double w = n * a.dotProduct(lu.getSolver().solve(a));
    double p = 1 - new ChiSquaredDistribution(pre.size()).cumulativeProbability(w);
    return new double[] {w, pre.size(), p};
  }

  private double[] sizeWeights(List<Integer> keep, double[] pg) {
    double s = 0;
    for (int k : keep) {
      s += pg[k];
    }
    double[] w = new double[keep.size()];
    for (int j = 0; j < keep.size(); j++) {
      w[j] = pg[keep.get(j)] / s;
    }
    return w;
  }

  private List<Integer> keep(java.util.function.IntPredicate cell) {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      if (cell.test(k)) {
        out.add(k);
      }
    }
    return out;
  }

  private double se(double[] influence) {
    double s = 0;
    for (double v : influence) {
      s += v * v;
    }
    return Math.sqrt(s / n) / Math.sqrt(n);
  }
}
