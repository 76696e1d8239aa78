package vru.metrics.api;

/**
 * Programme monitoring totalled over one financial year for one intervention and area.
 *
 * @param months months of monitoring behind the totals (12 for a full year)
 * @param costGbp total cost, NaN when no month reported one
 */
public record ProgrammeValue(
    String intervention,
    String areaCode,
    int financialYear,
    long referrals,
    long starts,
    long completions,
    double costGbp,
    int months) {

  /**
   * The named series: {@code referrals}, {@code starts}, {@code completions} or {@code cost_gbp}.
   */
  public double series(String name) {
    return switch (name) {
      case "referrals" -> referrals;
      case "starts" -> starts;
      case "completions" -> completions;
      case "cost_gbp" -> costGbp;
      default -> throw new IllegalArgumentException(name);
    };
  }
}
