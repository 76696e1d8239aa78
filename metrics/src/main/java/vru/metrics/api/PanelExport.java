package vru.metrics.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.geo.Geography;
import vru.metrics.api.disclosure.Disclosure;

/**
 * Exports one area level of a published panel as a CSV for publication, with each measure's
 * disclosure rule applied: HES counts rounded (1–7 shown as {@code *}), Fingertips counts 1–5
 * suppressed with secondary suppression against the parent area's total (a force for local
 * authorities and CSPs, the country for forces, England for regions), so a withheld cell cannot be
 * recovered by differencing from the published parent; withheld cells lose their rate and interval
 * too. {@link Disclosure#check} runs over the whole table before a byte is written. Each row names
 * its {@code source}: the warehouse table its measure is counted from ({@code police_incidents},
 * {@code police_uk_street}, …), as the run's recorded definition says; a Fingertips value says
 * whether it is as published or recomputed.
 */
public final class PanelExport {
  /** The area levels that can be exported. */
  public static final List<String> LEVELS =
      List.of("la", "csp", "pfa", "region", "country", "partnership");

  private PanelExport() {}

  /** What was written. */
  public record Summary(long rows, long suppressed, Map<String, Long> byRule) {}

  private record Value(
      String measure,
      String ageBand,
      String area,
      String periodType,
      String period,
      Long count,
      Long denominator,
      Double[] rate,
      String missing,
      String rule,
      String source,
      Integer populationYear) {}

  /**
   * Writes {@code out}.
   *
   * @throws VruException {@link ErrorCode#DISCLOSURE_FAILED} naming the cell if the check finds a
   *     disclosive value (nothing is written)
   */
  public static Summary write(Database db, UUID run, String level, Path out) {
    if (!LEVELS.contains(level)) {
      throw new VruException(
          ErrorCode.USAGE,
          "unknown area level '" + level + "'; use one of " + String.join(", ", LEVELS));
    }
    List<Value> values = read(db, run, level);
    // a partnership by the name it was saved with, a region or country by its own
    Map<String, String> names = level.equals("partnership") ? partnerships(db) : new HashMap<>();
    Map<String, Long> parents = parentCounts(db, run, level);
    Map<String, Disclosure.Published> byKey = new HashMap<>();
    Map<String, List<Disclosure.Cell>> byRule = new HashMap<>();
    for (Value v : values) {
      if (v.count() == null) {
        continue;
      }
      String group = group(v, parent(v.area(), level));
      Disclosure.Cell c = new Disclosure.Cell(group, v.area(), v.count(), false);
      byRule.computeIfAbsent(v.rule(), k -> new ArrayList<>()).add(c);
    }
    // the parents' totals take part in secondary suppression: they are published elsewhere
    for (List<Disclosure.Cell> list : byRule.values()) {
      java.util.Set<String> groups = new java.util.HashSet<>();
      for (Disclosure.Cell c : List.copyOf(list)) {
        if (groups.add(c.group())) {
          Long total = parents.get(c.group());
          if (total != null) {
            list.add(new Disclosure.Cell(c.group(), "total", total, true));
          }
        }
      }
    }
    List<Disclosure.Published> all = new ArrayList<>();
    byRule.forEach(
        (rule, list) -> {
          List<Disclosure.Published> published = Disclosure.publish(list, Disclosure.Rule.of(rule));
          all.addAll(published);
          for (Disclosure.Published p : published) {
            byKey.put(p.cell().group() + "\u0000" + p.cell().key(), p);
          }
        });
    List<Disclosure.Violation> violations = Disclosure.check(all);
    if (!violations.isEmpty()) {
      throw new VruException(
          ErrorCode.DISCLOSURE_FAILED,
          "the export would disclose: "
              + violations.get(0).describe()
              + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "")
              + "; nothing was written");
    }
    long suppressed = 0;
    Map<String, Long> rules = new java.util.TreeMap<>();
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(
          "measure,age_band,area_code,area_name,area_level,period_type,period,count,denominator,"
              + "rate,lower_95,upper_95,lower_99_8,upper_99_8,missing_reason,disclosure_rule,"
              + "suppressed,source,population_year,job_run_id\n");
      for (Value v : values) {
        Disclosure.Published p =
            v.count() == null
                ? null
                : byKey.get(group(v, parent(v.area(), level)) + "\u0000" + v.area());
        boolean withheld = p != null && p.suppressed();
        suppressed += withheld ? 1 : 0;
        rules.merge(v.rule(), 1L, Long::sum);
        List<String> f = new ArrayList<>();
        f.add(v.measure());
        f.add(v.ageBand());
        f.add(v.area());
        f.add(names.computeIfAbsent(v.area(), vru.metrics.internal.Areas::name));
        f.add(level);
        f.add(v.periodType());
        f.add(v.period());
        f.add(p == null ? "" : p.published());
        f.add(v.denominator() == null ? "" : Long.toString(v.denominator()));
        for (Double d : v.rate()) {
          f.add(d == null || withheld ? "" : String.format(Locale.ROOT, "%.6g", d));
        }
        f.add(v.missing() == null ? "" : v.missing());
        f.add(v.rule());
        f.add(p == null ? "" : p.reason());
        f.add(v.source());
        f.add(v.populationYear() == null ? "" : v.populationYear().toString());
        f.add(run.toString());
        w.write(String.join(",", f.stream().map(PanelExport::quote).toList()));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Summary(values.size(), suppressed, rules);
  }

