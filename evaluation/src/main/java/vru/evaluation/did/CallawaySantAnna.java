package vru.evaluation.did;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Callaway and Sant'Anna (2021) group-time average treatment effects without covariates, with
 * analytic influence-function standard errors or the multiplier bootstrap (uniform sup-t bands),
 * the Wald pre-test and the simple, dynamic, group and calendar aggregations (including the
 * estimation effect of the aggregation weights). Ported from {@code
 * shared/data/reference/cs_by_hand.R}, which matches R {@code did} 2.5.1 to 1e-10, and extended as
 * R {@code did} does: never-treated or not-yet-treated comparison, varying or universal base
 * period, anticipation periods, {@code balance_e}/{@code min_e}/{@code max_e}, sampling weights.
 *
 * <p>For group g (first treated period) and period t with base period b: {@code ATT(g,t) =
 * mean_{G=g}(Y_t − Y_b) − mean_{C}(Y_t − Y_b)} (weighted means when weights are given), C the
 * never-treated units or the units not yet treated by {@code max(t, b) + anticipation}. Post
 * periods (t ≥ g) use {@code b = g − 1 − anticipation}; pre periods use {@code b = t − 1}
 * ("varying") or the same b ("universal", whose reference cell t = b is reported as 0 without an
 * SE). The influence function of unit i is {@code w_i D_i (ΔY_i − m1)/P̂(G=g) − w_i C_i (ΔY_i −
 * m0)/P̂(C)} and {@code SE = √(Σ ψ²)/n}.
 *
 * <p>Unbalanced panels: each ATT(g,t) uses the units observed in both t and its base period
 * (pairwise-complete), with n the number of units; units missing a period are listed in {@link
 * Result#excluded()}. On a balanced panel this is exactly R's estimator.
 */
public final class CallawaySantAnna {
  /** Which units form the comparison group. */
  public enum Control {
    NEVER_TREATED,
    NOT_YET_TREATED
  }

  /** How pre-treatment effects are based. */
  public enum BasePeriod {
    VARYING,
    UNIVERSAL
  }

  /**
   * The estimator's options.
   *
   * @param control the comparison group
   * @param basePeriod varying or universal base period
   * @param anticipation periods before g in which units may already react
   * @param balanceE keep only groups observed for this many periods after treatment in the dynamic
   *     aggregation ({@code null}: all)
   * @param minE the earliest event time in the dynamic aggregation ({@code null}: no limit)
   * @param maxE the latest event time in the aggregations ({@code null}: no limit)
   * @param bootstrap multiplier bootstrap draws; 0 for analytic standard errors
   * @param seed the bootstrap seed
   * @param confidence confidence level of intervals and uniform bands
   */
  public record Options(
      Control control,
      BasePeriod basePeriod,
      int anticipation,
      Integer balanceE,
      Integer minE,
      Integer maxE,
      int bootstrap,
      long seed,
      double confidence) {
    /** Never-treated comparison, varying base, no anticipation, analytic SEs, 95%. */
    public static Options defaults() {
      return new Options(
          Control.NEVER_TREATED, BasePeriod.VARYING, 0, null, null, null, 0, 1L, 0.95);
    }

    public Options withControl(Control c) {
      return new Options(
          c, basePeriod, anticipation, balanceE, minE, maxE, bootstrap, seed, confidence);
    }

    public Options withBasePeriod(BasePeriod b) {
      return new Options(
          control, b, anticipation, balanceE, minE, maxE, bootstrap, seed, confidence);
    }

    public Options withAnticipation(int a) {
      return new Options(control, basePeriod, a, balanceE, minE, maxE, bootstrap, seed, confidence);
    }

    public Options withEventWindow(Integer balance, Integer min, Integer max) {
      return new Options(
          control, basePeriod, anticipation, balance, min, max, bootstrap, seed, confidence);
    }

    public Options withBootstrap(int draws, long s) {
      return new Options(
          control, basePeriod, anticipation, balanceE, minE, maxE, draws, s, confidence);
    }

    public Options withConfidence(double level) {
      return new Options(
          control, basePeriod, anticipation, balanceE, minE, maxE, bootstrap, seed, level);
    }
  }

  /** One group-time effect; pre-treatment cells have {@code time < group}. */
  public record AttGt(int group, int time, double estimate, double se) {}

  /**
   * One component or summary of an aggregation.
   *
   * @param key the event time, group or period it belongs to (or the aggregation's name)
   * @param estimate the effect
   * @param se its standard error (NaN for a reference cell fixed at 0)
   * @param ciLower lower limit: pointwise, or the uniform band when bootstrapped
   * @param ciUpper upper limit
   */
  public record Effect(String key, double estimate, double se, double ciLower, double ciUpper) {
    public Effect(String key, double estimate, double se) {
      this(key, estimate, se, Double.NaN, Double.NaN);
    }
  }

  /**
   * The bootstrap's settings and uniform critical values.
   *
   * @param draws draws
   * @param seed seed
   * @param attGtCritical sup-t critical value over every ATT(g,t)
   * @param dynamicCritical over the event-time effects
   * @param groupCritical over the group effects
   * @param calendarCritical over the calendar effects
   */
  public record Bootstrap(
      int draws,
      long seed,
      double attGtCritical,
      double dynamicCritical,
      double groupCritical,
      double calendarCritical) {}

  /**
   * The estimates.
   *
   * @param attGt every ATT(g,t), pre-treatment cells included
   * @param simple the average of post-treatment ATT(g,t) weighted by group size
   * @param dynamic effects by event time e = t − g (in periods)
   * @param dynamicOverall the average of the effects for e ≥ 0
   * @param group effects by group (average over its post-treatment periods)
   * @param groupOverall the group effects averaged with group-size weights
   * @param calendar effects by calendar period
   * @param calendarOverall the average of the calendar effects
   * @param waldStatistic the Wald statistic that every pre-treatment ATT(g,t) is zero
   * @param waldDf its degrees of freedom (the number of pre-treatment cells)
   * @param waldP its p-value (chi-squared)
   * @param excluded what was left out, and why
   * @param bootstrap the bootstrap, or {@code null} for analytic SEs
   * @param units units used
   * @param periods periods in the panel
   * @param clusters clusters of the bootstrap (units when analytic)
   */
  public record Result(
      List<AttGt> attGt,
      Effect simple,
      List<Effect> dynamic,
      Effect dynamicOverall,
      List<Effect> group,
      Effect groupOverall,
      List<Effect> calendar,
      Effect calendarOverall,
      double waldStatistic,
      int waldDf,
      double waldP,
      List<String> excluded,
      Bootstrap bootstrap,
      int units,
      int periods,
      int clusters) {}

  private final DidPanel panel;
  private final Options options;
  private final int n;
  private final int periods;
  private final int[] times;
  private final int[] cohortIndex;
  private final double[] w;
  private final double[][] y;
  private final List<String> excluded = new ArrayList<>();
  private final List<int[]> cells = new ArrayList<>();
  private final List<Boolean> reference = new ArrayList<>();
  private final List<Integer> groups = new ArrayList<>();
  private double[] att;
  private double[][] psi;

  private CallawaySantAnna(DidPanel p, Options options) {
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

  /** Estimates with the default options and the given comparison group. */
  public static Result estimate(DidPanel panel, Control control) {
    return estimate(panel, Options.defaults().withControl(control));
  }

  /**
   * Estimates every ATT(g,t) and the aggregations. Units first treated in or before the first
   * period have no pre-period and are dropped (as R {@code did} does); units first treated after
   * the last period count as never treated. Both are listed in {@link Result#excluded()}.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when a cohort has a single unit, the
   *     periods are not consecutive, there is no comparison group, or nothing can be estimated
   */
  public static Result estimate(DidPanel panel, Options options) {
    if (options.anticipation() < 0) {
      throw new VruException(ErrorCode.USAGE, "anticipation must be 0 or more periods");
    }
    int first = panel.times.get(0);
    List<String> dropped = new ArrayList<>();
    DidPanel usable = panel.without(c -> c > 0 && c <= first, dropped);
    CallawaySantAnna cs = new CallawaySantAnna(usable, options);
    if (!dropped.isEmpty()) {
      cs.excluded.add(
          0,
          dropped.size()
              + " unit(s) first treated in or before the first period "
              + panel.label(first)
              + " (no pre-period): "
              + String.join(", ", dropped.subList(0, Math.min(10, dropped.size())))
              + (dropped.size() > 10 ? ", …" : ""));
    }
    cs.groupTime();
    return cs.aggregate();
  }

  private String label(int index) {
    return panel.label(times[index]);
  }

  private void groupTime() {
    List<Double> effects = new ArrayList<>();
    List<double[]> influence = new ArrayList<>();
    Control control = options.control();
    int antic = options.anticipation();
    boolean universal = options.basePeriod() == BasePeriod.UNIVERSAL;
    List<Integer> usable = new ArrayList<>();
    for (int g : groups) {
      int postBase = g - 1 - antic;
      if (postBase < 0) {
        excluded.add(
            "cohort "
                + label(g)
                + ": no period before "
                + (antic > 0 ? "its anticipation window" : "treatment")
                + " in the panel, so no effects for it");
        continue;
      }
      usable.add(g);
      for (int t = universal ? 0 : 1; t < periods; t++) {
        int base = universal || t >= g ? postBase : t - 1;
        if (base == t) {
          cells.add(new int[] {g, t});
          reference.add(true);
          effects.add(0.0);
          influence.add(new double[n]);
          continue;
        }
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
          excluded.add(
              "ATT("
                  + label(g)
                  + ", "
                  + label(t)
                  + "): no unit of the cohort is observed in both "
                  + label(t)
                  + " and "
                  + label(base));
          continue;
        }
        if (sw0 == 0) {
          excluded.add(
              "ATT("
                  + label(g)
                  + ", "
                  + label(t)
                  + "): no comparison units"
                  + (control == Control.NEVER_TREATED
                      ? " (no never-treated unit is observed in both periods)"
                      : " (every unit is treated by then)"));
          continue;
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
        cells.add(new int[] {g, t});
        reference.add(false);
        effects.add(m1 - m0);
        influence.add(psiK);
      }
    }
    boolean anyPost = false;
    for (int k = 0; k < cells.size(); k++) {
      anyPost |= !reference.get(k) && cells.get(k)[1] >= cells.get(k)[0];
    }
    if (!anyPost) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no post-treatment effect can be estimated"
              + (control == Control.NEVER_TREATED
                      && Arrays.stream(cohortIndex).noneMatch(c -> c < 0)
                  ? ": there are no never-treated units; use the not-yet-treated comparison"
                  : ": " + String.join("; ", excluded)));
    }
    groups.retainAll(usable);
    att = effects.stream().mapToDouble(Double::doubleValue).toArray();
    psi = influence.toArray(new double[0][]);
  }

  private static boolean isControl(int cohort, int g, int latest, Control control) {
    if (cohort == -1) {
      return true;
    }
    return control == Control.NOT_YET_TREATED && cohort != g && cohort > latest;
  }

  /** An aggregate with its influence function. */
  private record Agg(String key, double estimate, double se, double[] psi) {}

  private Result aggregate() {
    double[] pgg = new double[groups.size()];
    for (int j = 0; j < groups.size(); j++) {
      int g = groups.get(j);
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += cohortIndex[i] == g ? w[i] : 0;
      }
      pgg[j] = s / n;
    }
    double[] pg = new double[cells.size()];
    for (int k = 0; k < cells.size(); k++) {
      pg[k] = pgg[groups.indexOf(cells.get(k)[0])];
    }
    Integer maxE = options.maxE();
    List<Integer> post =
        keep(k -> post(k) && (maxE == null || cells.get(k)[1] - cells.get(k)[0] <= maxE));
    Agg simple = agg("simple", post, sizeWeights(post, pg), pg, true);

    // dynamic
    TreeSet<Integer> eseq = new TreeSet<>();
    Integer balance = options.balanceE();
    java.util.function.IntPredicate inBalance =
        k -> balance == null || (periods - 1) - cells.get(k)[0] >= balance;
    for (int k = 0; k < cells.size(); k++) {
      if (inBalance.test(k)) {
        eseq.add(cells.get(k)[1] - cells.get(k)[0]);
      }
    }
    if (balance != null) {
      eseq.removeIf(e -> e > balance || e < balance - (periods - 1));
    }
    if (options.minE() != null) {
      eseq.removeIf(e -> e < options.minE());
    }
    if (maxE != null) {
      eseq.removeIf(e -> e > maxE);
    }
    List<Agg> dynamic = new ArrayList<>();
    List<Agg> dynamicPost = new ArrayList<>();
    for (int e : eseq) {
      int event = e;
      List<Integer> k = keep(c -> inBalance.test(c) && cells.get(c)[1] - cells.get(c)[0] == event);
      Agg a = agg(Integer.toString(e), k, sizeWeights(k, pg), pg, true);
      dynamic.add(a);
      if (e >= 0) {
        dynamicPost.add(a);
      }
    }

    List<Agg> group = new ArrayList<>();
    List<Integer> groupIndex = new ArrayList<>();
    for (int j = 0; j < groups.size(); j++) {
      int g = groups.get(j);
      List<Integer> k =
          keep(
              c ->
                  cells.get(c)[0] == g && post(c) && (maxE == null || cells.get(c)[1] - g <= maxE));
      if (k.isEmpty()) {
        continue;
      }
      double[] wk = new double[k.size()];
      Arrays.fill(wk, 1.0 / k.size());
      group.add(agg(label(g), k, wk, pg, false));
      groupIndex.add(j);
    }
    Agg groupOverall = groupOverall(group, groupIndex, pgg);

    List<Agg> calendar = new ArrayList<>();
    int firstGroup = groups.isEmpty() ? 0 : groups.get(0);
    for (int t = Math.max(firstGroup, 0); t < periods; t++) {
      int period = t;
      List<Integer> k = keep(c -> cells.get(c)[1] == period && post(c));
      if (k.isEmpty()) {
        continue;
      }
      calendar.add(agg(label(t), k, sizeWeights(k, pg), pg, true));
    }
    Agg dynamicOverall = mean("dynamic", dynamicPost);
    Agg calendarOverall = mean("calendar", calendar);

    List<Integer> all = keep(k -> true);
    double[] attSe = new double[cells.size()];
    for (int k = 0; k < cells.size(); k++) {
      attSe[k] = reference.get(k) ? Double.NaN : se(psi[k]);
    }
    double z =
        new NormalDistribution().inverseCumulativeProbability(1 - (1 - options.confidence()) / 2);
    Bootstrap boot = null;
    double[] critical = {z, z, z};
    if (options.bootstrap() > 0) {
      int[] clusterOfUnit = panel.unitCluster;
      for (int i = 0; i < n; i++) {
        if (clusterOfUnit[i] < 0) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              "unit "
                  + panel.unitIds.get(i)
                  + " falls in more than one cluster; the bootstrap needs each unit in one cluster");
        }
      }
      MultiplierBootstrap mb =
          new MultiplierBootstrap(
              options.bootstrap(), options.seed(), clusterOfUnit, panel.clusters());
      MultiplierBootstrap.Band cellBand =
          mb.band(all.stream().map(k -> psi[k]).toList(), options.confidence());
      for (int k = 0; k < cells.size(); k++) {
        attSe[k] = reference.get(k) ? Double.NaN : cellBand.se()[k];
      }
      double[] crits = new double[3];
      List<List<Agg>> sets = List.of(dynamic, group, calendar);
      for (int s = 0; s < 3; s++) {
        List<Agg> set = sets.get(s);
        if (set.isEmpty()) {
          crits[s] = Double.NaN;
          continue;
        }
        MultiplierBootstrap.Band band =
            mb.band(set.stream().map(Agg::psi).toList(), options.confidence());
        crits[s] = band.criticalValue();
        for (int j = 0; j < set.size(); j++) {
          Agg a = set.get(j);
          set.set(j, new Agg(a.key, a.estimate, band.se()[j], a.psi));
        }
      }
      List<Agg> overall = List.of(simple, dynamicOverall, groupOverall, calendarOverall);
      MultiplierBootstrap.Band ob =
          mb.band(overall.stream().map(Agg::psi).toList(), options.confidence());
      simple = new Agg(simple.key, simple.estimate, ob.se()[0], simple.psi);
      dynamicOverall = new Agg("dynamic", dynamicOverall.estimate, ob.se()[1], dynamicOverall.psi);
      groupOverall = new Agg("group", groupOverall.estimate, ob.se()[2], groupOverall.psi);
      calendarOverall =
          new Agg("calendar", calendarOverall.estimate, ob.se()[3], calendarOverall.psi);
      boot =
          new Bootstrap(
              options.bootstrap(),
              options.seed(),
              cellBand.criticalValue(),
              crits[0],
              crits[1],
              crits[2]);
      critical = crits;
    }
    List<AttGt> gt = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      gt.add(new AttGt(times[cells.get(k)[0]], times[cells.get(k)[1]], att[k], attSe[k]));
    }
    double[] wald = wald(keep(k -> !post(k) && !reference.get(k) && se(psi[k]) > 0));
    return new Result(
        gt,
        effect(simple, z),
        effects(dynamic, critical[0]),
        effect(dynamicOverall, z),
        effects(group, critical[1]),
        effect(groupOverall, z),
        effects(calendar, critical[2]),
        effect(calendarOverall, z),
        wald[0],
        (int) wald[1],
        wald[2],
        List.copyOf(excluded),
        boot,
        n,
        periods,
        options.bootstrap() > 0 ? panel.clusters() : n);
  }

  private boolean post(int k) {
    return !reference.get(k) && cells.get(k)[1] >= cells.get(k)[0];
  }

  private static Effect effect(Agg a, double crit) {
    double se = a.se > 0 ? a.se : Double.NaN;
    return new Effect(a.key, a.estimate, se, a.estimate - crit * se, a.estimate + crit * se);
  }

  private static List<Effect> effects(List<Agg> aggs, double crit) {
    return aggs.stream().map(a -> effect(a, crit)).toList();
  }

  private double member(int i, int k) {
    return cohortIndex[i] == cells.get(k)[0] ? w[i] : 0;
  }

  private Agg agg(
      String key, List<Integer> keep, double[] wk, double[] pg, boolean weightsEstimated) {
    double est = 0;
    double[] out = new double[n];
    for (int j = 0; j < keep.size(); j++) {
      int k = keep.get(j);
      est += wk[j] * att[k];
      for (int i = 0; i < n; i++) {
        out[i] += psi[k][i] * wk[j];
      }
    }
    if (weightsEstimated) {
      double s = 0;
      for (int k : keep) {
        s += pg[k];
      }
      for (int i = 0; i < n; i++) {
        double[] cen = new double[keep.size()];
        double rowSum = 0;
        for (int j = 0; j < keep.size(); j++) {
          int k = keep.get(j);
          cen[j] = member(i, k) - pg[k];
          rowSum += cen[j];
        }
        for (int j = 0; j < keep.size(); j++) {
          int k = keep.get(j);
          out[i] += (cen[j] / s - rowSum * pg[k] / (s * s)) * att[k];
        }
      }
    }
    return new Agg(key, est, se(out), out);
  }

  private Agg groupOverall(List<Agg> group, List<Integer> index, double[] pgg) {
    double s = 0;
    for (int j : index) {
      s += pgg[j];
    }
    double est = 0;
    for (int a = 0; a < group.size(); a++) {
      est += pgg[index.get(a)] / s * group.get(a).estimate;
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double rowSum = 0;
      double[] cen = new double[group.size()];
      for (int a = 0; a < group.size(); a++) {
        int j = index.get(a);
        cen[a] = (cohortIndex[i] == groups.get(j) ? w[i] : 0) - pgg[j];
        rowSum += cen[a];
      }
      for (int a = 0; a < group.size(); a++) {
        double p = pgg[index.get(a)];
        out[i] +=
            group.get(a).psi[i] * p / s
                + (cen[a] / s - rowSum * p / (s * s)) * group.get(a).estimate;
      }
    }
    return new Agg("group", est, se(out), out);
  }

  private Agg mean(String key, List<Agg> parts) {
    double est = 0;
    double[] out = new double[n];
    for (Agg a : parts) {
      est += a.estimate / parts.size();
      for (int i = 0; i < n; i++) {
        out[i] += a.psi[i] / parts.size();
      }
    }
    return new Agg(key, parts.isEmpty() ? Double.NaN : est, se(out), out);
  }

  /** {@code W = n a' V⁻¹ a} over the pre-treatment cells, V = Ψ'Ψ/n; chi-squared with |pre| df. */
  private double[] wald(List<Integer> pre) {
    if (pre.isEmpty()) {
      return new double[] {Double.NaN, 0, Double.NaN};
    }
    RealMatrix v = new Array2DRowRealMatrix(pre.size(), pre.size());
    RealVector a = new ArrayRealVector(pre.size());
    for (int r = 0; r < pre.size(); r++) {
      a.setEntry(r, att[pre.get(r)]);
      for (int c = 0; c < pre.size(); c++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += psi[pre.get(r)][i] * psi[pre.get(c)][i];
        }
        v.setEntry(r, c, s / n);
      }
    }
    LUDecomposition lu = new LUDecomposition(v);
    if (!lu.getSolver().isNonSingular()) {
      excluded.add(
          "pre-test: the pre-period effects' covariance is singular, so no Wald statistic");
      return new double[] {Double.NaN, pre.size(), Double.NaN};
    }
    double stat = n * a.dotProduct(lu.getSolver().solve(a));
    double p = 1 - new ChiSquaredDistribution(pre.size()).cumulativeProbability(stat);
    return new double[] {stat, pre.size(), p};
  }

  private double[] sizeWeights(List<Integer> keep, double[] pg) {
    double s = 0;
    for (int k : keep) {
      s += pg[k];
    }
    double[] out = new double[keep.size()];
    for (int j = 0; j < keep.size(); j++) {
      out[j] = pg[keep.get(j)] / s;
    }
    return out;
  }

  private List<Integer> keep(java.util.function.IntPredicate cell) {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      if (cell.test(k)) {
        out.add(k);
      }
    }
    return out;
  }

  private double se(double[] influence) {
    double s = 0;
    for (double v : influence) {
      s += v * v;
    }
    return Math.sqrt(s / n) / Math.sqrt(n);
  }
}
