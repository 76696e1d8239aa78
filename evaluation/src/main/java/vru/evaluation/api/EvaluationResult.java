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
 */
public record EvaluationResult(
    String measure,
    int multiplier,
    DidEstimate estimate,
    double eventsPrevented,
    int firstYear,
    int lastYear,
    List<String> excluded) {}
