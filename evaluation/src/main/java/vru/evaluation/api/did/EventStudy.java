package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The dynamic (event-study) TWFE regression: {@code y_it = α_i + λ_t + Σ_{e ≠ −1} β_e 1[t − g_i =
 * e] + ε_it} for treated units (never-treated units have no event-time indicators), event time
 * relative to the cohort, the period before treatment (e = −1) the reference. Event times beyond
 * {@code minE}/{@code maxE} are binned into the end points. The indicators are demeaned like the
 * outcome and the K × K normal equations solved; the variance is cluster-robust (CR1, {@link
 * SmallSample}) with t on G − 1 degrees of freedom. The pre-trend test is the joint Wald test that
 * every lead (e ≤ −2) is zero, chi-squared with as many degrees of freedom as leads.
 *
 * <p>Under staggered adoption with heterogeneous effects the TWFE event-study coefficients can be
 * contaminated by other periods' effects (Sun and Abraham 2021); the Callaway–Sant'Anna dynamic
 * aggregation is the robust alternative and the default in the pipeline.
 */
public final class EventStudy {
  /** One coefficient; the reference period has estimate 0 and no SE. */
  public record Point(int eventTime, double estimate, double se, double ciLower, double ciUpper) {}

  /**
   * The fit.
   *
   * @param points event-time coefficients, ascending, the reference included
   * @param postAverage the average of the coefficients for e ≥ 0, with its SE
   * @param postAverageSe the SE of that average
   * @param postAverageLower lower limit of its interval (t with G − 1 degrees of freedom)
   * @param postAverageUpper upper limit
   * @param postAverageP its two-sided p-value
   * @param waldStatistic the pre-trend Wald statistic (NaN when there are no leads)
   * @param waldDf its degrees of freedom
   * @param waldP its p-value
   * @param clusters clusters of the variance
   * @param binned how distant event times were binned, or empty
   */
  public record Result(
      List<Point> points,
      double postAverage,
      double postAverageSe,
      double postAverageLower,
      double postAverageUpper,
      double postAverageP,
      double waldStatistic,
      int waldDf,
      double waldP,
      int clusters,
      String binned) {}

  private EventStudy() {}

