package vru.metrics.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;

/** Reads the published breakdowns of who is affected back. */
public final class BreakdownStore {
  private BreakdownStore() {}

  /** What a metrics run published for one partnership; empty when it published none. */
  public static List<BreakdownValue> of(Database db, UUID run, String areaCode) {
    String sql =
        "select measure, area_code, financial_year, dimension, category, events, population"
            + " from measure_breakdown where job_run_id = ? and area_code = ?"
            + " order by measure, financial_year, dimension, category";
    List<BreakdownValue> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      ps.setString(2, areaCode);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double population = rs.getDouble("population");
          boolean none = rs.wasNull();
          out.add(
              new BreakdownValue(
                  rs.getString("measure"),
                  rs.getString("area_code"),
                  rs.getInt("financial_year"),
                  rs.getString("dimension"),
                  rs.getString("category"),
                  rs.getLong("events"),
                  none ? Double.NaN : population));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read who is affected: " + e.getMessage(), e);
    }
    return out;
  }
}
