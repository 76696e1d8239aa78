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
import vru.evaluation.did.DidEstimate;

/** Reads the most recent evaluation results back from PostgreSQL. */
public final class EvaluationStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluationStore() {}

  /** The estimates of the latest job run that stored any; empty when none has. */
  public static List<EvaluationResult> latest(Database db) {
    String sql =
        "select measure, estimator, estimate, se, ci_lower, ci_upper, p_value, n_units, n_treated,"
            + " n_periods, details::text from evaluation_estimate where job_run_id = (select"
            + " e.job_run_id from evaluation_estimate e join job_run j on j.id = e.job_run_id"
            + " order by j.started_at desc limit 1) order by measure, estimator";
    List<EvaluationResult> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        JsonNode details = JSON.readTree(rs.getString(11));
        List<String> excluded = new ArrayList<>();
        details.path("excluded").forEach(n -> excluded.add(n.asText()));
        DidEstimate e =
            new DidEstimate(
                rs.getString(2),
                rs.getDouble(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getInt(8),
                rs.getInt(9),
                rs.getInt(10),
                rs.getInt(8),
                details.path("inference").asText());
        out.add(
            new EvaluationResult(
                rs.getString(1),
                details.path("multiplier").asInt(),
                e,
                details.path("events_prevented").asDouble(),
                details.path("first_year").asInt(),
                details.path("last_year").asInt(),
                excluded));
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read evaluation results: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("stored evaluation details are not JSON", e);
    }
    return out;
  }
}
