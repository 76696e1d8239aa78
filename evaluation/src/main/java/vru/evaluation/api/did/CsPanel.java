package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The panel as the Callaway–Sant'Anna estimator reads it: outcomes by unit and period (NaN where a
 * unit has no row), each unit's normalised weight and cohort, the cohorts that can be estimated,
 * and what was left out of the estimation and why.
 */
final class CsPanel {
  final DidPanel panel;
  final CallawaySantAnna.Options options;
  final int n;
  final int periods;
  final int[] times;
  final int[] cohortIndex;
  final double[] w;
  final double[][] y;
  final List<String> excluded = new ArrayList<>();
  final List<Integer> groups = new ArrayList<>();

  /**
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the periods are not consecutive, a
   *     unit's weight varies or a cohort has a single unit
   */
  CsPanel(DidPanel p, CallawaySantAnna.Options options) {
    this.panel = p;
    this.options = options;
    n = p.units();
    periods = p.periods();
    times = p.times.stream().mapToInt(Integer::intValue).toArray();
    for (int i = 1; i < times.length; i++) {
      if (times[i] != times[i - 1] + 1) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "the panel has no rows for any unit between "
                + p.label(times[i - 1])
                + " and "
                + p.label(times[i])
                + ": the cs estimator needs every period on the axis; add the missing periods");
      }
    }
    y = new double[n][periods];
    for (double[] row : y) {
      Arrays.fill(row, Double.NaN);
    }
    w = new double[n];
    Arrays.fill(w, Double.NaN);
    for (int r = 0; r < p.size(); r++) {
      y[p.unit[r]][p.period[r]] = p.y[r];
      int u = p.unit[r];
      if (!Double.isNaN(w[u]) && w[u] != p.weight[r]) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + p.unitIds.get(u)
                + " has different weights in different periods; the cs estimator needs one weight"
                + " per unit (e.g. the population in the base year)");
      }
      w[u] = p.weight[r];
    }
    double meanW = Arrays.stream(w).average().orElse(1);
    for (int i = 0; i < n; i++) {
      w[i] /= meanW;
    }
    List<String> gaps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < periods; t++) {
        if (Double.isNaN(y[i][t])) {
          gaps.add(p.unitIds.get(i) + " " + p.label(times[t]));
        }
      }
    }
    if (!gaps.isEmpty()) {
      excluded.add(
          "unbalanced panel: "
              + gaps.size()
              + " unit-period(s) missing ("
              + String.join(", ", gaps.subList(0, Math.min(10, gaps.size())))
              + (gaps.size() > 10 ? ", …" : "")
              + "); each ATT(g,t) uses the units observed in both of its periods");
    }
    cohortIndex = new int[n];
    java.util.Map<Integer, Integer> size = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      int c = p.unitCohort[i];
      if (p.neverTreated(c)) {
        cohortIndex[i] = -1;
      } else {
        cohortIndex[i] = c - times[0];
        size.merge(cohortIndex[i], 1, Integer::sum);
      }
    }
    for (var e : size.entrySet()) {
      if (e.getValue() < 2) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "cohort "
                + p.label(times[e.getKey()])
                + " has only 1 unit; a group-time effect needs at least 2 for a standard error."
                + " Options: merge it with a neighbouring cohort (change its cohort value), drop"
                + " the unit, or use --estimator twfe");
      }
      groups.add(e.getKey());
    }
    TreeSet<Integer> late = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      int c = p.unitCohort[i];
      if (c > times[periods - 1]) {
        late.add(c);
      }
    }
    for (int c : late) {
      excluded.add(
          "cohort "
              + p.label(c)
              + ": first treated after the last period "
              + p.label(times[periods - 1])
              + ", so counted as never treated");
    }
  }

  String label(int index) {
    return panel.label(times[index]);
  }

  /** The standard error of an influence function: √(Σ ψ²/n)/√n. */
  double se(double[] influence) {
    double s = 0;
    for (double v : influence) {
      s += v * v;
    }
    return Math.sqrt(s / n) / Math.sqrt(n);
  }
}
