package vru.evaluation.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.evaluation.api.did.SynthDid;
import vru.evaluation.api.did.SynthDidInference;
import vru.metrics.stats.Normal;

/**
 * One treated area (or a few, treated together) against a donor pool: synthetic
 * difference-in-differences, synthetic control or difference-in-differences with uniform weights,
 * with inference that holds with one treated unit — placebo (in-space) standard errors, the
 * jackknife when more than one unit is treated, and Abadie's permutation test — and the diagnostics
 * an evaluator checks: pre-period fit, effective numbers of donors and pre-periods, the donor
 * weights and the placebo distribution.
 */
public final class SyntheticAnalysis {
  /** How the standard error is estimated. */
  public enum SeMethod {
    /** Placebo with one treated unit, the jackknife with more. */
    AUTO,
    PLACEBO,
    JACKKNIFE,
    NONE
  }

  /**
   * One run.
   *
   * @param panel the block design
   * @param kind the estimator
   * @param se how to estimate the standard error
   * @param replications placebo replications (200 by default, as {@code synthdid})
   * @param seed the placebo shuffles' seed
   */
  public record Request(
      BlockPanel.Read panel, SynthDid.Kind kind, SeMethod se, int replications, long seed) {}

  /**
   * The permutation test.
   *
   * @param ratio the treated units' post/pre RMSPE ratio
   * @param pValue the share of units (treated and every control as a placebo) whose ratio is at
   *     least the treated units'
   * @param units how many units were ranked
   */
  @JsonPropertyOrder({"ratio", "p_value", "units"})
  public record Permutation(double ratio, double pValue, int units) {}

  /**
   * The result (docs/did-json.md).
   *
   * @param estimator sdid, sc or did-sdid
   * @param estimate the average effect on the treated units over the post-periods
   * @param se its standard error, or null with {@code se_method} none
   * @param seMethod placebo, jackknife or none
   * @param seWhy why that method
   * @param ciLower the 95% normal interval (estimate ± 1.96 SE)
   * @param ciUpper its upper end
   * @param pValue the two-sided normal p-value of estimate/SE
   * @param unitWeights every control unit's weight ω
   * @param timeWeights every pre-period's weight λ
   * @param treatedUnits the treated units
   * @param preRmspe the treated units' pre-period root mean squared prediction error
   * @param effectiveControls 1/Σω², the effective number of donors
   * @param effectivePrePeriods 1/Σλ² (null for synthetic control)
   * @param permutation Abadie's permutation test
   * @param placeboEstimates the placebo replicates (empty unless placebo)
   */
  @JsonPropertyOrder({
    "estimator",
    "estimate",
    "se",
    "se_method",
    "se_why",
    "ci_lower",
    "ci_upper",
    "p_value",
    "treated_units",
    "n_control",
    "pre_periods",
    "post_periods",
    "pre_rmspe",
    "effective_controls",
    "effective_pre_periods",
    "permutation",
    "unit_weights",
    "time_weights",
    "placebo_estimates"
  })
  public record Output(
      String estimator,
      double estimate,
      Double se,
      String seMethod,
      String seWhy,
      Double ciLower,
      Double ciUpper,
      Double pValue,
      List<String> treatedUnits,
      int nControl,
      int prePeriods,
      int postPeriods,
      double preRmspe,
      double effectiveControls,
      Double effectivePrePeriods,
      Permutation permutation,
      Map<String, Double> unitWeights,
      Map<String, Double> timeWeights,
      List<Double> placeboEstimates) {

    /** The result as JSON. */
    public String toJson() {
      return JsonText.of(this);
    }
  }

  private SyntheticAnalysis() {}

  /**
   * Fits and makes inference.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the design cannot support the
   *     requested inference (the jackknife with one treated unit; placebo with fewer controls than
   *     treated units)
   */
  public static Output run(Request r) {
    BlockPanel.Read p = r.panel();
    int n1 = p.treated();
    if (p.t0() < 2 || p.periods().size() - p.t0() < 1) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the treatment starts in period "
              + (p.t0() + 1)
              + " of "
              + p.periods().size()
              + ": synthetic estimators need at least 2 periods before it");
    }
    if (p.n0() < 2) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "only " + p.n0() + " control unit: at least 2 are needed");
    }
    SynthDid.Fit fit = SynthDid.estimate(p.y(), p.n0(), p.t0(), r.kind());
    SeMethod method = r.se();
    String why;
    if (method == SeMethod.AUTO) {
      method = n1 == 1 ? SeMethod.PLACEBO : SeMethod.JACKKNIFE;
      why =
          n1 == 1
              ? "one treated unit: placebo (in-space) inference, as cluster-robust, bootstrap and"
                  + " jackknife errors are not valid with one treated cluster"
              : n1
                  + " treated units: the fixed-weights jackknife (Arkhangelsky et al., Algorithm 3)";
    } else {
      why = "chosen by the analyst";
    }
    double se = Double.NaN;
    List<Double> placebo = List.of();
    if (method == SeMethod.JACKKNIFE) {
      se = SynthDidInference.jackknife(p.y(), p.n0(), p.t0(), fit);
      if (Double.isNaN(se)) {
        if (r.se() == SeMethod.JACKKNIFE) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              "the jackknife needs more than one treated unit and more than one control with"
                  + " weight; use placebo inference");
        }
        method = SeMethod.PLACEBO;
        why = "only one control has weight, so the jackknife is not defined: placebo inference";
      }
    }
    if (method == SeMethod.PLACEBO) {
      if (p.n0() <= n1) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "placebo inference needs more control units ("
                + p.n0()
                + ") than treated units ("
                + n1
                + ")");
      }
      double[] reps =
          SynthDidInference.placebo(p.y(), p.n0(), p.t0(), fit, r.replications(), r.seed());
      se = SynthDidInference.replicateSe(reps);
      placebo = Arrays.stream(reps).boxed().toList();
      why += " (" + r.replications() + " replications, seed " + r.seed() + ")";
    }
    SynthDidInference.Permutation perm = SynthDidInference.permutation(p.y(), p.n0(), p.t0(), fit);
    boolean hasSe = method != SeMethod.NONE && Double.isFinite(se);
    Map<String, Double> unitWeights = new LinkedHashMap<>();
    for (int i = 0; i < p.n0(); i++) {
      unitWeights.put(p.units().get(i), fit.omega()[i]);
    }
    Map<String, Double> timeWeights = new LinkedHashMap<>();
    for (int t = 0; t < p.t0(); t++) {
      timeWeights.put(p.periods().get(t), fit.lambda()[t]);
    }
    double est = fit.estimate();
    return new Output(
        r.kind().id(),
        est,
        hasSe ? se : null,
        method.name().toLowerCase(java.util.Locale.ROOT),
        method == SeMethod.NONE ? "no standard error was asked for" : why,
        hasSe ? est - Normal.Z95 * se : null,
        hasSe ? est + Normal.Z95 * se : null,
        hasSe ? Normal.twoSidedP(est, se) : null,
        p.units().subList(p.n0(), p.units().size()),
        p.n0(),
        p.t0(),
        p.periods().size() - p.t0(),
        perm.preRmspe(),
        fit.effectiveControls(),
        Double.isNaN(fit.effectivePrePeriods()) ? null : fit.effectivePrePeriods(),
        new Permutation(perm.ratio(), perm.p(), p.n0() + 1),
        unitWeights,
        timeWeights,
        placebo);
  }
}
