package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.ProgrammeValue;

/**
 * Totals of programme monitoring per intervention, area and financial year, counted in Spark (only
 * the totals reach the driver) and published to PostgreSQL for the theory-of-change assessment.
 */
public final class ProgrammeJob {
  private ProgrammeJob() {}

  /** The totals; empty when no programme monitoring has been ingested. */
  public static List<ProgrammeValue> run(MetricsRequest request) {
    Warehouse wh = request.warehouse();
    if (!Files.isDirectory(wh.table(Warehouse.PROGRAMME))) {
      return List.of();
    }
    List<ProgrammeValue> out = new ArrayList<>();
    for (Row r :
        request
            .spark()
            .read()
            .parquet(wh.table(Warehouse.PROGRAMME).toString())
            .groupBy(col("intervention"), col("area_code"), col("financial_year"))
            .agg(
                sum(col("referrals")).as("referrals"),
                sum(col("starts")).as("starts"),
                sum(col("completions")).as("completions"),
                sum(col("cost_gbp")).as("cost_gbp"),
                count(lit(1)).as("months"))
            .collectAsList()) {
      out.add(
          new ProgrammeValue(
              r.getString(0),
              r.getString(1),
              r.getInt(2),
              r.getLong(3),
              r.getLong(4),
              r.getLong(5),
              r.isNullAt(6) ? Double.NaN : r.getDouble(6),
              (int) r.getLong(7)));
    }
    publish(request, out);
    return out;
  }

  private static void publish(MetricsRequest request, List<ProgrammeValue> values) {
    String sql =
        "insert into programme_value(job_run_id, intervention, area_code, financial_year,"
            + " referrals, starts, completions, cost_gbp, months) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = request.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (ProgrammeValue v : values) {
        ps.setObject(1, request.jobRun());
        ps.setString(2, v.intervention());
        ps.setString(3, v.areaCode());
        ps.setInt(4, v.financialYear());
        ps.setLong(5, v.referrals());
        ps.setLong(6, v.starts());
        ps.setLong(7, v.completions());
        ps.setObject(8, Double.isNaN(v.costGbp()) ? null : v.costGbp());
        ps.setInt(9, v.months());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot publish programme totals: " + e.getMessage(), e);
    }
  }
}
