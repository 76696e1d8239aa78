package vru.evaluation.api.did;

import java.util.Arrays;

/**
 * Synthetic difference-in-differences (Arkhangelsky, Athey, Hirshberg, Imbens and Wager 2021,
 * Algorithm 1), synthetic control and difference-in-differences on a block design, as R {@code
 * synthdid} computes them ({@code synthdid_estimate}, {@code sc_estimate}, {@code did_estimate}).
 *
 * <p>{@code y} is N × T, the N0 control units first and the N1 treated units last; columns are
 * periods, the first T0 before treatment. With unit weights ω (on the controls) and time weights λ
 * (on the pre-periods), the estimate is {@code (−ω, 1/N1…)ᵀ Y (−λ, 1/T1…)}: the treated units' post
 * − weighted-pre change minus the same for the weighted controls.
 *
 * <p>The weights solve regularised least squares on the simplex by Frank–Wolfe with exact line
 * search ({@link FrankWolfe}): ω fits the treated units' pre-period mean path from the controls
 * (with an intercept, ridge ζ_ω = (N1·T1)^¼·σ), λ fits the controls' post-period means from their
 * pre-periods (with an intercept, ζ_λ = 10⁻⁶·σ), σ the standard deviation of the controls' first
 * differences in the pre-period. Each is solved for at most 100 iterations, sparsified (weights at
 * or below a quarter of the largest set to 0, the rest renormalised) and solved again from there
 * for at most 10,000 iterations, stopping when an iteration lowers the objective by less than
 * (10⁻⁵·σ)². Synthetic control: λ = 0, ω without intercept and ζ_ω = 10⁻⁶·σ.
 * Difference-in-differences: uniform weights.
 */
public final class SynthDid {
  /** The three estimators. */
  public enum Kind {
    /** Synthetic difference-in-differences. */
    SDID("sdid"),
    /** Synthetic control. */
    SC("sc"),
    /** Difference-in-differences with uniform weights. */
    DID("did-sdid");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The estimator's name as {@code vru did --estimator} takes it. */
    public String id() {
      return id;
    }
  }

  /**
   * The settings a fit used, so a placebo or jackknife replicate fits the same way.
   *
   * @param kind the estimator
   * @param zetaOmega ω's ridge parameter
   * @param zetaLambda λ's ridge parameter
   * @param minDecrease the stopping rule's decrease
   * @param noiseLevel σ
   */
  public record Settings(
      Kind kind, double zetaOmega, double zetaLambda, double minDecrease, double noiseLevel) {}

  /**
   * A fit.
   *
   * @param estimate the average treatment effect on the treated block
   * @param omega the control units' weights (sum to 1)
   * @param lambda the pre-periods' weights (sum to 1; all 0 for synthetic control)
   * @param settings how it was fitted
   */
  public record Fit(double estimate, double[] omega, double[] lambda, Settings settings) {
    /** The effective number of donors, 1/Σω² (synthdid's summary). */
    public double effectiveControls() {
      return 1 / sumSquares(omega);
    }

    /** The effective number of pre-periods, 1/Σλ²; NaN for synthetic control (λ = 0). */
    public double effectivePrePeriods() {
      double s = sumSquares(lambda);
      return s == 0 ? Double.NaN : 1 / s;
    }
  }

  static final int MAX_ITER = 10_000;
  static final int MAX_ITER_PRE_SPARSIFY = 100;

  private SynthDid() {}

  /** Fits {@code kind} with the package's default regularisation. */
  public static Fit estimate(double[][] y, int n0, int t0, Kind kind) {
    check(y, n0, t0);
    int n1 = y.length - n0;
    int t1 = y[0].length - t0;
    double sigma = noiseLevel(y, n0, t0);
    double etaOmega = kind == Kind.SC ? 1e-6 : Math.pow((double) n1 * t1, 0.25);
    Settings s = new Settings(kind, etaOmega * sigma, 1e-6 * sigma, 1e-5 * sigma, sigma);
    return fit(y, n0, t0, s, null, null);
  }

  /**
   * Fits with given settings; {@code omegaStart} and {@code lambdaStart} (null: uniform) start the
   * weights the estimator solves for, and are the weights themselves where it does not solve (λ of
   * synthetic control, both of difference-in-differences).
   */
  static Fit fit(
      double[][] y, int n0, int t0, Settings s, double[] omegaStart, double[] lambdaStart) {
    int n1 = y.length - n0;
    int t1 = y[0].length - t0;
    double[][] yc = collapsed(y, n0, t0);
    double[] lambda;
    double[] omega;
    switch (s.kind()) {
      case DID -> {
        lambda = uniform(t0);
        omega = uniform(n0);
      }
      case SC -> {
        lambda = new double[t0];
        omega = solveOmega(yc, n0, t0, s, false, omegaStart);
      }
      default -> {
        lambda = solveLambda(yc, n0, t0, s, lambdaStart);
        omega = solveOmega(yc, n0, t0, s, true, omegaStart);
      }
    }
    return new Fit(estimate(y, n0, t0, n1, t1, omega, lambda), omega, lambda, s);
  }

