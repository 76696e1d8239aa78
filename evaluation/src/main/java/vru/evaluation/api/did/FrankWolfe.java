package vru.evaluation.api.did;

/**
 * The regularised simplex least squares of synthetic weights, solved by Frank–Wolfe with exact line
 * search, as R {@code synthdid}'s {@code sc.weight.fw}: for an n × (k+1) matrix whose first k
 * columns are A and whose last is b (each column centred first when there is an intercept),
 * minimise {@code ζ²·|x|² + |Ax − b|²/n} over weights x ≥ 0 summing to 1.
 */
final class FrankWolfe {
  private final double[][] a;
  private final double[] b;
  private final int n;
  private final int k;
  private final double zeta2;
  private final double eta;

  FrankWolfe(double[][] m, double zeta, boolean intercept) {
    n = m.length;
    k = m[0].length - 1;
    double[][] y = new double[n][];
    for (int r = 0; r < n; r++) {
      y[r] = m[r].clone();
    }
    if (intercept) {
      for (int c = 0; c <= k; c++) {
        double s = 0;
        for (int r = 0; r < n; r++) {
          s += y[r][c];
        }
        double mean = s / n;
        for (int r = 0; r < n; r++) {
          y[r][c] -= mean;
        }
      }
    }
    a = new double[n][k];
    b = new double[n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(y[r], 0, a[r], 0, k);
      b[r] = y[r][k];
    }
    zeta2 = zeta * zeta;
    eta = n * zeta2;
  }

  /**
   * Iterates from {@code start} until an iteration lowers the objective by no more than {@code
   * minDecrease²} (after at least two), or {@code maxIter} iterations.
   */
  double[] solve(double[] start, double minDecrease, int maxIter) {
    double[] x = start.clone();
    double[] ax = times(x);
    double previous = Double.NaN;
    double threshold = minDecrease * minDecrease;
    for (int t = 1; t <= maxIter; t++) {
      step(x, ax);
      double value = objective(x, ax);
      if (t >= 2 && !(previous - value > threshold)) {
        break;
      }
      previous = value;
    }
    return x;
  }

  /**
   * One Frank–Wolfe step towards the vertex of steepest descent, with exact line search; {@code x}
   * and {@code ax} (A·x) are updated in place, A·x along the step's own direction.
   */
  private void step(double[] x, double[] ax) {
    double[] halfGrad = new double[k];
    for (int r = 0; r < n; r++) {
      double e = ax[r] - b[r];
      double[] row = a[r];
      for (int j = 0; j < k; j++) {
        halfGrad[j] += e * row[j];
      }
    }
    int best = 0;
    for (int j = 0; j < k; j++) {
      halfGrad[j] += eta * x[j];
      if (halfGrad[j] < halfGrad[best]) {
        best = j;
      }
    }
    double num = 0;
    double dx2 = 0;
    boolean moves = false;
    for (int j = 0; j < k; j++) {
      double dx = j == best ? 1 - x[j] : -x[j];
      moves |= dx != 0;
      num += halfGrad[j] * dx;
      dx2 += dx * dx;
    }
    if (!moves) {
      return;
    }
    double dErr2 = 0;
    for (int r = 0; r < n; r++) {
      double d = a[r][best] - ax[r];
      dErr2 += d * d;
    }
    double step = Math.min(1, Math.max(0, -num / (dErr2 + eta * dx2)));
    for (int j = 0; j < k; j++) {
      x[j] += step * (j == best ? 1 - x[j] : -x[j]);
    }
    for (int r = 0; r < n; r++) {
      ax[r] += step * (a[r][best] - ax[r]);
    }
  }

  private double objective(double[] x, double[] ax) {
    double err = 0;
    for (int r = 0; r < n; r++) {
      double e = ax[r] - b[r];
      err += e * e;
    }
    return zeta2 * SynthDid.sumSquares(x) + err / n;
  }

  private double[] times(double[] x) {
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += a[r][j] * x[j];
      }
      out[r] = s;
    }
    return out;
  }
}
