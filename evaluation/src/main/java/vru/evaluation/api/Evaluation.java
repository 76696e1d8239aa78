package vru.evaluation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.evaluation.did.CallawaySantAnna;
import vru.evaluation.did.DidEstimate;
import vru.evaluation.did.DidPanel;
import vru.evaluation.did.Twfe;
import vru.metrics.api.PanelRow;

/**
 * The evaluation stage: for each measure, difference-in-differences on police force area ×
 * financial year rates (all ages): Callaway–Sant'Anna (simple aggregation), which stays unbiased
 * when areas start at different times and effects grow, and two-way fixed effects for comparison.
 * Treated: the programme areas from the financial year containing their start date; comparison: the
 * configured areas, or every other force. Estimates are stored in PostgreSQL.
 */
public final class Evaluation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Evaluation() {}

  public static List<EvaluationResult> run(EvaluationRequest request) {
    List<EvaluationResult> results = new ArrayList<>();
    for (String measure : request.measures()) {
      results.addAll(evaluate(request, measure));
    }
    store(request, results);
    return results;
  }

  private static List<EvaluationResult> evaluate(EvaluationRequest request, String measure) {
    Map<String, LocalDate> starts = request.programmeStarts();
    List<DidPanel.Observation> rows = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    int multiplier = 0;
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    double exposure = 0;
    for (PanelRow r : request.panel()) {
      if (!r.measure().equals(measure)
          || !r.ageBand().equals("all")
          || !r.areaLevel().equals("pfa")) {
        continue;
      }
      boolean treated = starts.containsKey(r.areaCode());
      boolean comparison =
          !treated
              && (request.comparison().isEmpty() || request.comparison().contains(r.areaCode()));
      if (!treated && !comparison) {
        continue;
      }
      if (r.rate().isEmpty()) {
        excluded.add(r.areaName() + " " + r.period() + ": " + r.missingReason().orElse("no rate"));
        continue;
      }
      int cohort = treated ? FinancialYear.containing(starts.get(r.areaCode())).startYear() : 0;
      rows.add(
          new DidPanel.Observation(
              r.areaCode(), r.financialYear(), r.rate().get().value(), cohort));
      multiplier = (int) r.rate().get().multiplier();
      first = Math.min(first, r.financialYear());
      last = Math.max(last, r.financialYear());
      if (treated && r.financialYear() >= cohort) {
        exposure += r.rate().get().denominator() / r.rate().get().multiplier();
      }
    }
    if (rows.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "no panel rows for " + measure + ": run metrics for it first");
    }
    DidPanel panel = DidPanel.of(rows);
    DidEstimate twfe = Twfe.estimate(panel);
    List<EvaluationResult> out = new ArrayList<>();
    List<String> csExcluded = new ArrayList<>(excluded);
    try {
      CallawaySantAnna.Result cs =
          CallawaySantAnna.estimate(panel, CallawaySantAnna.Control.NEVER_TREATED);
      csExcluded.addAll(cs.excluded());
      DidEstimate e = normal("cs", cs.simple().estimate(), cs.simple().se(), twfe);
      out.add(
          new EvaluationResult(
              measure,
              multiplier,
              e,
              -e.estimate() * exposure,
              first,
              last,
              List.copyOf(csExcluded)));
    } catch (VruException notEstimable) {
      excluded.add("Callaway-Sant'Anna not estimated: " + notEstimable.getMessage());
    }
    out.add(
        new EvaluationResult(
            measure,
            multiplier,
            twfe,
            -twfe.estimate() * exposure,
            first,
            last,
            List.copyOf(excluded)));
    return out;
  }

  /** An estimate with a normal-approximation 95% interval and p-value. */
  private static DidEstimate normal(
      String estimator, double estimate, double se, DidEstimate like) {
    double z = 1.959963984540054;
    double p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(estimate / se)));
    return new DidEstimate(
        estimator,
        estimate,
        se,
        estimate - z * se,
        estimate + z * se,
        p,
        like.units(),
        like.treatedUnits(),
        like.periods(),
        like.units(),
        "Callaway-Sant'Anna simple aggregation, never-treated comparison, varying base period;"
            + " analytic influence-function SE; normal 95% interval");
  }

  private static void store(EvaluationRequest request, List<EvaluationResult> results) {
    String sql =
        "insert into evaluation_estimate(job_run_id, measure, estimator, estimate, se, ci_lower,"
            + " ci_upper, p_value, n_units, n_treated, n_periods, details)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
    try (Connection c = request.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (EvaluationResult r : results) {
        DidEstimate e = r.estimate();
        ps.setObject(1, request.jobRun());
        ps.setString(2, r.measure());
        ps.setString(3, e.estimator());
        ps.setDouble(4, e.estimate());
        ps.setDouble(5, e.se());
        ps.setDouble(6, e.ciLower());
        ps.setDouble(7, e.ciUpper());
        ps.setDouble(8, e.pValue());
        ps.setInt(9, e.units());
        ps.setInt(10, e.treatedUnits());
        ps.setInt(11, e.periods());
        ps.setString(
            12,
            JSON.writeValueAsString(
                Map.of(
                    "inference", e.inference(),
                    "events_prevented", r.eventsPrevented(),
                    "multiplier", r.multiplier(),
                    "excluded", r.excluded(),
                    "first_year", r.firstYear(),
                    "last_year", r.lastYear())));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot store evaluation results: " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
