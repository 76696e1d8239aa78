package vru.evaluation.api.did;

/**
 * Removes unit and period means by alternating projections (the within transformation of a two-way
 * fixed-effects model) without building dummy columns, so memory is linear in rows. Weighted means
 * when weights are given. Exact after one sweep for balanced unweighted panels; iterated to {@code
 * 1e-13} (relative to the data's scale) otherwise.
 */
final class Demeaner {
  private static final int MAX_SWEEPS = 100_000;
  private static final double TOLERANCE = 1e-13;

  private final int[] unit;
  private final int[] period;
  private final double[] w;
  private final double[] unitWeight;
  private final double[] periodWeight;

  /** A demeaner for rows with these unit and period indices and weights ({@code null}: equal). */
  Demeaner(int[] unit, int units, int[] period, int periods, double[] weights) {
    this.unit = unit;
    this.period = period;
    this.w = weights;
    unitWeight = new double[units];
    periodWeight = new double[periods];
    for (int i = 0; i < unit.length; i++) {
      double wi = w == null ? 1 : w[i];
      unitWeight[unit[i]] += wi;
      periodWeight[period[i]] += wi;
    }
  }

  static double[] demean(double[] values, int[] unit, int units, int[] period, int periods) {
    return new Demeaner(unit, units, period, periods, null).demean(values);
  }

  double[] demean(double[] values) {
    double[] v = values.clone();
    double[] unitSum = new double[unitWeight.length];
    double[] periodSum = new double[periodWeight.length];
    double scale = 0;
    for (double x : v) {
      scale = Math.max(scale, Math.abs(x));
    }
    double tolerance = TOLERANCE * Math.max(scale, 1e-300);
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      java.util.Arrays.fill(unitSum, 0);
      for (int i = 0; i < v.length; i++) {
        unitSum[unit[i]] += (w == null ? v[i] : w[i] * v[i]);
      }
      for (int i = 0; i < v.length; i++) {
        v[i] -= unitSum[unit[i]] / unitWeight[unit[i]];
      }
      java.util.Arrays.fill(periodSum, 0);
      for (int i = 0; i < v.length; i++) {
        periodSum[period[i]] += (w == null ? v[i] : w[i] * v[i]);
      }
      double change = 0;
      for (int p = 0; p < periodSum.length; p++) {
        periodSum[p] /= periodWeight[p];
        change = Math.max(change, Math.abs(periodSum[p]));
      }
      for (int i = 0; i < v.length; i++) {
        v[i] -= periodSum[period[i]];
      }
      if (change <= tolerance) {
        break;
      }
    }
    return v;
  }
}
