package vru.evaluation.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.evaluation.api.did.DidEstimate;

/** Reads evaluation results back from PostgreSQL, scoped to the panel they were estimated on. */
public final class EvaluationStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluationStore() {}

  /**
   * The estimates of the latest evaluation of a metrics run's panel (the job that recorded {@code
   * panelRun} as its panel, see {@code JobRuns.scope}); empty when none has been stored. Scoping by
   * the panel scopes by warehouse and partnership: another warehouse's evaluation is never read.
   */
  public static List<EvaluationResult> latest(Database db, java.util.UUID panelRun) {
    return read(
        db,
        "select measure, estimator, estimate, se, ci_lower, ci_upper, p_value, n_units, n_treated,"
            + " n_periods, details::text as details from evaluation_estimate where job_run_id = (select"
            + " e.job_run_id from evaluation_estimate e join job_run j on j.id = e.job_run_id"
            + " where j.panel_run = ? order by j.started_at desc limit 1) order by measure,"
            + " estimator",
        panelRun);
  }

  /** The estimates one evaluation job stored; empty when it stored none. */
  public static List<EvaluationResult> of(Database db, java.util.UUID jobRun) {
    return read(
        db,
        "select measure, estimator, estimate, se, ci_lower, ci_upper, p_value, n_units, n_treated,"
            + " n_periods, details::text as details from evaluation_estimate where job_run_id = ? order by"
            + " measure, estimator",
        jobRun);
  }

  private static List<EvaluationResult> read(Database db, String sql, java.util.UUID run) {
    List<EvaluationResult> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonNode details = JSON.readTree(rs.getString("details"));
          List<String> excluded = new ArrayList<>();
          details.path("excluded").forEach(n -> excluded.add(n.asText()));
          DidEstimate e =
              new DidEstimate(
                  rs.getString("estimator"),
                  rs.getDouble("estimate"),
                  rs.getDouble("se"),
                  rs.getDouble("ci_lower"),
                  rs.getDouble("ci_upper"),
                  rs.getDouble("p_value"),
                  rs.getInt("n_units"),
                  rs.getInt("n_treated"),
                  rs.getInt("n_periods"),
                  rs.getInt("n_units"),
                  details.path("inference").asText());
          List<String> warnings = new ArrayList<>();
          details.path("warnings").forEach(n -> warnings.add(n.asText()));
          out.add(
              new EvaluationResult(
                  rs.getString("measure"),
                  details.path("multiplier").asInt(),
                  e,
                  details.path("events_prevented").asDouble(),
                  details.path("first_year").asInt(),
                  details.path("last_year").asInt(),
                  excluded,
                  details.path("design").asText("cs"),
                  details.path("scope").asText("programme"),
                  details.path("why").asText(""),
                  warnings,
                  details.path("observed_events").asDouble(Double.NaN),
                  details.path("prevented_lower").asDouble(Double.NaN),
                  details.path("prevented_upper").asDouble(Double.NaN)));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read evaluation results: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("stored evaluation details are not JSON", e);
    }
    return out;
  }

  /**
   * The event study of the latest Callaway–Sant'Anna run for a measure: the effect at each year
   * since the start (leads negative) with its simultaneous interval, and the pre-trend test.
   *
   * @param points event time, estimate, lower and upper limit, ascending in event time
   * @param pretestStatistic the Wald statistic of the pre-trend test (NaN when not computed)
   * @param pretestDf its degrees of freedom
   * @param pretestP its p-value (NaN when not computed)
   */
  public record EventStudyView(
      List<double[]> points, double pretestStatistic, int pretestDf, double pretestP) {}

  /**
   * The latest event study for {@code measure} estimated on a metrics run's panel; empty when none
   * was stored.
   */
  public static java.util.Optional<EventStudyView> eventStudy(
      Database db, java.util.UUID panelRun, String measure) {
    String run =
        "select r.id, r.pretest_statistic, r.pretest_df, r.pretest_p from evaluation_run r join"
            + " job_run j on j.id = r.job_run_id where j.panel_run = ? and r.measure = ? and"
            + " r.estimator = 'cs' order by j.started_at desc, r.id desc limit 1";
    String points =
        "select key, estimate, ci_lower, ci_upper from evaluation_point where run_id = ? and kind"
            + " = 'event_time'";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(run)) {
      ps.setObject(1, panelRun);
      ps.setString(2, measure);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return java.util.Optional.empty();
        }
        long id = rs.getLong("id");
        double stat = rs.getDouble("pretest_statistic");
        stat = rs.wasNull() ? Double.NaN : stat;
        int df = rs.getInt("pretest_df");
        double p = rs.getDouble("pretest_p");
        p = rs.wasNull() ? Double.NaN : p;
        List<double[]> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(points)) {
          q.setLong(1, id);
          try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
              out.add(
                  new double[] {
                    Double.parseDouble(r.getString("key")),
                    r.getDouble("estimate"),
                    r.getObject("ci_lower") == null ? Double.NaN : r.getDouble("ci_lower"),
                    r.getObject("ci_upper") == null ? Double.NaN : r.getDouble("ci_upper")
                  });
            }
          }
        }
        out.sort(java.util.Comparator.comparingDouble(a -> a[0]));
        return out.isEmpty()
            ? java.util.Optional.empty()
            : java.util.Optional.of(new EventStudyView(List.copyOf(out), stat, df, p));
      }
    } catch (SQLException | NumberFormatException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the event study: " + e.getMessage(), e);
    }
  }
}
