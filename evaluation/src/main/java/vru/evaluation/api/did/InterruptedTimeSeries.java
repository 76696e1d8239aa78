package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import vru.metrics.stats.Normal;

/**
 * Interrupted time series by segmented regression (Bernal, Cummins and Gasparrini 2017): {@code y =
 * b0 + b1·time + b2·post + b3·time_since (+ month-of-year dummies) (+ b·comparison)} by ordinary
 * least squares, with time = 1…n, post = 1 from the start period, time_since = time − start + 1
 * from the start period (1 in the start period) and 0 before; month dummies take the series' first
 * month as reference. Standard errors are Newey–West (Bartlett kernel, lag L, no prewhitening, no
 * small-sample adjustment): {@code V = (XᵀX)⁻¹ [Σ_{|j|≤L} (1 − |j|/(L+1)) Σ_t x_t u_t u_{t−j}
 * x_{t−j}ᵀ] (XᵀX)⁻¹}, R's {@code sandwich::NeweyWest(fit, lag = L, prewhite = FALSE)}; the default
 * lag is ⌊4(n/100)^(2/9)⌋.
 */
public final class InterruptedTimeSeries {
  /** Fewer pre-periods than this cannot establish a trend and seasonality. */
  public static final int MIN_PRE_PERIODS = 8;

  /**
   * A series.
   *
   * @param values the outcome per period, in order, no gaps
   * @param start the index of the first period with the intervention (0-based)
   * @param months the month of year (1–12) of each period for seasonal dummies, or empty
   * @param comparison a comparison series over the same periods, or empty
   * @param lag the Newey–West lag, or empty for ⌊4(n/100)^(2/9)⌋
   */
  public record Series(
      double[] values,
      int start,
      Optional<int[]> months,
      Optional<double[]> comparison,
      Optional<Integer> lag) {}

  /** A coefficient with its Newey–West standard error. */
  public record Coefficient(double estimate, double se) {
    /** The 95% normal interval's lower end. */
    public double lower() {
      return estimate - Normal.Z95 * se;
    }

    /** The 95% normal interval's upper end. */
    public double upper() {
      return estimate + Normal.Z95 * se;
    }

    /** The two-sided normal p-value. */
    public double p() {
      return Normal.twoSidedP(estimate, se);
    }
  }

  /**
   * The fit.
   *
   * @param intercept b0 (depends on the dummies' reference month)
   * @param trend b1, the change per period before the intervention
   * @param levelChange b2, the step at the start
   * @param slopeChange b3, the change in trend from the start
   * @param lag the Newey–West lag used
   * @param fitted the fitted series
   * @param counterfactual the fitted series without the intervention terms
   * @param cumulativeDifference Σ over the intervention periods of fitted − counterfactual, with
   *     its Newey–West standard error
   * @param preRmse the root mean squared residual before the start
   * @param durbinWatson the Durbin–Watson statistic of the residuals (2: no first-order
   *     autocorrelation left)
   * @param start the index of the first intervention period
   * @param interventionCovariance the Newey–West covariance of (level change, slope change)
   */
  public record Result(
      Coefficient intercept,
      Coefficient trend,
      Coefficient levelChange,
      Coefficient slopeChange,
      int lag,
      double[] fitted,
      double[] counterfactual,
      Coefficient cumulativeDifference,
      double preRmse,
      double durbinWatson,
      int start,
      double[][] interventionCovariance) {
    /**
     * Σ over the intervention periods of {@code weights[t]·(fitted − counterfactual)}, e.g. the
     * events the change amounts to when the weights are population / rate multiplier, with its
     * Newey–West standard error.
     */
    public Coefficient weightedDifference(double[] weights) {
      double a = 0;
      double b = 0;
      for (int t = start; t < weights.length; t++) {
        a += weights[t];
        b += weights[t] * (t - start + 1);
      }
      double[][] v = interventionCovariance;
      double var = a * a * v[0][0] + 2 * a * b * v[0][1] + b * b * v[1][1];
      return new Coefficient(
          a * levelChange.estimate() + b * slopeChange.estimate(), Math.sqrt(var));
    }
  }

  private InterruptedTimeSeries() {}

  /** ⌊4(n/100)^(2/9)⌋, the Newey–West rule of thumb. */
  public static int defaultLag(int n) {
    return (int) Math.floor(4 * Math.pow(n / 100.0, 2.0 / 9.0));
  }

