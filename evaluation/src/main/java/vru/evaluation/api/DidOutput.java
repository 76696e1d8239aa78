package vru.evaluation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code vru did} prints: stable snake_case field names, documented in {@code
 * docs/did-json.md}. Numbers that do not exist (an SE of a reference cell, a p-value without a
 * test) are {@code null}, never NaN.
 */
@JsonPropertyOrder({
  "estimator",
  "control",
  "base_period",
  "anticipation",
  "aggregate",
  "estimate",
  "se",
  "ci_lower",
  "ci_upper",
  "p_value",
  "confidence",
  "inference",
  "n_units",
  "n_treated",
  "n_periods",
  "n_clusters",
  "time_axis",
  "events",
  "att_gt",
  "effects",
  "pretest",
  "bootstrap",
  "wild_bootstrap",
  "bacon",
  "excluded",
  "notes",
  "provenance"
})
public record DidOutput(
    String estimator,
    String control,
    String basePeriod,
    Integer anticipation,
    String aggregate,
    Double estimate,
    Double se,
    Double ciLower,
    Double ciUpper,
    Double pValue,
    double confidence,
    String inference,
    int nUnits,
    int nTreated,
    int nPeriods,
    int nClusters,
    String timeAxis,
    Events events,
    List<GroupTime> attGt,
    List<Effect> effects,
    Pretest pretest,
    Bootstrap bootstrap,
    WildBootstrap wildBootstrap,
    List<BaconComparison> bacon,
    List<String> excluded,
    List<String> notes,
    Map<String, Object> provenance) {

  /** One ATT(g,t). */
  @JsonPropertyOrder({"group", "time", "estimate", "se"})
  public record GroupTime(String group, String time, Double estimate, Double se) {}

  /** One component of the aggregation: an event time, group, period or comparison type. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"key", "estimate", "se", "ci_lower", "ci_upper", "weight"})
  public record Effect(
      String key, Double estimate, Double se, Double ciLower, Double ciUpper, Double weight) {}

  /** The pre-trend test. */
  public record Pretest(Double statistic, int df, Double pValue, String test) {}

  /** The multiplier bootstrap of the cs estimator. */
  public record Bootstrap(int draws, long seed, Double criticalValue, String band) {}

  /** The wild cluster bootstrap of the TWFE coefficient. */
  public record WildBootstrap(
      int draws,
      Long seed,
      String weights,
      boolean enumerated,
      Double pValue,
      Double ciLower,
      Double ciUpper) {}

  /** One 2x2 comparison of the Goodman-Bacon decomposition. */
  public record BaconComparison(
      String type, String treated, String control, double estimate, double weight) {}

  /**
   * The estimate as a number of events over the treated units' post-treatment periods.
   *
   * @param difference events added (negative: prevented), {@code estimate × population / per}
   * @param ciLower lower limit
   * @param ciUpper upper limit
   * @param population the treated units' population summed over their post-treatment periods
   * @param per the rate multiplier
   */
  public record Events(
      double difference, Double ciLower, Double ciUpper, double population, double per) {}

  /** The JSON text. */
  public String toJson() {
    return JsonText.of(this);
  }

  /** A number for JSON: {@code null} when it is NaN or infinite. */
  static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
