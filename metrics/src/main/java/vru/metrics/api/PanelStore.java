package vru.metrics.api;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.geo.Geography;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Dsr;
import vru.metrics.stats.Interval;

/** Reads published measure panels back from PostgreSQL. */
public final class PanelStore {
  private static final Map<String, String> COUNTRIES =
      Map.of("E92000001", "England", "W92000004", "Wales", "K04000001", "England and Wales");

  private PanelStore() {}

  /**
   * The financial-year rows of the partnership's current panel in {@code warehouse} (see {@link
   * #currentRun}); rates are recomputed from the stored counts and denominators (the same function,
   * so the same values).
   *
   * @param partnershipName the name shown for partnership rows
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when no panel has been published
   */
  public static List<PanelRow> latest(
      Database db, Path warehouse, String partnershipId, String partnershipName) {
    return annual(db, currentRun(db, warehouse, partnershipId), partnershipName);
  }

  /**
   * The current metrics run to report from, in {@code warehouse} only (every warehouse on a machine
   * shares the database): the partnership's own; or, when {@code partnershipId} is empty (the
   * all-areas comparisons), the warehouse's all-areas run, else its latest partnership run.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the warehouse has no such run
   */
  public static UUID currentRun(Database db, Path warehouse, String partnershipId) {
    String where = warehouse.toAbsolutePath().normalize().toString();
    boolean any = partnershipId.isEmpty();
    String sql =
        "select r.job_run_id from metrics_run r join job_run j on j.id = r.job_run_id where"
            + " r.superseded_by is null and r.warehouse = ?"
            + (any ? "" : " and r.scope = ?")
            + " order by (r.scope = 'all-areas') desc, j.started_at desc limit 1";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, where);
      if (!any) {
        ps.setString(2, "partnership:" + partnershipId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              "no measure panel has been published "
                  + (any ? "" : "for " + partnershipId + " ")
                  + "from the warehouse "
                  + where
                  + ": run 'vru metrics "
                  + (any ? "--all-areas --warehouse " + where : "--config vru.yaml")
                  + "' first");
        }
        return (UUID) rs.getObject(1);
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the measure panel: " + e.getMessage(), e);
    }
  }

  /** The financial-year rows (local authorities and above) a run published. */
  public static List<PanelRow> annual(Database db, UUID run, String partnershipName) {
    return rows(db, run, partnershipName, Period.Type.FY, List.of());
  }

  /**
   * The rolling 12-month rows a run published for the given areas (police force areas, regions,
   * countries and the partnership have one ending every month; local authorities and CSPs one
   * ending each quarter).
   */
  public static List<PanelRow> rolling(
      Database db, UUID run, String partnershipName, List<String> areaCodes) {
    return rows(db, run, partnershipName, Period.Type.R12, areaCodes);
  }

  /** The pooled-years rows (Fingertips indicators published so) a run published for the areas. */
  public static List<PanelRow> pooled(
      Database db, UUID run, String partnershipName, List<String> areaCodes) {
    return rows(db, run, partnershipName, Period.Type.POOLED, areaCodes);
  }

  /** The monthly rows a run published for the given areas. */
  public static List<PanelRow> monthly(
      Database db, UUID run, String partnershipName, List<String> areaCodes) {
    return rows(db, run, partnershipName, Period.Type.MONTH, areaCodes);
  }

  /** Every area's rows (all ages) a run published for one measure and period. */
  public static List<PanelRow> at(
      Database db, UUID run, String partnershipName, String measure, Period period) {
    return rows(db, run, partnershipName, period.type(), List.of(), measure, period.label());
  }

  /**
   * The recent-trend label (Fingertips' wording, e.g. "Increasing and getting worse") a run gave
   * each area's all-ages value of one measure and period; areas without a trend are absent.
   */
  public static Map<String, String> trends(Database db, UUID run, String measure, Period period) {
    Map<String, String> out = new java.util.HashMap<>();
    String sql =
        "select area_code, trend_label from measure_comparison where job_run_id = ? and measure"
            + " = ? and age_band = 'all' and period = ? and trend_label is not null";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      ps.setString(2, measure);
      ps.setString(3, period.label());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString("area_code"), rs.getString("trend_label"));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the trends: " + e.getMessage(), e);
    }
    return Map.copyOf(out);
  }

  private static java.util.OptionalInt populationYear(int year, boolean none) {
    return none ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(year);
  }

  /**
   * A row's rate: as stored where the run stored how it was made (a Fingertips value as published
   * stays so), else recomputed from its count and denominator as the run computed it.
   */
  private static CrudeRate rate(ResultSet rs, long count, long denominator) throws SQLException {
    String method = rs.getString("method");
    int multiplier = rs.getInt("multiplier");
    if (method == null) {
      return CrudeRate.of(count, denominator, multiplier);
    }
    List<String> columns = List.of("rate", "lower_95", "upper_95", "lower_99_8", "upper_99_8");
    double[] v = new double[columns.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rs.getDouble(columns.get(i));
      if (rs.wasNull()) {
        v[i] = Double.NaN;
      }
    }
    return new CrudeRate(
        count,
        denominator,
        multiplier,
        v[0],
        new Interval(v[1], v[2]),
        new Interval(v[3], v[4]),
        method);
  }

  private static List<PanelRow> rows(
      Database db, UUID run, String partnershipName, Period.Type type, List<String> areaCodes) {
    return rows(db, run, partnershipName, type, areaCodes, null, null);
  }

  private static List<PanelRow> rows(
      Database db,
      UUID run,
      String partnershipName,
      Period.Type type,
      List<String> areaCodes,
      String measure,
      String period) {
    String sql =
        "select measure, age_band, area_code, area_level, period, count, denominator, multiplier,"
            + " missing_reason, dsr, dsr_lower_95, dsr_upper_95, dsr_lower_99_8, dsr_upper_99_8,"
            + " dsr_missing_reason, population_year, rate, lower_95, upper_95, lower_99_8,"
            + " upper_99_8, method from measure_value where job_run_id = ? and"
            + " period_type = ?"
            + (areaCodes.isEmpty() ? "" : " and area_code = any(?)")
            + (measure == null ? "" : " and measure = ? and period = ?");
    List<PanelRow> rows = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      ps.setString(2, type.key());
      int i = 3;
      if (!areaCodes.isEmpty()) {
        ps.setArray(i++, c.createArrayOf("text", areaCodes.toArray()));
      }
      if (measure != null) {
        ps.setString(i++, measure);
        ps.setString(i, period);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String code = rs.getString(3);
          String level = rs.getString(4);
          long count = rs.getLong(6);
          boolean hasCount = !rs.wasNull();
          long denominator = rs.getLong(7);
          boolean hasDenominator = !rs.wasNull() && denominator > 0 && hasCount;
          double dsr = rs.getDouble(10);
          Optional<Dsr> standardised =
              rs.wasNull()
                  ? Optional.empty()
                  : Optional.of(
                      new Dsr(
                          count,
                          dsr,
                          new Interval(rs.getDouble(11), rs.getDouble(12)),
                          new Interval(rs.getDouble(13), rs.getDouble(14))));
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
                  Period.parse(type, rs.getString(5)),
                  hasCount ? OptionalLong.of(count) : OptionalLong.empty(),
                  hasDenominator ? Optional.of(rate(rs, count, denominator)) : Optional.empty(),
                  standardised,
                  Optional.ofNullable(rs.getString(9)),
                  Optional.ofNullable(rs.getString(15)),
                  populationYear(rs.getInt(16), rs.wasNull())));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the measure panel: " + e.getMessage(), e);
    }
    if (rows.isEmpty() && type == Period.Type.FY) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no measure panel has been published yet: run 'vru metrics' first");
    }
    return rows;
  }
}
