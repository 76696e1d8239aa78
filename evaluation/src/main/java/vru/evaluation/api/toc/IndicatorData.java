package vru.evaluation.api.toc;

import java.util.List;
import java.util.Optional;

/**
 * The data indicators are assessed against: annual values per financial year. Implemented over the
 * latest measure panel and programme-monitoring totals in PostgreSQL ({@code
 * vru.evaluation.api.TheoryOfChange}) and by tests over constructed series.
 */
public interface IndicatorData {
  /**
   * One year's value.
   *
   * @param year the financial year (its start year)
   * @param value the value (a rate, or a programme total)
   * @param lower lower 95% limit (NaN when the value has no sampling error, e.g. a cost)
   * @param upper upper 95% limit
   * @param count the count behind the value, for rate ratios (−1 when there is none)
   * @param denominator the denominator behind a rate (NaN for programme totals)
   */
  record Point(
      int year, double value, double lower, double upper, long count, double denominator) {}

  /** The indicator's series, ascending by year; empty when nothing in the data matches it. */
  List<Point> series(TocModel.Indicator indicator);

  /** The difference-in-differences estimate for a measure, if the evaluation produced one. */
  default Optional<DidLink> did(String measure) {
    return Optional.empty();
  }

  /**
   * The impact estimate linked to a long-term outcome.
   *
   * @param estimator e.g. {@code cs}
   * @param estimate effect per {@code multiplier}
   * @param lower lower 95% limit
   * @param upper upper 95% limit
   * @param pValue p-value
   * @param multiplier rate multiplier
   */
  record DidLink(
      String estimator,
      double estimate,
      double lower,
      double upper,
      double pValue,
      int multiplier) {}

  /** No data at all: validation checks the model's form only. */
  IndicatorData NONE = indicator -> List.of();
}
