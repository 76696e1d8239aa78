package vru.evaluation.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.evaluation.api.did.InterruptedTimeSeries;
import vru.evaluation.api.did.TimeAxis;

/**
 * An interrupted time series on one area's series, for an intervention that started everywhere at
 * once (the Serious Violence Duty from 31 January 2023), where no untreated comparison exists:
 * {@link InterruptedTimeSeries} with Newey–West errors, the counterfactual series and the
 * cumulative difference.
 */
public final class SeriesAnalysis {
  /**
   * One run.
   *
   * @param periods period labels (years, financial years or months), in any order
   * @param values the outcome per period
   * @param comparison a comparison series per period, or empty
   * @param start the first period of the intervention
   * @param seasonal month-of-year dummies (monthly series only)
   * @param lag the Newey–West lag, or empty for the default
   */
  public record Request(
      List<String> periods,
      List<Double> values,
      Optional<List<Double>> comparison,
      String start,
      boolean seasonal,
      Optional<Integer> lag) {}

  /** A coefficient. */
  @JsonPropertyOrder({"estimate", "se", "ci_lower", "ci_upper", "p_value"})
  public record Coefficient(
      double estimate, double se, double ciLower, double ciUpper, double pValue) {
    static Coefficient of(InterruptedTimeSeries.Coefficient c) {
      return new Coefficient(c.estimate(), c.se(), c.lower(), c.upper(), c.p());
    }
  }

  /** One period of the series: observed, fitted, and fitted without the intervention. */
  @JsonPropertyOrder({"period", "observed", "fitted", "counterfactual"})
  public record Point(String period, double observed, double fitted, double counterfactual) {}

  /** The result (docs/did-json.md). */
  @JsonPropertyOrder({
    "estimator",
    "estimate",
    "se",
    "se_method",
    "ci_lower",
    "ci_upper",
    "p_value",
    "coefficients",
    "lag",
    "cumulative_difference",
    "pre_periods",
    "post_periods",
    "pre_rmse",
    "durbin_watson",
    "series"
  })
  public record Output(
      String estimator,
      double estimate,
      double se,
      String seMethod,
      double ciLower,
      double ciUpper,
      double pValue,
      Map<String, Coefficient> coefficients,
      int lag,
      Coefficient cumulativeDifference,
      int prePeriods,
      int postPeriods,
      double preRmse,
      double durbinWatson,
      List<Point> series) {
    /** The result as JSON. */
    public String toJson() {
      return JsonText.of(this);
    }
  }

  private SeriesAnalysis() {}

  /**
   * Reads a series CSV (a period column and an outcome column, optionally a comparison column).
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} naming the file, line, column and value
   */
  public static Request read(
      Path file,
      String time,
      String outcome,
      Optional<String> comparison,
      String start,
      boolean seasonal,
      Optional<Integer> lag) {
    List<String> periods = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Double> other = new ArrayList<>();
    CsvTable t = CsvTable.read(file, "series");
    int it = t.column(time, "--time");
    int io = t.column(outcome, "--outcome");
    int ic = comparison.isPresent() ? t.column(comparison.get(), "--comparison") : -1;
    for (CsvReader.Record rec : t.records()) {
      periods.add(CsvTable.cell(rec, it).trim());
      values.add(BlockPanel.number(t.name(), rec.line(), outcome, CsvTable.cell(rec, io)));
      if (ic >= 0) {
        other.add(
            BlockPanel.number(t.name(), rec.line(), comparison.get(), CsvTable.cell(rec, ic)));
      }
    }
    return new Request(
        periods,
        values,
        comparison.isPresent() ? Optional.of(other) : Optional.empty(),
        start,
        seasonal,
        lag);
  }

  /**
   * Fits the segmented regression.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} for periods not on one axis, gaps, a start
   *     outside the series, fewer than 8 pre-periods, or seasonality on a series that is not
   *     monthly
   */
  public static Output run(Request r) {
    if (r.periods().isEmpty()) {
      throw new VruException(ErrorCode.INPUT_INVALID, "the series has no rows");
    }
    TimeAxis axis = TimeAxis.of(r.periods().get(0));
    if (axis == null) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "period '"
              + r.periods().get(0)
              + "' is not a year (2019), financial year (2019/20) or month (2019-04)");
    }
    TreeMap<Integer, Integer> order = new TreeMap<>();
    for (int i = 0; i < r.periods().size(); i++) {
      int at = position(axis, r.periods().get(i));
      if (order.put(at, i) != null) {
        throw new VruException(
            ErrorCode.INPUT_INVALID, "period " + r.periods().get(i) + " appears twice; keep one");
      }
    }
    List<Integer> positions = new ArrayList<>(order.keySet());
    for (int i = 1; i < positions.size(); i++) {
      if (positions.get(i) != positions.get(i - 1) + 1) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "the series has no value for "
                + axis.label(positions.get(i - 1) + 1)
                + "; the periods must follow on without gaps");
      }
    }
    int start = positions.indexOf(position(axis, r.start()));
    if (start < 0) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the start "
              + r.start()
              + " is not in the series ("
              + axis.label(positions.get(0))
              + " to "
              + axis.label(positions.get(positions.size() - 1))
              + ")");
    }
    if (r.seasonal() && axis != TimeAxis.MONTH) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "seasonal (month-of-year) terms need a monthly series; this one is in "
              + axis.describe());
    }
    int n = positions.size();
    double[] y = new double[n];
    double[] comparison = new double[n];
    int[] months = new int[n];
    for (int t = 0; t < n; t++) {
      int i = order.get(positions.get(t));
      y[t] = r.values().get(i);
      months[t] = Math.floorMod(positions.get(t), 12) + 1;
      if (r.comparison().isPresent()) {
        comparison[t] = r.comparison().get().get(i);
      }
    }
    InterruptedTimeSeries.Result fit;
    try {
      fit =
          InterruptedTimeSeries.fit(
              new InterruptedTimeSeries.Series(
                  y,
                  start,
                  r.seasonal() ? Optional.of(months) : Optional.empty(),
                  r.comparison().isPresent() ? Optional.of(comparison) : Optional.empty(),
                  r.lag()));
    } catch (IllegalArgumentException e) {
      throw new VruException(ErrorCode.INPUT_INVALID, e.getMessage());
    }
    Map<String, Coefficient> coefficients = new LinkedHashMap<>();
    coefficients.put("trend", Coefficient.of(fit.trend()));
    coefficients.put("level_change", Coefficient.of(fit.levelChange()));
    coefficients.put("slope_change", Coefficient.of(fit.slopeChange()));
    List<Point> series = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      series.add(
          new Point(axis.label(positions.get(t)), y[t], fit.fitted()[t], fit.counterfactual()[t]));
    }
    Coefficient level = coefficients.get("level_change");
    return new Output(
        "its",
        level.estimate(),
        level.se(),
        "newey-west",
        level.ciLower(),
        level.ciUpper(),
        level.pValue(),
        coefficients,
        fit.lag(),
        Coefficient.of(fit.cumulativeDifference()),
        start,
        n - start,
        fit.preRmse(),
        fit.durbinWatson(),
        series);
  }

  private static int position(TimeAxis axis, String label) {
    try {
      return axis.position(label);
    } catch (IllegalArgumentException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "period '" + label + "' is not written as " + axis.describe() + " like the others");
    }
  }
}
