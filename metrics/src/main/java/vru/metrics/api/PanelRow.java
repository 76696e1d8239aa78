package vru.metrics.api;

import java.util.Optional;
import vru.metrics.stats.CrudeRate;

/**
 * One cell of the measure panel: a measure for an age band, area and period.
 *
 * @param measure the measure id
 * @param ageBand {@code all} or {@code 0-24}
 * @param areaCode GSS code, or the partnership id for a partnership
 * @param areaLevel {@code pfa}, {@code country} or {@code partnership}
 * @param areaName the area's name
 * @param financialYear the financial year's starting calendar year
 * @param count events (0 when none were recorded)
 * @param rate the rate with CIs, or empty when there is no denominator ({@code missingReason} says
 *     why)
 * @param missingReason why the rate is missing, or empty
 */
public record PanelRow(
    String measure,
    String ageBand,
    String areaCode,
    String areaLevel,
    String areaName,
    int financialYear,
    long count,
    Optional<CrudeRate> rate,
    Optional<String> missingReason) {

  /** The period label, e.g. {@code FY2024/25}. */
  public String period() {
    return new vru.core.api.FinancialYear(financialYear).label();
  }
}
