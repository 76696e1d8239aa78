package vru.evaluation.did;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * A panel for difference-in-differences: one outcome per unit and period, and each unit's cohort
 * (the first treated period, 0 for never treated). Units and periods are indexed 0..n-1.
 */
public final class DidPanel {
  /** One observation. */
  public record Observation(String unit, int time, double outcome, int cohort) {}

  final int[] unit;
  final int[] time;
  final double[] y;
  final int[] cohort;
  final int[] period;
  final List<String> unitIds;
  final List<Integer> times;

  private DidPanel(List<Observation> rows) {
    Map<String, Integer> units = new HashMap<>();
    Map<Integer, Integer> periods = new HashMap<>();
    unitIds = new ArrayList<>();
    times = rows.stream().map(Observation::time).distinct().sorted().toList();
    for (int i = 0; i < times.size(); i++) {
      periods.put(times.get(i), i);
    }
    int n = rows.size();
    unit = new int[n];
    time = new int[n];
    period = new int[n];
    y = new double[n];
    cohort = new int[n];
    Map<String, Integer> cohortOf = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Observation o = rows.get(i);
      if (!Double.isFinite(o.outcome())) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + ", period "
                + o.time()
                + ": the outcome is missing or not a number");
      }
      if (!seen.add(o.unit() + "\u0000" + o.time())) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + " has more than one row for period "
                + o.time()
                + "; keep one row per unit and period");
      }
      Integer previous = cohortOf.putIfAbsent(o.unit(), o.cohort());
      if (previous != null && previous != o.cohort()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + " has cohort "
                + previous
                + " in one row and "
                + o.cohort()
                + " in another; a unit's first treated period must be the same in every row");
      }
      unit[i] =
          units.computeIfAbsent(
              o.unit(),
              k -> {
                unitIds.add(k);
                return unitIds.size() - 1;
              });
      time[i] = o.time();
      period[i] = periods.get(o.time());
      y[i] = o.outcome();
      cohort[i] = o.cohort();
    }
  }

  /**
   * Builds a panel.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} for duplicated unit-period rows, a cohort
   *     that changes within a unit, or a missing outcome, naming the unit and period
   */
  public static DidPanel of(List<Observation> rows) {
    if (rows.isEmpty()) {
      throw new VruException(ErrorCode.INPUT_INVALID, "the panel has no rows");
    }
    return new DidPanel(rows);
  }

  /** The same panel without the units whose cohort satisfies {@code drop}; their ids in order. */
  DidPanel without(java.util.function.IntPredicate drop, List<String> dropped) {
    List<Observation> keep = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (drop.test(cohort[i])) {
        if (!dropped.contains(unitIds.get(unit[i]))) {
          dropped.add(unitIds.get(unit[i]));
        }
      } else {
        keep.add(new Observation(unitIds.get(unit[i]), time[i], y[i], cohort[i]));
      }
    }
    return of(keep);
  }

  public int size() {
    return y.length;
  }

  public int units() {
    return unitIds.size();
  }

  public int periods() {
    return times.size();
  }

  /** Whether row {@code i} is treated: its unit's cohort is set and has started. */
  boolean treated(int i) {
    return cohort[i] > 0 && time[i] >= cohort[i];
  }
}
