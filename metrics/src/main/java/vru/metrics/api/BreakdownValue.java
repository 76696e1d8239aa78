package vru.metrics.api;

/**
 * A measure's events in one partnership and financial year, in one category of a breakdown (who is
 * affected).
 *
 * @param measure the measure id
 * @param areaCode the partnership's id
 * @param financialYear the financial year's start year
 * @param dimension {@code sex} (categories {@code F}, {@code M}, {@code U} for not recorded),
 *     {@code age} ({@code 0-14}, {@code 15-24}, {@code 25-34}, {@code 35-49}, {@code 50+}, {@code
 *     unknown}) or {@code lsoa} (an LSOA code, or {@code unknown})
 * @param category the category
 * @param events the events counted (the true count: disclosure control is applied where it is
 *     shown)
 * @param population the residents of that sex or age band in the partnership's areas at mid-year;
 *     NaN where the population table has none (always for an LSOA)
 */
public record BreakdownValue(
    String measure,
    String areaCode,
    int financialYear,
    String dimension,
    String category,
    long events,
    double population) {}
