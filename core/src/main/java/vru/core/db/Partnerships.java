package vru.core.db;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.PartnershipConfig;
import vru.core.geo.Geography;

/**
 * The partnership registry: each configured partnership with its member, programme and comparison
 * areas and start dates, replaced whenever its configuration is used.
 */
public final class Partnerships {
  private Partnerships() {}

  /**
   * Records the partnership of {@code config} (areas are added from the reference hierarchy if
   * missing).
   */
  public static void save(Database db, PartnershipConfig config) {
    Geography g = Geography.reference();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement area =
          c.prepareStatement(
              "insert into area(code, name, level) values (?, ?, ?) on conflict (code) do nothing")) {
        for (Geography.Area a : g.pfas().values()) {
          addArea(area, a, "pfa");
        }
        for (Geography.Area a : g.csps().values()) {
          addArea(area, a, "csp");
        }
        area.executeBatch();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "insert into partnership(id, name, start_date) values (?, ?, ?) on conflict (id) do"
                  + " update set name = excluded.name, start_date = excluded.start_date,"
                  + " updated_at = now()")) {
        p.setString(1, config.id());
        p.setString(2, config.name());
        p.setDate(3, Date.valueOf(config.start()));
        p.executeUpdate();
      }
      try (PreparedStatement d =
          c.prepareStatement("delete from partnership_area where partnership_id = ?")) {
        d.setString(1, config.id());
        d.executeUpdate();
      }
      try (PreparedStatement a =
          c.prepareStatement(
              "insert into partnership_area(partnership_id, area_code, role, start_date) values (?, ?, ?, ?)")) {
        for (String code : config.areas()) {
          link(a, config.id(), code, "member", config.start());
        }
        for (PartnershipConfig.ProgrammeArea pa : config.programmeAreas()) {
          link(a, config.id(), pa.area(), "programme", pa.start());
        }
        for (String code : comparison(config, g)) {
          link(a, config.id(), code, "comparison", null);
        }
        a.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot record partnership " + config.id() + ": " + e.getMessage(),
          e);
    }
  }

  /** The configured comparison areas, or every PFA outside the programme. */
  private static List<String> comparison(PartnershipConfig config, Geography g) {
    if (!config.comparison().isEmpty()) {
      return config.comparison();
    }
    List<String> programme =
        config.programmeAreas().stream().map(PartnershipConfig.ProgrammeArea::area).toList();
    return g.pfas().keySet().stream().filter(p -> !programme.contains(p)).toList();
  }

  private static void addArea(PreparedStatement ps, Geography.Area a, String level)
      throws SQLException {
    ps.setString(1, a.code());
    ps.setString(2, a.name());
    ps.setString(3, level);
    ps.addBatch();
  }

  private static void link(
      PreparedStatement ps, String id, String code, String role, java.time.LocalDate start)
      throws SQLException {
    ps.setString(1, id);
    ps.setString(2, code);
    ps.setString(3, role);
    ps.setDate(4, start == null ? null : Date.valueOf(start));
    ps.addBatch();
  }
}
