package vru.evaluation.did;

/**
 * Removes unit and period means by alternating projections (the within transformation of a two-way
 * fixed-effects model) without building dummy columns, so memory is linear in rows. Exact after one
 * sweep for balanced panels; iterated to {@code 1e-12} otherwise.
 */
final class Demeaner {
  private static final int MAX_SWEEPS = 10_000;
  private static final double TOLERANCE = 1e-12;

  private Demeaner() {}

  static double[] demean(double[] values, int[] unit, int units, int[] period, int periods) {
    double[] v = values.clone();
    double[] unitSum = new double[units];
    int[] unitCount = new int[units];
    double[] periodSum = new double[periods];
    int[] periodCount = new int[periods];
    for (int i = 0; i < v.length; i++) {
      unitCount[unit[i]]++;
      periodCount[period[i]]++;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      java.util.Arrays.fill(unitSum, 0);
      for (int i = 0; i < v.length; i++) {
        unitSum[unit[i]] += v[i];
      }
      for (int i = 0; i < v.length; i++) {
        v[i] -= unitSum[unit[i]] / unitCount[unit[i]];
      }
      java.util.Arrays.fill(periodSum, 0);
      for (int i = 0; i < v.length; i++) {
        periodSum[period[i]] += v[i];
      }
      double change = 0;
      for (int i = 0; i < v.length; i++) {
        double m = periodSum[period[i]] / periodCount[period[i]];
        v[i] -= m;
        change = Math.max(change, Math.abs(m));
      }
      if (sweep > 0 && change < TOLERANCE) {
        break;
      }
    }
    return v;
  }
}