  /**
   * Fits the segmented regression.
   *
   * @throws IllegalArgumentException when there are fewer than {@link #MIN_PRE_PERIODS} pre-periods
   *     or fewer than 2 periods from the start
   */
  public static Result fit(Series s) {
    double[] y = s.values();
    int n = y.length;
    if (s.start() < MIN_PRE_PERIODS) {
      throw new IllegalArgumentException(
          "the series has "
              + s.start()
              + " period(s) before the start; an interrupted time series needs at least "
              + MIN_PRE_PERIODS);
    }
    if (n - s.start() < 2) {
      throw new IllegalArgumentException(
          "the series has " + (n - s.start()) + " period(s) from the start; it needs at least 2");
    }
    double[][] x = design(s);
    int k = x[0].length;
    RealMatrix xm = new Array2DRowRealMatrix(x, false);
    RealVector beta = new QRDecomposition(xm).getSolver().solve(new ArrayRealVector(y, false));
    double[] u = new double[n];
    double[] fitted = new double[n];
    double[] counterfactual = new double[n];
    for (int t = 0; t < n; t++) {
      double f = 0;
      for (int j = 0; j < k; j++) {
        f += x[t][j] * beta.getEntry(j);
      }
      fitted[t] = f;
      counterfactual[t] = f - x[t][2] * beta.getEntry(2) - x[t][3] * beta.getEntry(3);
      u[t] = y[t] - f;
    }
    int lag = s.lag().orElse(defaultLag(n));
    RealMatrix v = neweyWest(xm, u, lag);
    double[] c = new double[k];
    for (int t = s.start(); t < n; t++) {
      c[2] += x[t][2];
      c[3] += x[t][3];
    }
    RealVector cv = new ArrayRealVector(c, false);
    double cum = cv.dotProduct(beta);
    double cumSe = Math.sqrt(cv.dotProduct(v.operate(cv)));
    double pre = 0;
    for (int t = 0; t < s.start(); t++) {
      pre += u[t] * u[t];
    }
    double dwNum = 0;
    double dwDen = 0;
    for (int t = 0; t < n; t++) {
      dwDen += u[t] * u[t];
      if (t > 0) {
        dwNum += (u[t] - u[t - 1]) * (u[t] - u[t - 1]);
      }
    }
    return new Result(
        coefficient(beta, v, 0),
        coefficient(beta, v, 1),
        coefficient(beta, v, 2),
        coefficient(beta, v, 3),
        lag,
        fitted,
        counterfactual,
        new Coefficient(cum, cumSe),
        Math.sqrt(pre / s.start()),
        dwNum / dwDen,
        s.start(),
        new double[][] {
          {v.getEntry(2, 2), v.getEntry(2, 3)},
          {v.getEntry(3, 2), v.getEntry(3, 3)}
        });
  }

  private static Coefficient coefficient(RealVector beta, RealMatrix v, int j) {
    return new Coefficient(beta.getEntry(j), Math.sqrt(v.getEntry(j, j)));
  }

  /** Columns: 1, time, post, time_since, month dummies (not the first month's), comparison. */
  static double[][] design(Series s) {
    int n = s.values().length;
    List<Integer> dummyMonths = new ArrayList<>();
    if (s.months().isPresent()) {
      int[] m = s.months().get();
      for (int month = 1; month <= 12; month++) {
        int mm = month;
        boolean present = java.util.Arrays.stream(m).anyMatch(v -> v == mm);
        if (present && month != m[0]) {
          dummyMonths.add(month);
        }
      }
    }
    int k = 4 + dummyMonths.size() + (s.comparison().isPresent() ? 1 : 0);
    double[][] x = new double[n][k];
    for (int t = 0; t < n; t++) {
      x[t][0] = 1;
      x[t][1] = t + 1;
      x[t][2] = t >= s.start() ? 1 : 0;
      x[t][3] = t >= s.start() ? t - s.start() + 1 : 0;
      for (int d = 0; d < dummyMonths.size(); d++) {
        x[t][4 + d] = s.months().get()[t] == dummyMonths.get(d) ? 1 : 0;
      }
      if (s.comparison().isPresent()) {
        x[t][k - 1] = s.comparison().get()[t];
      }
    }
    return x;
  }

  /** (XᵀX)⁻¹ S (XᵀX)⁻¹ with S the Bartlett-weighted sum of the scores' autocovariances. */
  static RealMatrix neweyWest(RealMatrix x, double[] u, int lag) {
    int n = u.length;
    int k = x.getColumnDimension();
    double[][] psi = new double[n][k];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < k; j++) {
        psi[t][j] = x.getEntry(t, j) * u[t];
      }
    }
    double[][] s = new double[k][k];
    for (int l = 0; l <= lag; l++) {
      double w = l == 0 ? 1 : 1 - l / (lag + 1.0);
      for (int t = l; t < n; t++) {
        for (int a = 0; a < k; a++) {
          for (int b = 0; b < k; b++) {
            double g = psi[t][a] * psi[t - l][b];
            s[a][b] += w * g;
            if (l > 0) {
              s[b][a] += w * g;
            }
          }
        }
      }
    }
    RealMatrix xtxInv = new LUDecomposition(x.transpose().multiply(x)).getSolver().getInverse();
    return xtxInv.multiply(new Array2DRowRealMatrix(s, false)).multiply(xtxInv);
  }
}