  private static String group(Value v, String parent) {
    return String.join("|", v.measure(), v.ageBand(), v.periodType(), v.period(), parent);
  }

  /** The area whose total a level's areas partition. */
  static String parent(String area, String level) {
    return switch (level) {
      case "la", "csp" -> Geography.reference().pfaOf(area).orElse("");
      case "pfa" -> area.startsWith("W") ? "W92000004" : "E92000001";
      case "region" -> "E92000001";
      case "country" -> area.equals("K04000001") ? "" : "K04000001";
      default -> "";
    };
  }

  private static List<Value> read(Database db, UUID run, String level) {
    String sql =
        "select v.measure, v.age_band, v.area_code, v.period_type, v.period, v.count,"
            + " v.denominator, v.rate, v.lower_95, v.upper_95, v.lower_99_8, v.upper_99_8,"
            + " v.missing_reason, v.disclosure_rule, d.definition->>'table', v.population_year,"
            + " v.method"
            + " from measure_value v"
            + " left join metrics_run_definition r on r.job_run_id = v.job_run_id and r.measure ="
            + " v.measure left join measure_definition d on d.measure = r.measure and d.version ="
            + " r.version and d.sha256 = r.sha256 where v.job_run_id = ? and v.area_level = ?"
            + " order by v.measure, v.age_band, v.period_type, v.period, v.area_code";
    List<Value> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      ps.setString(2, level);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Double[] rate = new Double[5];
          for (int i = 0; i < 5; i++) {
            double d = rs.getDouble(8 + i);
            rate[i] = rs.wasNull() ? null : d;
          }
          long count = rs.getLong(6);
          Long n = rs.wasNull() ? null : count;
          long den = rs.getLong(7);
          Long d = rs.wasNull() ? null : den;
          out.add(
              new Value(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  n,
                  d,
                  rate,
                  rs.getString(13),
                  rs.getString(14) == null ? "none" : rs.getString(14),
                  source(rs.getString(15), rs.getString("method")),
                  (Integer) rs.getObject(16)));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the measure panel: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "run " + run + " published no " + level + " rows: nothing to export");
    }
    return out;
  }

  /**
   * A value's source: its table, and for a Fingertips measure whether the value is as published or
   * recomputed from the published counts and denominators.
   */
  private static String source(String table, String method) {
    if (table == null) {
      return "";
    }
    if (!table.equals(vru.core.warehouse.Warehouse.FINGERTIPS) || method == null) {
      return table;
    }
    return method.equals(vru.core.config.MeasureCatalogue.PUBLISHED)
        ? table + " (as published)"
        : table + " (recomputed from published counts and denominators)";
  }

  /** The names of the partnerships the database knows, by id. */
  private static Map<String, String> partnerships(Database db) {
    Map<String, String> out = new HashMap<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("select id, name from partnership");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the partnerships: " + e.getMessage(), e);
    }
    return out;
  }

  /** The counts of the parent areas, by group key (without the child). */
  private static Map<String, Long> parentCounts(Database db, UUID run, String level) {
    Map<String, Long> out = new HashMap<>();
    String sql =
        "select measure, age_band, area_code, period_type, period, count from measure_value where"
            + " job_run_id = ? and count is not null and area_level in ('pfa', 'country')";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              String.join(
                  "|",
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(3)),
              rs.getLong(6));
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the measure panel: " + e.getMessage(), e);
    }
    return out;
  }

  private static String quote(String s) {
    return vru.core.geo.CsvLine.cell(s);
  }
}
