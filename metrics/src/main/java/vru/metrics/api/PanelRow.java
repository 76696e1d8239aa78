package vru.metrics.api;

import java.util.Optional;
import java.util.OptionalLong;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Dsr;

/**
 * One cell of the measure panel: a measure for an age band, area and period.
 *
 * @param measure the measure id
 * @param ageBand {@code all} or {@code 0-24}
 * @param areaCode GSS code, or the partnership id for a partnership
 * @param areaLevel {@code la}, {@code csp}, {@code pfa}, {@code region}, {@code country} or {@code
 *     partnership}
 * @param areaName the area's name
 * @param period the month, quarter, financial year or rolling 12 months
 * @param count events (0 when none were recorded); empty when the source does not cover the whole
 *     period ({@code missingReason} says which months are missing)
 * @param rate the crude rate with CIs, or empty ({@code missingReason} says why)
 * @param dsr the directly standardised rate (ESP2013), financial years only; empty with {@code
 *     dsrMissingReason} when it cannot be given
 * @param missingReason why the count or rate is missing, or empty
 * @param dsrMissingReason why the standardised rate is missing, or empty
 * @param populationYear the mid-year of the population estimate the rate's denominator is: the
 *     period's own ({@link Period#populationYear()}) or, where none was loaded for it, the latest
 *     earlier one carried forward ({@link #populationCarriedForward()}); empty without a rate
 */
public record PanelRow(
    String measure,
    String ageBand,
    String areaCode,
    String areaLevel,
    String areaName,
    Period period,
    OptionalLong count,
    Optional<CrudeRate> rate,
    Optional<Dsr> dsr,
    Optional<String> missingReason,
    Optional<String> dsrMissingReason,
    java.util.OptionalInt populationYear) {

  /** A row whose rate, if any, has the period's own population estimate as its denominator. */
  public PanelRow(
      String measure,
      String ageBand,
      String areaCode,
      String areaLevel,
      String areaName,
      Period period,
      OptionalLong count,
      Optional<CrudeRate> rate,
      Optional<Dsr> dsr,
      Optional<String> missingReason,
      Optional<String> dsrMissingReason) {
    this(
        measure,
        ageBand,
        areaCode,
        areaLevel,
        areaName,
        period,
        count,
        rate,
        dsr,
        missingReason,
        dsrMissingReason,
        rate.isPresent()
            ? java.util.OptionalInt.of(period.populationYear())
            : java.util.OptionalInt.empty());
  }

  /**
   * Whether the rate's denominator is an earlier year's population estimate, carried forward
   * because none was loaded for the period's own year.
   */
  public boolean populationCarriedForward() {
    return populationYear.isPresent() && populationYear.getAsInt() < period.populationYear();
  }

  /** A financial-year row with a count and no standardised rate. */
  public PanelRow(
      String measure,
      String ageBand,
      String areaCode,
      String areaLevel,
      String areaName,
      int financialYear,
      long count,
      Optional<CrudeRate> rate,
      Optional<String> missingReason) {
    this(
        measure,
        ageBand,
        areaCode,
        areaLevel,
        areaName,
        Period.fy(financialYear),
        OptionalLong.of(count),
        rate,
        Optional.empty(),
        missingReason,
        Optional.empty());
  }

  /** The financial year (starting calendar year) the period ends in. */
  public int financialYear() {
    return period.financialYear();
  }

  /** Whether this is a financial-year row. */
  public boolean annual() {
    return period.type() == Period.Type.FY;
  }

  /** The period's label, e.g. {@code FY2024/25}. */
  public String periodLabel() {
    return period.label();
  }
}