  /** λ: the controls' post-period means from their pre-periods, with an intercept. */
  private static double[] solveLambda(double[][] yc, int n0, int t0, Settings s, double[] start) {
    double[][] m = new double[n0][];
    for (int i = 0; i < n0; i++) {
      m[i] = yc[i].clone();
    }
    return solve(m, s.zetaLambda(), true, start == null ? uniform(t0) : start, s.minDecrease());
  }

  /** ω: the treated units' pre-period path from the controls'. */
  private static double[] solveOmega(
      double[][] yc, int n0, int t0, Settings s, boolean intercept, double[] start) {
    double[][] m = new double[t0][n0 + 1];
    for (int t = 0; t < t0; t++) {
      for (int i = 0; i <= n0; i++) {
        m[t][i] = yc[i][t];
      }
    }
    return solve(m, s.zetaOmega(), intercept, start == null ? uniform(n0) : start, s.minDecrease());
  }

  /** Solved, sparsified and solved again from there, as {@code synthdid_estimate} does. */
  private static double[] solve(
      double[][] m, double zeta, boolean intercept, double[] start, double minDecrease) {
    FrankWolfe fw = new FrankWolfe(m, zeta, intercept);
    double[] first = fw.solve(start, minDecrease, MAX_ITER_PRE_SPARSIFY);
    return fw.solve(sparsify(first), minDecrease, MAX_ITER);
  }

  /** Weights at or below a quarter of the largest set to 0, the rest renormalised to sum to 1. */
  static double[] sparsify(double[] v) {
    double max = Arrays.stream(v).max().orElse(0);
    double[] out = v.clone();
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] <= max / 4) {
        out[i] = 0;
      }
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  static double estimate(
      double[][] y, int n0, int t0, int n1, int t1, double[] omega, double[] lambda) {
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      double wi = i < n0 ? -omega[i] : 1.0 / n1;
      double row = 0;
      for (int t = 0; t < y[i].length; t++) {
        double wt = t < t0 ? -lambda[t] : 1.0 / t1;
        row += wt * y[i][t];
      }
      total += wi * row;
    }
    return total;
  }

  /**
   * The (N0+1) × (T0+1) collapsed form: controls' pre-periods, their post-period means, the treated
   * units' pre-period means, and the treated post-period mean.
   */
  static double[][] collapsed(double[][] y, int n0, int t0) {
    int n = y.length;
    int t = y[0].length;
    double[][] c = new double[n0 + 1][t0 + 1];
    for (int i = 0; i < n0; i++) {
      System.arraycopy(y[i], 0, c[i], 0, t0);
      c[i][t0] = mean(y[i], t0, t);
    }
    for (int p = 0; p <= t0; p++) {
      double s = 0;
      for (int i = n0; i < n; i++) {
        s += p < t0 ? y[i][p] : mean(y[i], t0, t);
      }
      c[n0][p] = s / (n - n0);
    }
    return c;
  }

  /** σ: the sample standard deviation of every control unit's pre-period first differences. */
  static double noiseLevel(double[][] y, int n0, int t0) {
    int count = n0 * (t0 - 1);
    double sum = 0;
    for (int i = 0; i < n0; i++) {
      for (int t = 1; t < t0; t++) {
        sum += y[i][t] - y[i][t - 1];
      }
    }
    double mean = sum / count;
    double ss = 0;
    for (int i = 0; i < n0; i++) {
      for (int t = 1; t < t0; t++) {
        double d = y[i][t] - y[i][t - 1] - mean;
        ss += d * d;
      }
    }
    return Math.sqrt(ss / (count - 1));
  }

  private static void check(double[][] y, int n0, int t0) {
    if (n0 < 2 || n0 >= y.length) {
      throw new IllegalArgumentException("need at least 2 control units and 1 treated unit");
    }
    if (t0 < 2 || t0 >= y[0].length) {
      throw new IllegalArgumentException("need at least 2 pre-periods and 1 post-period");
    }
  }

  static double[] uniform(int n) {
    double[] u = new double[n];
    Arrays.fill(u, 1.0 / n);
    return u;
  }

  private static double mean(double[] row, int from, int to) {
    double s = 0;
    for (int t = from; t < to; t++) {
      s += row[t];
    }
    return s / (to - from);
  }

  static double sumSquares(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }
}
