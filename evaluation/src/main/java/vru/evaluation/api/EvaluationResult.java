package vru.evaluation.api;

import java.util.List;
import vru.evaluation.api.did.DidEstimate;

/**
 * The impact estimate for one measure.
 *
 * @param measure the measure id
 * @param multiplier the rate multiplier of the outcome (the estimate is per this many residents)
 * @param estimate the difference-in-differences estimate on force × financial-year rates
 * @param eventsPrevented events prevented (positive) or added (negative) over the treated areas and
 *     post-start years: {@code −β × Σ population / multiplier}
 * @param firstYear the first financial year in the panel
 * @param lastYear the last financial year in the panel
 * @param excluded what was left out of the panel and why
 * @param design the design the estimate belongs to: {@code cs} (staggered programme areas, pooled),
 *     {@code sdid} (one treated area against a donor pool) or {@code its} (interrupted time series)
 * @param scope {@code programme} (pooled over the programme areas) or {@code partnership} (the
 *     partnership's own effect)
 * @param why why this design answers the question, in a sentence
 * @param warnings what a reader must see beside the estimate, e.g. a rejected pre-trend test
 * @param observedEvents events observed in the treated areas over the post-start years the events
 *     prevented cover (NaN when not known): with the events prevented, the counterfactual
 * @param preventedLower lower 95% limit of the events prevented (NaN when not known)
 * @param preventedUpper upper 95% limit
 */
public record EvaluationResult(
    String measure,
    int multiplier,
    DidEstimate estimate,
    double eventsPrevented,
    int firstYear,
    int lastYear,
    List<String> excluded,
    String design,
    String scope,
    String why,
    List<String> warnings,
    double observedEvents,
    double preventedLower,
    double preventedUpper) {

  /** A pooled programme estimate of the staggered design, with no warnings. */
  public EvaluationResult(
      String measure,
      int multiplier,
      DidEstimate estimate,
      double eventsPrevented,
      int firstYear,
      int lastYear,
      List<String> excluded) {
    this(
        measure,
        multiplier,
        estimate,
        eventsPrevented,
        firstYear,
        lastYear,
        excluded,
        "cs",
        "programme",
        "",
        List.of(),
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  /**
   * The effect relative to the counterfactual: events prevented over the events there would have
   * been without the programme ({@code prevented / (observed + prevented)}), with the interval of
   * the events prevented carried through (the observed count taken as fixed); NaN when the observed
   * events are not known. Positive: a fall.
   *
   * @return {estimate, lower, upper}
   */
  public double[] relativeFall() {
    double[] out = new double[3];
    double[] prevented = {eventsPrevented, preventedLower, preventedUpper};
    for (int i = 0; i < 3; i++) {
      double cf = observedEvents + prevented[i];
      out[i] = cf > 0 ? prevented[i] / cf : Double.NaN;
    }
    return out;
  }

  /** Whether this is the partnership's own effect (not pooled over programme areas). */
  public boolean own() {
    return scope.equals("partnership");
  }
}
