package vru.metrics.api;

import java.util.Optional;
import vru.metrics.stats.RateRatio;

/**
 * How one panel value compares: with the previous year, with the baseline year, with its benchmark
 * (England or Wales for areas in them, England and Wales for the partnership and countries), across
 * areas (funnel plot), and over time (recent trend). Each label comes with the rule that produced
 * it ({@link #RULES}).
 *
 * @param vsPrevious rate ratio and difference against the previous financial year, when both have
 *     counts above zero
 * @param vsBaseline the same against the baseline year
 * @param benchmark the benchmark area's code
 * @param benchmarkLabel Similar / Better / Worse (or Not compared)
 * @param funnelLabel for police force areas: High/Low (0.025 or 0.001) or Not significant around
 *     the England and Wales rate
 * @param trendLabel the Fingertips recent trend over the five years ending this one
 */
public record ComparisonRow(
    String measure,
    String ageBand,
    String areaCode,
    String areaLevel,
    int financialYear,
    Optional<RateRatio> vsPrevious,
    Optional<RateRatio> vsBaseline,
    int baselineYear,
    String benchmark,
    String benchmarkLabel,
    String funnelLabel,
    String trendLabel) {

  /** The rules, stated with the results. */
  public static final String RULES =
      "change: rate ratio with a 95% interval on the log scale (Poisson counts); benchmark: "
          + vru.metrics.stats.Comparison.RULE
          + "; funnel: the area's count against Poisson control limits (0.025, 0.001 each side)"
          + " around the England and Wales rate at the area's population; trend: Fingertips recent"
          + " trend over the last five financial years (chi-squared > 9.5495 and every leave-one-out"
          + " slope of the same sign)";
}
