package vru.evaluation.api.did;

import java.util.Arrays;
import java.util.Random;

/**
 * Inference for synthetic estimators with one or few treated units, where cluster-robust and
 * multiplier-bootstrap errors are not valid: R {@code synthdid}'s placebo standard error ({@code
 * vcov(method = "placebo")}, Algorithm 4 of Arkhangelsky et al.), its fixed-weights jackknife
 * (Algorithm 3, more than one treated unit), and Abadie, Diamond and Hainmueller's (2010)
 * permutation test on the ratio of post- to pre-period root mean squared prediction error.
 */
public final class SynthDidInference {
  private SynthDidInference() {}

  /**
   * Placebo replicates: each time the controls are shuffled (seeded), the last N1 of them play the
   * treated units, and the estimator is fitted again with the same settings, starting from the
   * original weights (ω renormalised over the pseudo-controls). The standard error is √((r−1)/r)·sd
   * of the r estimates.
   *
   * @return the replicate estimates
   * @throws IllegalArgumentException when there are not more controls than treated units
   */
  public static double[] placebo(
      double[][] y, int n0, int t0, SynthDid.Fit fit, int reps, long seed) {
    int n1 = y.length - n0;
    if (n0 <= n1) {
      throw new IllegalArgumentException(
          "placebo inference needs more control units ("
              + n0
              + ") than treated units ("
              + n1
              + ")");
    }
    // the shuffles are drawn in order from one seeded stream, then fitted in parallel: the same
    // seed gives the same replicates on any number of cores
    Random random = new Random(seed);
    int[][] orders = new int[reps][n0];
    for (int r = 0; r < reps; r++) {
      int[] order = orders[r];
      for (int i = 0; i < n0; i++) {
        order[i] = i;
      }
      for (int i = n0 - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
    int pseudoControls = n0 - n1;
    double[] out = new double[reps];
    java.util.stream.IntStream.range(0, reps)
        .parallel()
        .forEach(
            r -> {
              double[][] yb = new double[n0][];
              double[] omega = new double[pseudoControls];
              for (int i = 0; i < n0; i++) {
                yb[i] = y[orders[r][i]];
                if (i < pseudoControls) {
                  omega[i] = fit.omega()[orders[r][i]];
                }
              }
              out[r] =
                  SynthDid.fit(
                          yb, pseudoControls, t0, fit.settings(), sumNormalise(omega), fit.lambda())
                      .estimate();
            });
    return out;
  }

  /** √((r−1)/r)·sd(estimates), as {@code synthdid}'s placebo and bootstrap errors. */
  public static double replicateSe(double[] estimates) {
    int r = estimates.length;
    return Math.sqrt((r - 1.0) / r) * sd(estimates);
  }

  /**
   * The fixed-weights jackknife standard error: each unit left out in turn, ω renormalised over the
   * remaining controls and λ kept, {@code √((n−1)/n·(n−1)·var(u))}.
   *
   * @return NaN with one treated unit or a single control of non-zero weight
   */
  public static double jackknife(double[][] y, int n0, int t0, SynthDid.Fit fit) {
    int n = y.length;
    int n1 = n - n0;
    long used = Arrays.stream(fit.omega()).filter(w -> w != 0).count();
    if (n1 < 2 || used < 2) {
      return Double.NaN;
    }
    int t1 = y[0].length - t0;
    double[] u = new double[n];
    for (int out = 0; out < n; out++) {
      double[][] yj = new double[n - 1][];
      int controls = out < n0 ? n0 - 1 : n0;
      double[] omega = new double[controls];
      int row = 0;
      for (int i = 0; i < n; i++) {
        if (i == out) {
          continue;
        }
        if (i < n0) {
          omega[row] = fit.omega()[i];
        }
        yj[row++] = y[i];
      }
      u[out] =
          SynthDid.estimate(
              yj, controls, t0, n - 1 - controls, t1, sumNormalise(omega), fit.lambda());
    }
    double var = sd(u) * sd(u);
    return Math.sqrt((n - 1.0) / n * (n - 1) * var);
  }

  /**
   * Abadie's permutation test: the treated block and, in turn, each control as if it alone were
   * treated (fitted from the other controls with the same estimator), each scored by the ratio of
   * its post- to its pre-period RMSPE (the gap to its synthetic path, less the weighted pre-gap
   * where the estimator has an intercept).
   *
   * @param ratio the treated block's ratio
   * @param p the share of all units whose ratio is at least the treated block's
   * @param placeboRatios each control's ratio
   * @param preRmspe the treated block's pre-period RMSPE (the pre-period fit)
   */
  public record Permutation(double ratio, double p, double[] placeboRatios, double preRmspe) {}

  /** The permutation test for a fit of {@code y} (controls first). */
  public static Permutation permutation(double[][] y, int n0, int t0, SynthDid.Fit fit) {
    double[] treatedPath = meanOfRows(y, n0, y.length);
    double[] treated = rmspe(treatedPath, y, n0, t0, fit);
    double[] ratios = new double[n0];
    java.util.stream.IntStream.range(0, n0)
        .parallel()
        .forEach(
            j -> {
              double[][] yp = new double[n0][];
              int row = 0;
              for (int i = 0; i < n0; i++) {
                if (i != j) {
                  yp[row++] = y[i];
                }
              }
              yp[n0 - 1] = y[j];
              SynthDid.Fit placebo = SynthDid.estimate(yp, n0 - 1, t0, fit.settings().kind());
              double[] r = rmspe(y[j], yp, n0 - 1, t0, placebo);
              ratios[j] = r[1] / r[0];
            });
    int atLeast = 1;
    for (double ratio : ratios) {
      if (ratio >= treated[1] / treated[0]) {
        atLeast++;
      }
    }
    return new Permutation(
        treated[1] / treated[0], atLeast / (double) (n0 + 1), ratios, treated[0]);
  }

  /** {pre-period RMSPE, post-period RMSPE} of a path against its synthetic control. */
  static double[] rmspe(double[] path, double[][] y, int n0, int t0, SynthDid.Fit fit) {
    int periods = path.length;
    double[] gap = new double[periods];
    for (int t = 0; t < periods; t++) {
      double synthetic = 0;
      for (int i = 0; i < n0; i++) {
        synthetic += fit.omega()[i] * y[i][t];
      }
      gap[t] = path[t] - synthetic;
    }
    double offset = 0;
    if (fit.settings().kind() != SynthDid.Kind.SC) {
      for (int t = 0; t < t0; t++) {
        offset += gap[t] / t0;
      }
    }
    double pre = 0;
    double post = 0;
    for (int t = 0; t < periods; t++) {
      double e = gap[t] - offset;
      if (t < t0) {
        pre += e * e / t0;
      } else {
        post += e * e / (periods - t0);
      }
    }
    return new double[] {Math.sqrt(pre), Math.sqrt(post)};
  }

  private static double[] meanOfRows(double[][] y, int from, int to) {
    double[] m = new double[y[0].length];
    for (int i = from; i < to; i++) {
      for (int t = 0; t < m.length; t++) {
        m[t] += y[i][t] / (to - from);
      }
    }
    return m;
  }

  /** x / sum(x), or uniform weights when x sums to 0 ({@code synthdid}'s sum_normalize). */
  static double[] sumNormalise(double[] x) {
    double s = Arrays.stream(x).sum();
    if (s == 0) {
      return SynthDid.uniform(x.length);
    }
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] / s;
    }
    return out;
  }

  static double sd(double[] v) {
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }
}
