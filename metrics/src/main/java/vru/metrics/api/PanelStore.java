package vru.metrics.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.geo.Geography;
import vru.metrics.stats.CrudeRate;

/** Reads the most recently published measure panel back from PostgreSQL. */
public final class PanelStore {
  private static final Map<String, String> COUNTRIES =
      Map.of("E92000001", "England", "W92000004", "Wales", "K04000001", "England and Wales");

  private PanelStore() {}

  /**
   * The panel of the latest job run that published one; rates are recomputed from the stored counts
   * and denominators (the same function, so the same values).
   *
   * @param partnershipName the name shown for partnership rows
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when no panel has been published
   */
  public static List<PanelRow> latest(Database db, String partnershipName) {
    String sql =
        "select measure, age_band, area_code, area_level, period, count, denominator, multiplier,"
            + " missing_reason from measure_value where job_run_id = (select m.job_run_id from"
            + " measure_value m join job_run j on j.id = m.job_run_id order by j.started_at desc"
            + " limit 1)";
    List<PanelRow> rows = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String code = rs.getString(3);
        String level = rs.getString(4);
        long denominator = rs.getLong(7);
        boolean hasDenominator = !rs.wasNull() && denominator > 0;
        String name =
            level.equals("partnership")
                ? partnershipName
                : COUNTRIES.getOrDefault(code, Geography.reference().nameOf(code).orElse(code));
        rows.add(
            new PanelRow(
                rs.getString(1),
                rs.getString(2),
                code,
                level,
                name,
                FinancialYear.parse(rs.getString(5)).startYear(),
                rs.getLong(6),
                hasDenominator
                    ? Optional.of(CrudeRate.of(rs.getLong(6), denominator, rs.getInt(8)))
                    : Optional.empty(),
                Optional.ofNullable(rs.getString(9))));
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the measure panel: " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no measure panel has been published yet: run 'vru metrics' first");
    }
    return rows;
  }
}
