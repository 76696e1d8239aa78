package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.evaluation.api.did.CallawaySantAnna.BasePeriod;
import vru.evaluation.api.did.CallawaySantAnna.Control;

/**
 * Every group-time average treatment effect ATT(g,t) and its influence function (the formula is in
 * {@link CallawaySantAnna}'s documentation).
 */
final class GroupTime {
  /** One group-time cell: cohort and period indices; a reference cell is 0 by construction. */
  record Cell(int group, int time, boolean reference) {
    /** Whether the cell is an estimated post-treatment effect. */
    boolean post() {
      return !reference && time >= group;
    }
  }

  /** The cells, their effects and influence functions, index by index. */
  record Cells(List<Cell> cells, double[] att, double[][] psi) {}

  private final CsPanel d;
  private final int n;
  private final Control control;
  private final int antic;
  private final List<Cell> cells = new ArrayList<>();
  private final List<Double> effects = new ArrayList<>();
  private final List<double[]> influence = new ArrayList<>();

  private GroupTime(CsPanel d) {
    this.d = d;
    this.n = d.n;
    this.control = d.options.control();
    this.antic = d.options.anticipation();
  }

  /**
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when no post-treatment effect can be
   *     estimated
   */
  static Cells estimate(CsPanel d) {
    return new GroupTime(d).cells();
  }

  private Cells cells() {
    boolean universal = d.options.basePeriod() == BasePeriod.UNIVERSAL;
    List<Integer> usable = new ArrayList<>();
    for (int g : d.groups) {
      int postBase = g - 1 - antic;
      if (postBase < 0) {
        d.excluded.add(
            "cohort "
                + label(g)
                + ": no period before "
                + (antic > 0 ? "its anticipation window" : "treatment")
                + " in the panel, so no effects for it");
        continue;
      }
      usable.add(g);
      for (int t = universal ? 0 : 1; t < d.periods; t++) {
        int base = universal || t >= g ? postBase : t - 1;
        if (base == t) {
          add(new Cell(g, t, true), 0.0, new double[n]);
        } else {
          cell(g, t, base);
        }
      }
    }
    if (cells.stream().noneMatch(Cell::post)) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no post-treatment effect can be estimated"
              + (control == Control.NEVER_TREATED
                      && Arrays.stream(d.cohortIndex).noneMatch(c -> c < 0)
                  ? ": there are no never-treated units; use the not-yet-treated comparison"
                  : d.excluded.isEmpty()
                      ? ": no unit is treated within the panel (every unit's first treated period"
                          + " is 0 or after its last period); a difference-in-differences needs"
                          + " some units treated during the panel and some not"
                      : ": " + String.join("; ", d.excluded)));
    }
    d.groups.retainAll(usable);
    return new Cells(
        List.copyOf(cells),
        effects.stream().mapToDouble(Double::doubleValue).toArray(),
        influence.toArray(new double[0][]));
  }

  private void add(Cell cell, double effect, double[] psi) {
    cells.add(cell);
    effects.add(effect);
    influence.add(psi);
  }

  /** ATT(g,t) against base period {@code base}, or a note in the exclusions why there is none. */
  private void cell(int g, int t, int base) {
    double[][] y = d.y;
    double[] w = d.w;
    int[] cohortIndex = d.cohortIndex;
    int latest = Math.max(t, base);
    double sw1 = 0;
    double sw0 = 0;
    double s1 = 0;
    double s0 = 0;
    boolean[] comparison = new boolean[n];
    boolean[] in = new boolean[n];
    for (int i = 0; i < n; i++) {
      in[i] = !Double.isNaN(y[i][t]) && !Double.isNaN(y[i][base]);
      if (!in[i]) {
        continue;
      }
      double dy = y[i][t] - y[i][base];
      comparison[i] = isControl(cohortIndex[i], g, latest + antic, control);
      if (cohortIndex[i] == g) {
        s1 += w[i] * dy;
        sw1 += w[i];
      } else if (comparison[i]) {
        s0 += w[i] * dy;
        sw0 += w[i];
      }
    }
    if (sw1 == 0) {
      d.excluded.add(
          "ATT("
              + label(g)
              + ", "
              + label(t)
              + "): no unit of the cohort is observed in both "
              + label(t)
              + " and "
              + label(base));
      return;
    }
    if (sw0 == 0) {
      d.excluded.add(
          "ATT("
              + label(g)
              + ", "
              + label(t)
              + "): no comparison units"
              + (control == Control.NEVER_TREATED
                  ? " (no never-treated unit is observed in both periods)"
                  : " (every unit is treated by then)"));
      return;
    }
    double m1 = s1 / sw1;
    double m0 = s0 / sw0;
    double[] psiK = new double[n];
    for (int i = 0; i < n; i++) {
      if (!in[i]) {
        continue;
      }
      double dy = y[i][t] - y[i][base];
      if (cohortIndex[i] == g) {
        psiK[i] = w[i] * (dy - m1) / (sw1 / n);
      } else if (comparison[i]) {
        psiK[i] = -w[i] * (dy - m0) / (sw0 / n);
      }
    }
    add(new Cell(g, t, false), m1 - m0, psiK);
  }

  private static boolean isControl(int cohort, int g, int latest, Control control) {
    if (cohort == -1) {
      return true;
    }
    return control == Control.NOT_YET_TREATED && cohort != g && cohort > latest;
  }

  private String label(int index) {
    return d.label(index);
  }
}
