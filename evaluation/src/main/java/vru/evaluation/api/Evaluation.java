package vru.evaluation.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
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

  /**
   * No estimate could be made with the chosen design: the panel lacks rates for the treated or the
   * comparison areas (for instance only the partnership's own data were loaded). A whole run goes
   * on without an estimate, its review saying why; {@code vru evaluate} stops with exit 3.
   */
  public static final class NoEstimate extends VruException {
    private static final long serialVersionUID = 1L;

    NoEstimate(String message) {
      super(ErrorCode.INPUT_INVALID, message);
    }
  }

  /** The default bootstrap seed: fixed, so reruns are identical. */
  static final long SEED = vru.core.config.PartnershipConfig.Evaluation.DEFAULT.seed();

  public static List<EvaluationResult> run(EvaluationRequest request) {
    List<EvaluationResult> results = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    Designs.Design design = Designs.choose(request, areasWithData(request));
    for (String measure : request.measures()) {
      List<String> notes = new ArrayList<>();
      OwnEffect own = new OwnEffect(request, measure, design);
      switch (design.name()) {
        case "its" -> results.addAll(own.series(runs, notes));
        case "sdid" -> results.addAll(own.synthetic(runs, notes));
        default -> {
          results.addAll(evaluate(request, measure, runs, design));
          if (request.partnership().isPresent()) {
            results.addAll(own.synthetic(runs, notes));
          }
        }
      }
    }
    if (results.isEmpty()) {
      throw new NoEstimate(
          "no impact estimate could be made with the "
              + design.name()
              + " design ("
              + design.why()
              + "): check that the panel has rates for the treated and the comparison areas");
    }
    try (Connection c = request.database().connect()) {
      c.setAutoCommit(false);
      EvaluationRecords.store(c, request, results);
      EvaluationRecords.storeRuns(c, request, runs);
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
      List<Point> points) {

    /** A run without base period, anticipation, critical value or pre-test. */
    static Run plain(
        String measure,
        String estimator,
        String control,
        int draws,
        Long seed,
        String panelSha256,
        int units,
        int periods,
        int clusters,
        Map<String, Object> details,
        List<Point> points) {
      return new Run(
          measure,
          estimator,
          control,
          null,
          null,
          draws,
          seed,
          Double.NaN,
          Double.NaN,
          0,
          Double.NaN,
          panelSha256,
          units,
          periods,
          clusters,
          details,
          points);
    }
  }

  /** One component: an ATT(g,t), event time, group, period or Bacon comparison type. */
  record Point(
      String kind,
      String key,
      double estimate,
      double se,
      double lower,
      double upper,
      double weight) {}

  /** The force areas with a rate of any measure in the panel. */
  private static java.util.Set<String> areasWithData(EvaluationRequest request) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (PanelRow r : request.panel()) {
      if (r.areaLevel().equals("pfa") && r.rate().isPresent()) {
        out.add(r.areaCode());
      }
    }
    return out;
  }

  private static List<EvaluationResult> evaluate(
      EvaluationRequest request, String measure, List<Run> runs, Designs.Design design) {
    Map<String, LocalDate> starts = request.programmeStarts();
    List<DidPanel.Observation> rows = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    Map<String, List<String>> missing = new java.util.TreeMap<>();
    java.util.Set<String> withData = new java.util.HashSet<>();
    int multiplier = 0;
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    double exposure = 0;
    double observed = 0;
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
        missing
            .computeIfAbsent(r.areaName(), k -> new ArrayList<>())
            .add(r.areaName() + " " + r.period() + ": " + r.missingReason().orElse("no rate"));
        continue;
      }
      withData.add(r.areaName());
      int cohort = treated ? FinancialYear.containing(starts.get(r.areaCode())).startYear() : 0;
      rows.add(
          new DidPanel.Observation(
              r.areaCode(), r.financialYear(), r.rate().get().value(), cohort));
      multiplier = (int) r.rate().get().multiplier();
      first = Math.min(first, r.financialYear());
      last = Math.max(last, r.financialYear());
      if (treated && r.financialYear() >= cohort) {
        exposure += r.rate().get().denominator() / r.rate().get().multiplier();
        observed += r.rate().get().count();
      }
    }
    // an area with no value in any year (its force has no data) is left out and said so once
    List<String> noData =
        missing.keySet().stream().filter(a -> !withData.contains(a)).sorted().toList();
    if (!noData.isEmpty()) {
      excluded.add(
          noData.size()
              + " area(s) with no data in any year are left out of the comparison, which uses the "
              + withData.size()
              + " with data: "
              + String.join(", ", noData));
    }
    missing.forEach(
        (area, periods) -> {
          if (withData.contains(area)) {
            excluded.addAll(periods);
          }
        });
    if (rows.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "no panel rows for " + measure + ": run metrics for it first");
    }
    DidPanel panel = DidPanel.of(rows, vru.evaluation.api.did.TimeAxis.FINANCIAL_YEAR);
    String sha = checksum(rows);
    DidEstimate twfe = Twfe.estimate(panel);
    List<EvaluationResult> out = new ArrayList<>();
    List<String> csExcluded = new ArrayList<>(excluded);
    List<String> warnings = List.of();
    try {
      CallawaySantAnna.Result cs = CallawaySantAnna.estimate(panel, options(request.settings()));
      csExcluded.addAll(cs.excluded());
      DidEstimate e =
          normal("cs", cs.simple().estimate(), cs.simple().se(), twfe, request.settings());
      warnings = Designs.pretestWarnings(cs.waldP());
      out.add(
          new EvaluationResult(
              measure,
              multiplier,
              e,
              -e.estimate() * exposure,
              first,
              last,
              List.copyOf(csExcluded),
              "cs",
              "programme",
              design.why(),
              warnings,
              observed,
              -e.ciUpper() * exposure,
              -e.ciLower() * exposure));
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
            List.copyOf(excluded),
            "cs",
            "programme",
            design.why(),
            warnings,
            observed,
            -twfe.ciUpper() * exposure,
            -twfe.ciLower() * exposure));
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
    return Run.plain(
        measure,
        "twfe",
        "never",
        0,
        null,
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

  static Double finite(double v) {
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
}
