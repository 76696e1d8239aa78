package vru.evaluation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.PartnershipConfig;
import vru.evaluation.api.did.Bacon;
import vru.evaluation.api.did.CallawaySantAnna;
import vru.evaluation.api.did.DidEstimate;
import vru.evaluation.api.did.DidPanel;
import vru.evaluation.api.did.SmallSample;
import vru.evaluation.api.did.Twfe;
import vru.evaluation.api.did.WildClusterBootstrap;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.Normal;

/**
 * The evaluation stage: for each measure, difference-in-differences on police force area ×
 * financial year rates (all ages): Callaway–Sant'Anna (simple aggregation), which stays unbiased
 * when areas start at different times and effects grow, and two-way fixed effects for comparison.
 * Treated: the programme areas from the financial year containing their start date; comparison: the
 * configured areas, or every other force. Estimates are stored in PostgreSQL.
 */
public final class Evaluation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Evaluation() {}

  /** The default bootstrap seed: fixed, so reruns are identical. */
  static final long SEED = vru.core.config.PartnershipConfig.Evaluation.DEFAULT.seed();

  public static List<EvaluationResult> run(EvaluationRequest request) {
    List<EvaluationResult> results = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    for (String measure : request.measures()) {
      results.addAll(evaluate(request, measure, runs));
    }
    try (Connection c = request.database().connect()) {
      c.setAutoCommit(false);
      store(c, request, results);
      storeRuns(c, request, runs);
      c.commit();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot store evaluation results: " + e.getMessage(), e);
    }
    return results;
  }

  /** One estimator's run, with its components, as stored in evaluation_run and _point. */
  record Run(
      String measure,
      String estimator,
      String control,
      String basePeriod,
      Integer anticipation,
      int draws,
      Long seed,
      double criticalValue,
      double pretestStatistic,
      int pretestDf,
      double pretestP,
      String panelSha256,
      int units,
      int periods,
      int clusters,
      Map<String, Object> details,
      List<Point> points) {}

  /** One component: an ATT(g,t), event time, group, period or Bacon comparison type. */
  record Point(
      String kind,
      String key,
      double estimate,
      double se,
      double lower,
      double upper,
      double weight) {}

  private static List<EvaluationResult> evaluate(
      EvaluationRequest request, String measure, List<Run> runs) {
    Map<String, LocalDate> starts = request.programmeStarts();
    List<DidPanel.Observation> rows = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    int multiplier = 0;
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    double exposure = 0;
    for (PanelRow r : request.panel()) {
      if (!r.measure().equals(measure)
          || !r.ageBand().equals("all")
          || !r.areaLevel().equals("pfa")) {
        continue;
      }
      boolean treated = starts.containsKey(r.areaCode());
      boolean comparison =
          !treated
              && (request.comparison().isEmpty() || request.comparison().contains(r.areaCode()));
      if (!treated && !comparison) {
        continue;
      }
      if (r.rate().isEmpty()) {
        excluded.add(r.areaName() + " " + r.period() + ": " + r.missingReason().orElse("no rate"));
        continue;
      }
      int cohort = treated ? FinancialYear.containing(starts.get(r.areaCode())).startYear() : 0;
      rows.add(
          new DidPanel.Observation(
              r.areaCode(), r.financialYear(), r.rate().get().value(), cohort));
      multiplier = (int) r.rate().get().multiplier();
      first = Math.min(first, r.financialYear());
      last = Math.max(last, r.financialYear());
      if (treated && r.financialYear() >= cohort) {
        exposure += r.rate().get().denominator() / r.rate().get().multiplier();
      }
    }
    if (rows.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "no panel rows for " + measure + ": run metrics for it first");
    }
    DidPanel panel = DidPanel.of(rows, vru.evaluation.api.did.TimeAxis.FINANCIAL_YEAR);
    String sha = checksum(rows);
    DidEstimate twfe = Twfe.estimate(panel);
    List<EvaluationResult> out = new ArrayList<>();
    List<String> csExcluded = new ArrayList<>(excluded);
    try {
      CallawaySantAnna.Result cs = CallawaySantAnna.estimate(panel, options(request.settings()));
      csExcluded.addAll(cs.excluded());
      DidEstimate e =
          normal("cs", cs.simple().estimate(), cs.simple().se(), twfe, request.settings());
      out.add(
          new EvaluationResult(
              measure,
              multiplier,
              e,
              -e.estimate() * exposure,
              first,
              last,
              List.copyOf(csExcluded)));
      runs.add(csRun(measure, panel, cs, sha, csExcluded, request.settings()));
    } catch (VruException notEstimable) {
      excluded.add("Callaway-Sant'Anna not estimated: " + notEstimable.getMessage());
    }
    out.add(
        new EvaluationResult(
            measure,
            multiplier,
            twfe,
            -twfe.estimate() * exposure,
            first,
            last,
            List.copyOf(excluded)));
    runs.add(twfeRun(measure, panel, twfe, sha, excluded, request.settings()));
    return out;
  }

  static CallawaySantAnna.Options options(PartnershipConfig.Evaluation s) {
    return CallawaySantAnna.Options.defaults()
        .withControl(
            s.control().equals("not-yet")
                ? CallawaySantAnna.Control.NOT_YET_TREATED
                : CallawaySantAnna.Control.NEVER_TREATED)
        .withAnticipation(s.anticipation())
        .withBootstrap(s.bootstrap(), s.seed());
  }

  private static Run csRun(
      String measure,
      DidPanel panel,
      CallawaySantAnna.Result cs,
      String sha,
      List<String> excl,
      PartnershipConfig.Evaluation s) {
    CallawaySantAnna.Bootstrap boot = cs.bootstrap();
    List<Point> points = new ArrayList<>();
    for (CallawaySantAnna.AttGt a : cs.attGt()) {
      points.add(
          new Point(
              "att_gt",
              panel.label(a.group()) + "," + panel.label(a.time()),
              a.estimate(),
              a.se(),
              Double.NaN,
              Double.NaN,
              Double.NaN));
    }
    for (CallawaySantAnna.Effect e : cs.dynamic()) {
      points.add(point("event_time", e));
    }
    for (CallawaySantAnna.Effect e : cs.group()) {
      points.add(point("group", e));
    }
    for (CallawaySantAnna.Effect e : cs.calendar()) {
      points.add(point("calendar", e));
    }
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("simple", effectMap(cs.simple()));
    details.put("dynamic_overall", effectMap(cs.dynamicOverall()));
    details.put("group_overall", effectMap(cs.groupOverall()));
    details.put("calendar_overall", effectMap(cs.calendarOverall()));
    details.put("att_gt_critical_value", boot == null ? null : finite(boot.attGtCritical()));
    details.put("excluded", List.copyOf(excl));
    return new Run(
        measure,
        "cs",
        s.control(),
        "varying",
        s.anticipation(),
        boot == null ? 0 : boot.draws(),
        boot == null ? null : boot.seed(),
        boot == null ? Double.NaN : boot.dynamicCritical(),
        cs.waldStatistic(),
        cs.waldDf(),
        cs.waldP(),
        sha,
        cs.units(),
        cs.periods(),
        cs.clusters(),
        details,
        points);
  }

  private static Run twfeRun(
      String measure,
      DidPanel panel,
      DidEstimate twfe,
      String sha,
      List<String> excl,
      PartnershipConfig.Evaluation s) {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("estimate", twfe.estimate());
    details.put("se", twfe.se());
    details.put("inference", twfe.inference());
    List<Point> points = new ArrayList<>();
    try {
      WildClusterBootstrap.Result w =
          WildClusterBootstrap.run(
              panel,
              SmallSample.ALL_FIXED_EFFECTS,
              WildClusterBootstrap.Weights.RADEMACHER,
              Math.max(s.bootstrap(), 999),
              s.seed(),
              0.95);
      details.put(
          "wild_bootstrap",
          Map.of(
              "p_value", w.pValue(),
              "ci_lower", finite(w.ciLower()),
              "ci_upper", finite(w.ciUpper()),
              "draws", w.draws(),
              "enumerated", w.enumerated()));
    } catch (VruException e) {
      details.put("wild_bootstrap_not_run", e.getMessage());
    }
    try {
      Bacon.Result b = Bacon.decompose(panel);
      for (Map.Entry<String, double[]> t : b.byType().entrySet()) {
        points.add(
            new Point(
                "bacon",
                t.getKey(),
                t.getValue()[1],
                Double.NaN,
                Double.NaN,
                Double.NaN,
                t.getValue()[0]));
      }
    } catch (VruException e) {
      details.put("bacon_not_run", e.getMessage());
    }
    details.put("excluded", List.copyOf(excl));
    return new Run(
        measure,
        "twfe",
        "never",
        null,
        null,
        0,
        null,
        Double.NaN,
        Double.NaN,
        0,
        Double.NaN,
        sha,
        twfe.units(),
        twfe.periods(),
        twfe.clusters(),
        details,
        points);
  }

  private static Point point(String kind, CallawaySantAnna.Effect e) {
    return new Point(kind, e.key(), e.estimate(), e.se(), e.ciLower(), e.ciUpper(), Double.NaN);
  }

  private static Map<String, Object> effectMap(CallawaySantAnna.Effect e) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("estimate", finite(e.estimate()));
    m.put("se", finite(e.se()));
    m.put("ci_lower", finite(e.ciLower()));
    m.put("ci_upper", finite(e.ciUpper()));
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** SHA-256 of the panel's rows in a canonical order: what the estimates were computed from. */
  static String checksum(List<DidPanel.Observation> rows) {
    List<String> lines = new ArrayList<>();
    for (DidPanel.Observation o : rows) {
      lines.add(o.unit() + "," + o.time() + "," + Double.toString(o.outcome()) + "," + o.cohort());
    }
    java.util.Collections.sort(lines);
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (String l : lines) {
        md.update((l + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes every run and its components on {@code c}; the caller commits. */
  private static void storeRuns(Connection c, EvaluationRequest request, List<Run> runs)
      throws SQLException {
    String runSql =
        "insert into evaluation_run(job_run_id, measure, estimator, control, base_period,"
            + " anticipation, confidence, bootstrap_draws, bootstrap_seed, critical_value,"
            + " pretest_statistic, pretest_df, pretest_p, panel_sha256, n_units, n_periods,"
            + " n_clusters, details) values (?, ?, ?, ?, ?, ?, 0.95, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?::jsonb) returning id";
    String pointSql =
        "insert into evaluation_point(run_id, kind, key, estimate, se, ci_lower, ci_upper, weight)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)";
    try {
      try (PreparedStatement rs = c.prepareStatement(runSql);
          PreparedStatement ps = c.prepareStatement(pointSql)) {
        for (Run r : runs) {
          rs.setObject(1, request.jobRun());
          rs.setString(2, r.measure());
          rs.setString(3, r.estimator());
          rs.setString(4, r.control());
          rs.setString(5, r.basePeriod());
          rs.setObject(6, r.anticipation());
          rs.setInt(7, r.draws());
          rs.setObject(8, r.seed());
          rs.setObject(9, finite(r.criticalValue()));
          rs.setObject(10, finite(r.pretestStatistic()));
          rs.setObject(11, r.pretestDf() > 0 ? r.pretestDf() : null);
          rs.setObject(12, finite(r.pretestP()));
          rs.setString(13, r.panelSha256());
          rs.setInt(14, r.units());
          rs.setInt(15, r.periods());
          rs.setInt(16, r.clusters());
          rs.setString(17, JSON.writeValueAsString(r.details()));
          long id;
          try (java.sql.ResultSet k = rs.executeQuery()) {
            k.next();
            id = k.getLong(1);
          }
          for (Point p : r.points()) {
            ps.setLong(1, id);
            ps.setString(2, p.kind());
            ps.setString(3, p.key());
            ps.setDouble(4, p.estimate());
            ps.setObject(5, finite(p.se()));
            ps.setObject(6, finite(p.lower()));
            ps.setObject(7, finite(p.upper()));
            ps.setObject(8, finite(p.weight()));
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An estimate with a normal-approximation 95% interval and p-value. */
  private static DidEstimate normal(
      String estimator,
      double estimate,
      double se,
      DidEstimate like,
      PartnershipConfig.Evaluation s) {
    double z = Normal.Z95;
    double p = Normal.twoSidedP(estimate, se);
    return new DidEstimate(
        estimator,
        estimate,
        se,
        estimate - z * se,
        estimate + z * se,
        p,
        like.units(),
        like.treatedUnits(),
        like.periods(),
        like.units(),
        "Callaway-Sant'Anna simple aggregation, "
            + (s.control().equals("never") ? "never-treated" : "not-yet-treated")
            + " comparison, varying base period"
            + (s.anticipation() > 0 ? ", " + s.anticipation() + " year(s) of anticipation" : "")
            + "; "
            + (s.bootstrap() > 0
                ? "multiplier-bootstrap SE (" + s.bootstrap() + " draws, seed " + s.seed() + ")"
                : "analytic influence-function SE")
            + "; normal 95% interval");
  }

  /** Writes the headline estimates on {@code c}; the caller commits. */
  private static void store(Connection c, EvaluationRequest request, List<EvaluationResult> results)
      throws SQLException {
    String sql =
        "insert into evaluation_estimate(job_run_id, measure, estimator, estimate, se, ci_lower,"
            + " ci_upper, p_value, n_units, n_treated, n_periods, details)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (EvaluationResult r : results) {
        DidEstimate e = r.estimate();
        ps.setObject(1, request.jobRun());
        ps.setString(2, r.measure());
        ps.setString(3, e.estimator());
        ps.setDouble(4, e.estimate());
        ps.setDouble(5, e.se());
        ps.setDouble(6, e.ciLower());
        ps.setDouble(7, e.ciUpper());
        ps.setDouble(8, e.pValue());
        ps.setInt(9, e.units());
        ps.setInt(10, e.treatedUnits());
        ps.setInt(11, e.periods());
        ps.setString(
            12,
            JSON.writeValueAsString(
                Map.of(
                    "inference", e.inference(),
                    "events_prevented", r.eventsPrevented(),
                    "multiplier", r.multiplier(),
                    "excluded", r.excluded(),
                    "first_year", r.firstYear(),
                    "last_year", r.lastYear())));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
