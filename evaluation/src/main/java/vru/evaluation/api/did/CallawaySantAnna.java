package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Callaway and Sant'Anna (2021) group-time average treatment effects without covariates, with
 * analytic influence-function standard errors or the multiplier bootstrap (uniform sup-t bands),
 * the Wald pre-test and the simple, dynamic, group and calendar aggregations (including the
 * estimation effect of the aggregation weights). Ported from {@code data/reference/cs_by_hand.R},
 * which matches R {@code did} 2.5.1 to 1e-10, and extended as R {@code did} does: never-treated or
 * not-yet-treated comparison, varying or universal base period, anticipation periods, {@code
 * balance_e}/{@code min_e}/{@code max_e}, sampling weights.
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

  private CallawaySantAnna() {}

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
    CsPanel cs = new CsPanel(usable, options);
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
    return new CsAggregation(cs, GroupTime.estimate(cs)).result();
  }
}
