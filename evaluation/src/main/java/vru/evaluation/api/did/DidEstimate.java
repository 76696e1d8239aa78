package vru.evaluation.api.did;

/**
 * An estimated treatment effect with its uncertainty.
 *
 * @param estimator the estimator, e.g. {@code twfe}
 * @param estimate the effect in the outcome's units
 * @param se its standard error
 * @param ciLower lower limit of the confidence interval
 * @param ciUpper upper limit
 * @param pValue two-sided p-value
 * @param units units in the panel
 * @param treatedUnits units ever treated
 * @param periods periods in the panel
 * @param clusters clusters of the variance
 * @param inference how the interval and p-value were computed, stated for the reader
 */
public record DidEstimate(
    String estimator,
    double estimate,
    double se,
    double ciLower,
    double ciUpper,
    double pValue,
    int units,
    int treatedUnits,
    int periods,
    int clusters,
    String inference) {}
