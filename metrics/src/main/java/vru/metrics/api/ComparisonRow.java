package vru.metrics.api;

import java.util.Optional;
import vru.metrics.stats.RateRatio;

/**
 * How one panel value compares: with the same period a year earlier, with the baseline financial
 * year, with its benchmark (England or Wales for areas in them, England and Wales for the
 * partnership and the countries), with its region, with the partnership's most similar areas,
 * across areas of its level (funnel plot), and over time (recent trend). {@link #RULES} states
 * every rule; it is stored with each result.
 *
 * @param period the row's period
 * @param vsPrevious rate ratio against the same period a year earlier, when both have counts above
 *     zero
 * @param vsBaseline the same against the baseline financial year (financial years and rolling 12
 *     months only)
 * @param benchmark the benchmark area's code
 * @param benchmarkLabel Similar / Better / Worse (or Not compared)
 * @param region the region compared with (an English region, or Wales), if any
 * @param regionLabel the label against the region
 * @param similarLabel for the partnership: the label against the pooled rate of its most similar
 *     areas, when configured
 * @param funnelLabel for local authorities, CSPs and forces: High/Low (0.025 or 0.001) or Not
 *     significant around the England and Wales rate; otherwise empty
 * @param trendLabel financial years only: the Fingertips recent trend over the five years ending
 *     this one
 */
public record ComparisonRow(
    String measure,
    String ageBand,
    String areaCode,
    String areaLevel,
    Period period,
    Optional<RateRatio> vsPrevious,
    Optional<RateRatio> vsBaseline,
    int baselineYear,
    String benchmark,
    String benchmarkLabel,
    Optional<String> region,
    Optional<String> regionLabel,
    Optional<String> similarLabel,
    String funnelLabel,
    Optional<String> trendLabel) {

  /** The financial year the period ends in. */
  public int financialYear() {
    return period.financialYear();
  }

  /**
   * The rule stored with every comparison: {@code ci95/low-is-good} or {@code ci95/high-is-good}
   * ({@link #RULES} in full, and docs/measures.md).
   */
  public static String ruleKey(boolean lowIsGood) {
    return "ci95/" + (lowIsGood ? "low" : "high") + "-is-good";
  }

  /** The rules, stated with the results. */
  public static final String RULES =
      "change: rate ratio with a 95% interval on the log scale (Poisson counts); benchmark, region"
          + " and similar areas: "
          + vru.metrics.stats.Comparison.RULE
          + "; similar areas pooled (their counts over their populations); funnel: the area's"
          + " count against Poisson control limits (0.025, 0.001 each side) around the England and"
          + " Wales rate at the area's population; trend: Fingertips recent trend over the last"
          + " five financial years (chi-squared > 9.5495 and every leave-one-out slope of the same"
          + " sign)";
}
