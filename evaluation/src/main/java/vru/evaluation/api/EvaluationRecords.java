package vru.evaluation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import vru.evaluation.api.did.DidEstimate;

/**
 * Writes an evaluation's estimates and runs (with their components) in the caller's transaction, so
 * a job's evaluation is stored whole or not at all.
 */
final class EvaluationRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluationRecords() {}

  /** Writes every run and its components on {@code c}; the caller commits. */
  static void storeRuns(Connection c, EvaluationRequest request, List<Evaluation.Run> runs)
      throws SQLException {
    String runSql =
        "insert into evaluation_run(job_run_id, measure, estimator, control, base_period,"
            + " anticipation, confidence, bootstrap_draws, bootstrap_seed, critical_value,"
            + " pretest_statistic, pretest_df, pretest_p, panel_sha256, n_units, n_periods,"
            + " n_clusters, details) values (?, ?, ?, ?, ?, ?, 0.95, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?::jsonb) returning id";
    String pointSql =
        "insert into evaluation_point(run_id, kind, key, estimate, se, ci_lower, ci_upper, weight)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)";
    try {
      try (PreparedStatement rs = c.prepareStatement(runSql);
          PreparedStatement ps = c.prepareStatement(pointSql)) {
        for (Evaluation.Run r : runs) {
          rs.setObject(1, request.jobRun());
          rs.setString(2, r.measure());
          rs.setString(3, r.estimator());
          rs.setString(4, r.control());
          rs.setString(5, r.basePeriod());
          rs.setObject(6, r.anticipation());
          rs.setInt(7, r.draws());
          rs.setObject(8, r.seed());
          rs.setObject(9, Evaluation.finite(r.criticalValue()));
          rs.setObject(10, Evaluation.finite(r.pretestStatistic()));
          rs.setObject(11, r.pretestDf() > 0 ? r.pretestDf() : null);
          rs.setObject(12, Evaluation.finite(r.pretestP()));
          rs.setString(13, r.panelSha256());
          rs.setInt(14, r.units());
          rs.setInt(15, r.periods());
          rs.setInt(16, r.clusters());
          rs.setString(17, JSON.writeValueAsString(r.details()));
          long id;
          try (java.sql.ResultSet k = rs.executeQuery()) {
            k.next();
            id = k.getLong(1);
          }
          for (Evaluation.Point p : r.points()) {
            ps.setLong(1, id);
            ps.setString(2, p.kind());
            ps.setString(3, p.key());
            ps.setDouble(4, p.estimate());
            ps.setObject(5, Evaluation.finite(p.se()));
            ps.setObject(6, Evaluation.finite(p.lower()));
            ps.setObject(7, Evaluation.finite(p.upper()));
            ps.setObject(8, Evaluation.finite(p.weight()));
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the headline estimates on {@code c}; the caller commits. */
  static void store(Connection c, EvaluationRequest request, List<EvaluationResult> results)
      throws SQLException {
    String sql =
        "insert into evaluation_estimate(job_run_id, measure, estimator, estimate, se, ci_lower,"
            + " ci_upper, p_value, n_units, n_treated, n_periods, details)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
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
        ps.setString(12, JSON.writeValueAsString(details(r)));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored details of a result; numbers that are not known are left out. */
  private static Map<String, Object> details(EvaluationResult r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("inference", r.estimate().inference());
    m.put("events_prevented", r.eventsPrevented());
    m.put("multiplier", r.multiplier());
    m.put("excluded", r.excluded());
    m.put("first_year", r.firstYear());
    m.put("last_year", r.lastYear());
    m.put("design", r.design());
    m.put("scope", r.scope());
    m.put("why", r.why());
    m.put("warnings", r.warnings());
    putFinite(m, "observed_events", r.observedEvents());
    putFinite(m, "prevented_lower", r.preventedLower());
    putFinite(m, "prevented_upper", r.preventedUpper());
    return m;
  }

  private static void putFinite(Map<String, Object> m, String key, double v) {
    if (Double.isFinite(v)) {
      m.put(key, v);
    }
  }
}