  /**
   * Fits the event study.
   *
   * @param minE bin event times below this into it ({@code null}: no binning)
   * @param maxE bin event times above this into it ({@code null}: no binning)
   */
  public static Result estimate(
      DidPanel p, Integer minE, Integer maxE, SmallSample convention, double confidence) {
    if (minE != null && minE > -2 || maxE != null && maxE < 0) {
      throw new VruException(
          ErrorCode.USAGE,
          "event-study bins must leave a lead and a lag: --min-e at most -2 and --max-e at least 0");
    }
    int n = p.size();
    int[] rel = new int[n];
    boolean[] has = new boolean[n];
    TreeSet<Integer> events = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      int c = p.cohort[i];
      if (p.neverTreated(c)) {
        continue;
      }
      int e = p.time[i] - c;
      if (minE != null && e < minE) {
        e = minE;
      }
      if (maxE != null && e > maxE) {
        e = maxE;
      }
      rel[i] = e;
      has[i] = true;
      events.add(e);
    }
    events.remove(-1);
    if (events.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "no unit is treated in the panel's periods: nothing to study");
    }
    List<Integer> cols = new ArrayList<>(events);
    int k = cols.size();
    double[] w = p.weighted ? p.weight : null;
    Demeaner m = new Demeaner(p.unit, p.units(), p.period, p.periods(), w);
    double[][] x = new double[k][];
    for (int j = 0; j < k; j++) {
      double[] col = new double[n];
      for (int i = 0; i < n; i++) {
        col[i] = has[i] && rel[i] == cols.get(j) ? 1 : 0;
      }
      x[j] = m.demean(col);
    }
    double[] yd = m.demean(p.y);
    RealMatrix xtx = new Array2DRowRealMatrix(k, k);
    RealVector xty = new ArrayRealVector(k);
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += (w == null ? 1 : w[i]) * x[a][i] * x[b][i];
        }
        xtx.setEntry(a, b, s);
        xtx.setEntry(b, a, s);
      }
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += (w == null ? 1 : w[i]) * x[a][i] * yd[i];
      }
      xty.setEntry(a, s);
    }
    LUDecomposition lu = new LUDecomposition(xtx, 1e-10);
    if (!lu.getSolver().isNonSingular()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the event-study coefficients are not identified: "
              + (noNeverTreated(p)
                  ? "there are no never-treated units, so bin distant event times (--min-e and"
                      + " --max-e) or add comparison units"
                  : "some event times are perfectly collinear with the period effects; bin distant"
                      + " event times with --min-e and --max-e"));
    }
    RealMatrix inv = lu.getSolver().getInverse();
    RealVector beta = inv.operate(xty);
    double[][] score = new double[p.clusters()][k];
    for (int i = 0; i < n; i++) {
      double e = yd[i];
      for (int a = 0; a < k; a++) {
        e -= beta.getEntry(a) * x[a][i];
      }
      double we = (w == null ? 1 : w[i]) * e;
      for (int a = 0; a < k; a++) {
        score[p.cluster[i]][a] += we * x[a][i];
      }
    }
    RealMatrix meat = new Array2DRowRealMatrix(k, k);
    for (double[] s : score) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          meat.addToEntry(a, b, s[a] * s[b]);
        }
      }
    }
    int g = p.clusters();
    if (g < 2) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "cluster-robust errors need at least two clusters");
    }
    double c = convention.factor(g, n, p.units(), p.periods(), p.unitsNestedInClusters(), k);
    RealMatrix v = inv.multiply(meat).multiply(inv).scalarMultiply(c);
    TDistribution t = new TDistribution(g - 1);
    double q = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    List<Point> points = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      double est = beta.getEntry(a);
      double se = Math.sqrt(v.getEntry(a, a));
      points.add(new Point(cols.get(a), est, se, est - q * se, est + q * se));
    }
    points.add(new Point(-1, 0, Double.NaN, Double.NaN, Double.NaN));
    points.sort(java.util.Comparator.comparingInt(Point::eventTime));
    List<Integer> post = new ArrayList<>();
    List<Integer> pre = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      (cols.get(a) >= 0 ? post : pre).add(a);
    }
    double avg = 0;
    double varAvg = 0;
    for (int a : post) {
      avg += beta.getEntry(a) / post.size();
      for (int b : post) {
        varAvg += v.getEntry(a, b) / ((double) post.size() * post.size());
      }
    }
    double wald = Double.NaN;
    double waldP = Double.NaN;
    if (!pre.isEmpty()) {
      RealMatrix vp = new Array2DRowRealMatrix(pre.size(), pre.size());
      RealVector bp = new ArrayRealVector(pre.size());
      for (int r = 0; r < pre.size(); r++) {
        bp.setEntry(r, beta.getEntry(pre.get(r)));
        for (int s = 0; s < pre.size(); s++) {
          vp.setEntry(r, s, v.getEntry(pre.get(r), pre.get(s)));
        }
      }
      LUDecomposition plu = new LUDecomposition(vp, 1e-300);
      if (plu.getSolver().isNonSingular()) {
        wald = bp.dotProduct(plu.getSolver().solve(bp));
        waldP = 1 - new ChiSquaredDistribution(pre.size()).cumulativeProbability(wald);
      }
    }
    String binned =
        (minE == null ? "" : "event times before " + minE + " binned into " + minE)
            + (minE != null && maxE != null ? "; " : "")
            + (maxE == null ? "" : "event times after " + maxE + " binned into " + maxE);
    double seAvg = Math.sqrt(varAvg);
    double pAvg = 2 * (1 - t.cumulativeProbability(Math.abs(avg / seAvg)));
    return new Result(
        points,
        avg,
        seAvg,
        avg - q * seAvg,
        avg + q * seAvg,
        pAvg,
        wald,
        pre.size(),
        waldP,
        g,
        binned);
  }

  private static boolean noNeverTreated(DidPanel p) {
    for (int c : p.unitCohort) {
      if (p.neverTreated(c)) {
        return false;
      }
    }
    return true;
  }
}
