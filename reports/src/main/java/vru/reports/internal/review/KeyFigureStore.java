package vru.reports.internal.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import vru.core.api.ErrorCode;
import vru.core.api.Measures;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.core.db.Database;
import vru.metrics.api.PanelRow;
import vru.metrics.api.disclosure.Disclosure;
import vru.metrics.stats.CrudeRate;
import vru.reports.api.ReportRequest;
import vru.reports.internal.Numbers;
import vru.reports.internal.Shown;

/**
 * The key figures each annual review published ({@code review_key_figure}): recorded when a review
 * is written, read back by the next year's review for "what changed since last year".
 */
public final class KeyFigureStore {
  /**
   * A key figure as a review published it.
   *
   * @param count the count as shown ("*" when withheld)
   * @param rate the rate, empty when withheld
   * @param recordedAt when the review was written
   */
  public record Published(String count, Optional<double[]> rate, OffsetDateTime recordedAt) {}

  private KeyFigureStore() {}

  /**
   * The key figures of the latest review of {@code reviewYear} for the partnership, by measure
   * (figures for that year itself); empty when none was recorded or there is no database.
   */
  public static Map<String, Published> previous(Database db, String partnership, int reviewYear) {
    Map<String, Published> out = new LinkedHashMap<>();
    if (db == null) {
      return out;
    }
    String sql =
        "select distinct on (measure) measure, count_shown, rate, ci_lower, ci_upper, recorded_at"
            + " from review_key_figure where partnership_id = ? and review_year = ? and"
            + " figure_year = ? order by measure, recorded_at desc";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, partnership);
      ps.setInt(2, reviewYear);
      ps.setInt(3, reviewYear);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double rate = rs.getDouble("rate");
          boolean withheld = rs.wasNull();
          out.put(
              rs.getString("measure"),
              new Published(
                  rs.getString("count_shown"),
                  withheld
                      ? Optional.empty()
                      : Optional.of(
                          new double[] {rate, rs.getDouble("ci_lower"), rs.getDouble("ci_upper")}),
                  rs.getObject("recorded_at", OffsetDateTime.class)));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot read the previous review's key figures: " + e.getMessage(),
          e);
    }
    return out;
  }

  /** Records the key figures of review {@code r} (this year and last, as shown). */
  public static void record(ReportRequest r) {
    if (r.database() == null) {
      return;
    }
    String sql =
        "insert into review_key_figure(job_run_id, partnership_id, review_year, measure,"
            + " figure_year, count_shown, rate, ci_lower, ci_upper) values (?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?) on conflict do nothing";
    Numbers num = new Numbers(java.util.Locale.UK);
    java.util.Set<Integer> years =
        java.util.Set.of(r.year().startYear(), r.year().previous().startYear());
    try (Connection c = r.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      java.util.Set<String> done = new java.util.HashSet<>();
      for (PanelRow row : r.panel()) {
        String m = row.measure();
        if (!row.areaCode().equals(r.partnershipId())
            || !row.ageBand().equals("all")
            || !Measures.NATIONAL.contains(m)
            || row.period().type() != vru.metrics.api.Period.Type.FY
            || !years.contains(row.financialYear())
            || !done.add(m + "|" + row.financialYear())) {
          continue;
        }
        MeasureCatalogue.Measure def = r.measures().get(m);
        Shown s =
            Shown.one(
                row, def == null ? Disclosure.Rule.NONE : Disclosure.Rule.of(def.disclosure()));
        Optional<CrudeRate> rate = s.rate();
        ps.setObject(1, r.jobRun());
        ps.setString(2, r.partnershipId());
        ps.setInt(3, r.year().startYear());
        ps.setString(4, m);
        ps.setInt(5, row.financialYear());
        ps.setString(6, s.count(num));
        if (rate.isPresent()) {
          ps.setDouble(7, rate.get().value());
          ps.setDouble(8, rate.get().ci95().lower());
          ps.setDouble(9, rate.get().ci95().upper());
        } else {
          ps.setNull(7, java.sql.Types.DOUBLE);
          ps.setNull(8, java.sql.Types.DOUBLE);
          ps.setNull(9, java.sql.Types.DOUBLE);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot record the review's key figures: " + e.getMessage(),
          e);
    }
  }
}
