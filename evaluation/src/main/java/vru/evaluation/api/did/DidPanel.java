package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * A panel for difference-in-differences: one outcome per unit and period, each unit's cohort (the
 * first treated period, 0 for never treated), an optional weight (e.g. population) and an optional
 * cluster (by default the unit). Periods are integers on a regular axis ({@link TimeAxis} maps
 * years, financial years and months to them); units and periods are indexed 0..n-1. Panels may be
 * unbalanced: a unit may miss periods.
 */
public final class DidPanel {
  /**
   * One observation.
   *
   * @param unit the unit id
   * @param time the period, an integer on the panel's axis
   * @param outcome the outcome
   * @param cohort the unit's first treated period; 0 for never treated
   * @param weight a positive weight (1 when not given)
   * @param cluster the cluster the row belongs to ({@code null}: the unit)
   */
  public record Observation(
      String unit, int time, double outcome, int cohort, double weight, String cluster) {
    /** An unweighted observation clustered by unit. */
    public Observation(String unit, int time, double outcome, int cohort) {
      this(unit, time, outcome, cohort, 1.0, null);
    }
  }

  final int[] unit;
  final int[] time;
  final double[] y;
  final int[] cohort;
  final int[] period;
  final double[] weight;
  final int[] cluster;
  final List<String> unitIds;
  final List<Integer> times;
  final List<String> clusterIds;

  /** Per unit: its cohort, and its cluster (−1 when the unit's rows fall in several clusters). */
  final int[] unitCohort;

  final int[] unitCluster;
  final boolean weighted;
  final TimeAxis axis;

  private DidPanel(List<Observation> rows, TimeAxis axis) {
    this.axis = axis;
    Map<String, Integer> units = new HashMap<>();
    Map<Integer, Integer> periods = new HashMap<>();
    Map<String, Integer> clusters = new HashMap<>();
    unitIds = new ArrayList<>();
    clusterIds = new ArrayList<>();
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
    weight = new double[n];
    cluster = new int[n];
    Map<String, Integer> cohortOf = new HashMap<>();
    Set<String> seen = new HashSet<>();
    boolean anyWeight = false;
    for (int i = 0; i < n; i++) {
      Observation o = rows.get(i);
      if (!Double.isFinite(o.outcome())) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + ", period "
                + axis.label(o.time())
                + ": the outcome is missing or not a number");
      }
      if (!(o.weight() > 0) || !Double.isFinite(o.weight())) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + ", period "
                + axis.label(o.time())
                + ": the weight "
                + o.weight()
                + " is not a positive number");
      }
      if (!seen.add(o.unit() + "\u0000" + axis.label(o.time()))) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + " has more than one row for period "
                + axis.label(o.time())
                + "; keep one row per unit and period");
      }
      Integer previous = cohortOf.putIfAbsent(o.unit(), o.cohort());
      if (previous != null && previous != o.cohort()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + o.unit()
                + " has cohort "
                + cohortLabel(previous)
                + " in one row and "
                + cohortLabel(o.cohort())
                + " in another; a unit's first treated period must be the same in every row");
      }
      unit[i] =
          units.computeIfAbsent(
              o.unit(),
              k -> {
                unitIds.add(k);
                return unitIds.size() - 1;
              });
      String c = o.cluster() == null ? "\u0000" + o.unit() : o.cluster();
      cluster[i] =
          clusters.computeIfAbsent(
              c,
              k -> {
                clusterIds.add(k.startsWith("\u0000") ? k.substring(1) : k);
                return clusterIds.size() - 1;
              });
      time[i] = o.time();
      period[i] = periods.get(o.time());
      y[i] = o.outcome();
      cohort[i] = o.cohort();
      weight[i] = o.weight();
      anyWeight |= o.weight() != 1.0;
    }
    weighted = anyWeight;
    unitCohort = new int[unitIds.size()];
    unitCluster = new int[unitIds.size()];
    java.util.Arrays.fill(unitCluster, -2);
    for (int i = 0; i < n; i++) {
      unitCohort[unit[i]] = cohort[i];
      if (unitCluster[unit[i]] == -2) {
        unitCluster[unit[i]] = cluster[i];
      } else if (unitCluster[unit[i]] != cluster[i]) {
        unitCluster[unit[i]] = -1;
      }
    }
  }

  /**
   * Builds a panel.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} for duplicated unit-period rows, a cohort
   *     that changes within a unit, a missing outcome or a weight that is not positive, naming the
   *     unit and period
   */
  public static DidPanel of(List<Observation> rows) {
    return of(rows, TimeAxis.YEAR);
  }

  /** Builds a panel whose periods are on {@code axis} (used to label periods in results). */
  public static DidPanel of(List<Observation> rows, TimeAxis axis) {
    if (rows.isEmpty()) {
      throw new VruException(ErrorCode.INPUT_INVALID, "the panel has no rows");
    }
    return new DidPanel(rows, axis);
  }

  /** The label of a cohort: its first treated period, or {@code never}. */
  String cohortLabel(int c) {
    return c <= 0 ? "never" : axis.label(c);
  }

  /** The axis the periods are on. */
  public TimeAxis axis() {
    return axis;
  }

  /** The label of period position {@code t}. */
  public String label(int t) {
    return axis.label(t);
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
        keep.add(observation(i));
      }
    }
    return of(keep, axis);
  }

  /** Row {@code i} as an observation. */
  Observation observation(int i) {
    String c = clusterIds.get(cluster[i]);
    return new Observation(
        unitIds.get(unit[i]),
        time[i],
        y[i],
        cohort[i],
        weight[i],
        c.equals(unitIds.get(unit[i])) ? null : c);
  }

  /** Every row as an observation, in input order. */
  public List<Observation> observations() {
    List<Observation> out = new ArrayList<>(y.length);
    for (int i = 0; i < y.length; i++) {
      out.add(observation(i));
    }
    return out;
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

  public int clusters() {
    return clusterIds.size();
  }

  /** The periods, ascending. */
  public List<Integer> times() {
    return times;
  }

  /** Units treated within the panel's periods. */
  public int treatedUnits() {
    int n = 0;
    for (int c : unitCohort) {
      n += neverTreated(c) ? 0 : 1;
    }
    return n;
  }

  /** Whether every unit has a row for every period. */
  public boolean balanced() {
    return y.length == (long) units() * periods();
  }

  /** Whether each unit's rows all fall in one cluster (so unit effects nest in clusters). */
  boolean unitsNestedInClusters() {
    for (int c : unitCluster) {
      if (c < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether row {@code i} is treated: its unit's cohort is set and has started. */
  boolean treated(int i) {
    return cohort[i] > 0 && time[i] >= cohort[i];
  }

  /** The distinct cohorts of units ever treated within the panel's periods, ascending. */
  List<Integer> treatedCohorts() {
    int last = times.get(times.size() - 1);
    return java.util.Arrays.stream(unitCohort)
        .filter(c -> c > 0 && c <= last)
        .distinct()
        .sorted()
        .boxed()
        .toList();
  }

  /** Whether a unit with cohort {@code c} is never treated within the panel's periods. */
  boolean neverTreated(int c) {
    return c <= 0 || c > times.get(times.size() - 1);
  }
}
