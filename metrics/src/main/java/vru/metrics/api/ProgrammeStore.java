package vru.metrics.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;

/** Reads published programme-monitoring totals back. */
public final class ProgrammeStore {
  private ProgrammeStore() {}

  /** The totals a metrics run published; empty when it published none. */
  public static List<ProgrammeValue> of(Database db, java.util.UUID run) {
    String sql =
        "select intervention, area_code, financial_year, referrals, starts, completions, cost_gbp,"
            + " months from programme_value where job_run_id = ? order by 1, 2, 3";
    List<ProgrammeValue> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // wasNull speaks of the column read last: ask it at once
          double cost = rs.getDouble("cost_gbp");
          boolean noCost = rs.wasNull();
          out.add(
              new ProgrammeValue(
                  rs.getString("intervention"),
                  rs.getString("area_code"),
                  rs.getInt("financial_year"),
                  rs.getLong("referrals"),
                  rs.getLong("starts"),
                  rs.getLong("completions"),
                  noCost ? Double.NaN : cost,
                  rs.getInt("months")));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read programme totals: " + e.getMessage(), e);
    }
    return out;
  }
}
