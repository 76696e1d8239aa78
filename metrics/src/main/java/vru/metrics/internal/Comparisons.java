package vru.metrics.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.metrics.api.ComparisonRow;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.Comparison;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Funnel;
import vru.metrics.stats.RateRatio;
import vru.metrics.stats.Trend;

/** Compares every panel value with the previous year, the baseline, its benchmark, peers, trend. */
public final class Comparisons {
  private Comparisons() {}

  /**
   * The comparisons of a panel.
   *
   * @param baselineYear the baseline financial year (start year)
   * @param lowIsGood polarity per measure id
   */
  public static List<ComparisonRow> build(
      List<PanelRow> panel, int baselineYear, Map<String, Boolean> lowIsGood) {
    Map<String, PanelRow> index = new HashMap<>();
    for (PanelRow r : panel) {
      index.put(key(r.measure(), r.ageBand(), r.areaCode(), r.financialYear()), r);
    }
    List<ComparisonRow> out = new ArrayList<>();
    for (PanelRow r : panel) {
      Optional<CrudeRate> rate = r.rate();
      Optional<RateRatio> prev =
          rate.flatMap(
              now ->
                  Optional.ofNullable(
                          index.get(
                              key(r.measure(), r.ageBand(), r.areaCode(), r.financialYear() - 1)))
                      .flatMap(PanelRow::rate)
                      .flatMap(p -> RateRatio.of(now, p)));
      Optional<RateRatio> base =
          rate.flatMap(
              now ->
                  Optional.ofNullable(
                          index.get(key(r.measure(), r.ageBand(), r.areaCode(), baselineYear)))
                      .flatMap(PanelRow::rate)
                      .flatMap(p -> RateRatio.of(now, p)));
      String benchmark =
          r.areaLevel().equals("pfa")
              ? (r.areaCode().startsWith("W") ? PanelBuilder.WALES : PanelBuilder.ENGLAND)
              : PanelBuilder.ENGLAND_AND_WALES;
      Boolean polarity = lowIsGood.getOrDefault(r.measure(), true);
      String label = "Not compared";
      Optional<CrudeRate> bench =
          Optional.ofNullable(
                  index.get(key(r.measure(), r.ageBand(), benchmark, r.financialYear())))
              .flatMap(PanelRow::rate);
      if (rate.isPresent() && bench.isPresent() && !benchmark.equals(r.areaCode())) {
        label = Comparison.label(rate.get().ci95(), bench.get().value(), polarity);
      }
      String funnel = "";
      Optional<CrudeRate> ew =
          Optional.ofNullable(
                  index.get(
                      key(
                          r.measure(),
                          r.ageBand(),
                          PanelBuilder.ENGLAND_AND_WALES,
                          r.financialYear())))
              .flatMap(PanelRow::rate);
      if (r.areaLevel().equals("pfa") && rate.isPresent() && ew.isPresent()) {
        double expected = ew.get().value() / ew.get().multiplier() * rate.get().denominator();
        funnel = Funnel.label(rate.get().count(), expected);
      }
      List<Trend.Point> last5 = new ArrayList<>();
      for (int fy = r.financialYear() - 4; fy <= r.financialYear(); fy++) {
        Optional<CrudeRate> p =
            Optional.ofNullable(index.get(key(r.measure(), r.ageBand(), r.areaCode(), fy)))
                .flatMap(PanelRow::rate);
        if (p.isPresent()) {
          last5.add(
              new Trend.Point(fy, p.get().value(), p.get().ci95().lower(), p.get().ci95().upper()));
        }
      }
      String trend = Trend.of(last5, polarity).label();
      out.add(
          new ComparisonRow(
              r.measure(),
              r.ageBand(),
              r.areaCode(),
              r.areaLevel(),
              r.financialYear(),
              prev,
              base,
              baselineYear,
              benchmark,
              label,
              funnel,
              trend));
    }
    return out;
  }

  /** Builds and stores the comparisons of a metrics run. */
  public static List<ComparisonRow> publish(
      MetricsRequest request,
      List<PanelRow> panel,
      int baselineYear,
      Map<String, MeasureDefinition> defs) {
    Map<String, Boolean> polarity = new HashMap<>();
    defs.forEach((id, d) -> polarity.put(id, d.measure().lowIsGood()));
    List<ComparisonRow> rows = build(panel, baselineYear, polarity);
    String sql =
        "insert into measure_comparison(job_run_id, measure, age_band, area_code, period,"
            + " vs_previous_ratio, vs_previous_lower, vs_previous_upper, vs_baseline_ratio,"
            + " vs_baseline_lower, vs_baseline_upper, baseline_period, benchmark, benchmark_label,"
            + " funnel_label, trend_label) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = request.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (ComparisonRow r : rows) {
        ps.setObject(1, request.jobRun());
        ps.setString(2, r.measure());
        ps.setString(3, r.ageBand());
        ps.setString(4, r.areaCode());
        ps.setString(5, new vru.core.api.FinancialYear(r.financialYear()).label());
        ratio(ps, 6, r.vsPrevious());
        ratio(ps, 9, r.vsBaseline());
        ps.setString(12, new vru.core.api.FinancialYear(r.baselineYear()).label());
        ps.setString(13, r.benchmark());
        ps.setString(14, r.benchmarkLabel());
        ps.setString(15, r.funnelLabel().isEmpty() ? null : r.funnelLabel());
        ps.setString(16, r.trendLabel());
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot publish comparisons: " + e.getMessage(), e);
    }
    return rows;
  }

  private static void ratio(PreparedStatement ps, int at, Optional<RateRatio> r)
      throws SQLException {
    ps.setObject(at, r.map(RateRatio::ratio).orElse(null));
    ps.setObject(at + 1, r.map(x -> x.ci95().lower()).orElse(null));
    ps.setObject(at + 2, r.map(x -> x.ci95().upper()).orElse(null));
  }

  private static String key(String measure, String age, String area, int fy) {
    return measure + "\u0000" + age + "\u0000" + area + "\u0000" + fy;
  }
}
