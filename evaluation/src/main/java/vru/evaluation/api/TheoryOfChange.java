package vru.evaluation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.evaluation.api.toc.Finding;
import vru.evaluation.api.toc.IndicatorData;
import vru.evaluation.api.toc.TocAssessor;
import vru.evaluation.api.toc.TocDiagram;
import vru.evaluation.api.toc.TocModel;
import vru.evaluation.api.toc.TocReader;
import vru.evaluation.api.toc.TocValidator;
import vru.metrics.api.PanelRow;
import vru.metrics.api.ProgrammeValue;

/**
 * The theory of change in the pipeline: validate a partnership's {@code toc.yaml}, assess it on the
 * published measure panel, programme-monitoring totals and impact estimates, draw it, and store the
 * assessment in PostgreSQL.
 */
public final class TheoryOfChange {
  private TheoryOfChange() {}

  /** The example model {@code vru demo} starts from (docs/theory-of-change.md). */
  public static java.io.InputStream exampleModel() {
    return TocModel.class.getResourceAsStream("example-toc.yaml");
  }

  /** The measure ids of the metrics catalogue. */
  public static Set<String> catalogue() {
    return vru.core.config.MeasureCatalogue.builtIn().keySet();
  }

  /**
   * The published data for one partnership.
   *
   * @param partnershipId the partnership's id (its rows in the panel)
   * @param members member police force areas (programme totals are summed over them)
   * @param panel the latest measure panel
   * @param programme the latest programme totals
   * @param impact the latest impact estimates
   */
  public record Data(
      String partnershipId,
      List<String> members,
      List<PanelRow> panel,
      List<ProgrammeValue> programme,
      List<EvaluationResult> impact)
      implements IndicatorData {

    @Override
    public List<Point> series(TocModel.Indicator i) {
      if (i.measure().isPresent()) {
        TocModel.MeasureBinding m = i.measure().get();
        List<Point> out = new ArrayList<>();
        for (PanelRow r : panel) {
          boolean area =
              m.area().equals("partnership")
                  ? r.areaLevel().equals("partnership") && r.areaCode().equals(partnershipId)
                  : r.areaCode().equals(m.area());
          if (area
              && r.measure().equals(m.id())
              && r.ageBand().equals(m.ageBand())
              && r.rate().isPresent()) {
            var rate = r.rate().get();
            out.add(
                new Point(
                    r.financialYear(),
                    rate.value(),
                    rate.ci95().lower(),
                    rate.ci95().upper(),
                    rate.count(),
                    rate.denominator()));
          }
        }
        out.sort(java.util.Comparator.comparingInt(Point::year));
        return out;
      }
      TocModel.ProgrammeBinding b = i.programme().get();
      Map<Integer, double[]> byYear = new TreeMap<>();
      for (ProgrammeValue v : programme) {
        if (v.intervention().equals(b.intervention()) && members.contains(v.areaCode())) {
          double[] t = byYear.computeIfAbsent(v.financialYear(), k -> new double[3]);
          t[0] += v.series(b.series());
          t[1] += v.months();
          t[2] += 1;
        }
      }
      List<Point> out = new ArrayList<>();
      for (Map.Entry<Integer, double[]> e : byYear.entrySet()) {
        double[] t = e.getValue();
        if (t[1] < 12 * t[2] || Double.isNaN(t[0])) {
          continue; // a part year would read as a fall
        }
        // costs and whole counts of people (referrals, starts, completions) are what happened,
        // not a sample: no interval
        out.add(new Point(e.getKey(), t[0], Double.NaN, Double.NaN, -1, Double.NaN));
      }
      return out;
    }

    @Override
    public Optional<DidLink> did(String measure) {
      // the pooled Callaway-Sant'Anna estimate where there is one, else the partnership's own
      return impact.stream()
          .filter(r -> r.measure().equals(measure))
          .filter(r -> List.of("cs", "sdid", "its").contains(r.estimate().estimator()))
          .min(
              java.util.Comparator.comparingInt(
                  r -> List.of("cs", "sdid", "its").indexOf(r.estimate().estimator())))
          .map(
              r ->
                  new DidLink(
                      r.estimate().estimator(),
                      r.estimate().estimate(),
                      r.estimate().ciLower(),
                      r.estimate().ciUpper(),
                      r.estimate().pValue(),
                      r.multiplier()));
    }
  }

  /** Reads and validates a model with the built-in measures, without data. */
  public static Validation validate(Path toc) {
    return validate(toc, Optional.empty(), catalogue());
  }

  /** Reads and validates a model against a partnership's published data. */
  public static Validation validate(Path toc, Data data, Set<String> measures) {
    return validate(toc, Optional.of(data), measures);
  }

  /** Reads and validates a model, against data when given. */
  public static Validation validate(Path toc, Optional<IndicatorData> data) {
    return validate(toc, data, catalogue());
  }

  /** Reads and validates a model whose measures may also come from the partnership's own files. */
  public static Validation validate(Path toc, Optional<IndicatorData> data, Set<String> measures) {
    TocReader.Read read = TocReader.read(toc);
    List<Finding> findings = new ArrayList<>(read.findings());
    findings.addAll(TocValidator.validate(read.model(), measures, data.orElse(IndicatorData.NONE)));
    findings.sort(java.util.Comparator.comparingInt(Finding::line));
    return new Validation(read.model(), List.copyOf(findings));
  }

  /** A model and what is wrong with it. */
  public record Validation(TocModel model, List<Finding> findings) {
    public long errors() {
      return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
    }

    public long warnings() {
      return findings.size() - errors();
    }
  }

  /**
   * An assessment.
   *
   * @param validation the model and its findings
   * @param assessment the indicators', links' and outcomes' status
   * @param svg the diagram
   * @param png the diagram at print resolution
   * @param json the assessment as JSON (documented in docs/theory-of-change.md)
   */
  public record Result(
      Validation validation,
      TocAssessor.Assessment assessment,
      String svg,
      byte[] png,
      String json) {
    /**
     * Writes {@code theory-of-change-<partnership>.svg}, {@code .png} and {@code .json} into {@code
     * dir}; returns the SVG's path.
     */
    public Path write(Path dir, String partnershipId) {
      String base = "theory-of-change-" + partnershipId;
      try {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve(base + ".svg"), svg);
        java.nio.file.Files.write(dir.resolve(base + ".png"), png);
        java.nio.file.Files.writeString(dir.resolve(base + ".json"), json);
      } catch (java.io.IOException e) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "cannot write the theory-of-change diagram to " + dir + ": " + e.getMessage());
      }
      return dir.resolve(base + ".svg");
    }
  }

  /**
   * Validates and assesses; stores the assessment when {@code store} is given.
   *
   * @throws VruException {@link ErrorCode#CONFIG_INVALID} when the model has errors, listing them
   */
  public static Result assess(Path toc, Data data, Optional<Database> store, UUID jobRun) {
    return assess(toc, data, store, jobRun, catalogue());
  }

  /** Validates and assesses with the partnership's measure catalogue. */
  public static Result assess(
      Path toc, Data data, Optional<Database> store, UUID jobRun, Set<String> measures) {
    Validation v = validate(toc, Optional.of(data), measures);
    if (v.errors() > 0) {
      throw new VruException(
          ErrorCode.CONFIG_INVALID,
          "the theory of change has "
              + v.errors()
              + " error(s); fix them and run again:\n"
              + String.join(
                  "\n",
                  v.findings().stream()
                      .filter(f -> f.severity() == Finding.Severity.ERROR)
                      .map(f -> f.format(toc.toString()))
                      .toList()));
    }
    TocAssessor.Assessment a = TocAssessor.assess(v.model(), data);
    String svg = TocDiagram.svg(v.model(), Optional.of(a));
    byte[] png = TocDiagram.png(v.model(), Optional.of(a), 2);
    String json = json(v, a, toc);
    store.ifPresent(db -> store(db, jobRun, data.partnershipId(), toc, v, a, json));
    return new Result(v, a, svg, png, json);
  }

  /**
   * The latest assessment {@code vru evaluate} stored for this partnership, this version of its
   * model (the file's SHA-256) and metrics run {@code panelRun} (so this warehouse), read back and
   * drawn, not assessed again; empty when there is none (the model or the panel changed since, or
   * the partnership was never evaluated).
   *
   * @throws VruException {@link ErrorCode#CONFIG_INVALID} when the model has errors now
   */
  public static Optional<Result> stored(
      Database db, java.util.UUID panelRun, String partnershipId, Path toc, Set<String> measures) {
    Validation v = validate(toc, Optional.empty(), measures);
    String sql =
        "select a.result::text as result from toc_assessment a join job_run j on j.id ="
            + " a.job_run_id where j.panel_run = ? and a.partnership_id = ? and a.model_sha256 = ?"
            + " order by a.id desc limit 1";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, panelRun);
      ps.setString(2, partnershipId);
      ps.setString(3, v.model().sha256());
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String json = rs.getString("result");
        TocAssessor.Assessment a = vru.evaluation.api.toc.AssessmentJson.parse(json);
        return Optional.of(
            new Result(
                v,
                a,
                TocDiagram.svg(v.model(), Optional.of(a)),
                TocDiagram.png(v.model(), Optional.of(a), 2),
                json));
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot read the theory-of-change assessment: " + e.getMessage(),
          e);
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  static String json(Validation v, TocAssessor.Assessment a, Path toc) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", toc.toString());
    out.put("version", v.model().version());
    out.put("sha256", v.model().sha256());
    Map<String, String> rules = new LinkedHashMap<>();
    for (TocAssessor.Status s : TocAssessor.Status.values()) {
      rules.put(s.label(), TocAssessor.RULES.get(s));
    }
    out.put("rules", rules);
    List<Map<String, Object>> indicators = new ArrayList<>();
    for (TocAssessor.IndicatorStatus s : a.indicators()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", s.node());
      m.put("indicator", s.id());
      m.put("measures", s.describes());
      m.put("direction", s.direction().name().toLowerCase(java.util.Locale.ROOT));
      m.put(
          "baseline",
          Map.of(
              "period",
              new FinancialYear(s.baselineYear()).label(),
              "value",
              fin(s.baselineValue())));
      m.put(
          "latest",
          s.latestYear() == 0
              ? null
              : mapOf(
                  "period", new FinancialYear(s.latestYear()).label(),
                  "value", fin(s.latest()),
                  "ci_lower", fin(s.lower()),
                  "ci_upper", fin(s.upper())));
      m.put(
          "change",
          mapOf(
              "difference", fin(s.difference()),
              "ratio", fin(s.ratio()),
              "ratio_ci_lower", fin(s.ratioLower()),
              "ratio_ci_upper", fin(s.ratioUpper())));
      m.put(
          "target", mapOf("value", fin(s.target()), "by", new FinancialYear(s.targetBy()).label()));
      m.put("expected_now", fin(s.expected()));
      m.put("improving", s.improving().orElse(null));
      m.put("status", s.status().label());
      m.put("reason", s.reason());
      indicators.add(m);
    }
    out.put("indicators", indicators);
    List<Map<String, Object>> links = new ArrayList<>();
    for (TocAssessor.LinkStatus l : a.links()) {
      links.add(
          mapOf(
              "from", l.from(),
              "to", l.to(),
              "evidence", l.evidence(),
              "direction", l.direction(),
              "assumption", l.assumption(),
              "summary", l.text()));
    }
    out.put("links", links);
    List<Map<String, Object>> outcomes = new ArrayList<>();
    for (TocAssessor.OutcomeImpact o : a.outcomes()) {
      outcomes.add(
          mapOf(
              "node",
              o.node(),
              "measure",
              o.measure(),
              "did",
              o.did()
                  .map(
                      d ->
                          (Object)
                              mapOf(
                                  "estimator", d.estimator(),
                                  "estimate", fin(d.estimate()),
                                  "ci_lower", fin(d.lower()),
                                  "ci_upper", fin(d.upper()),
                                  "p_value", fin(d.pValue()),
                                  "per", d.multiplier()))
                  .orElse(null)));
    }
    out.put("outcomes", outcomes);
    out.put(
        "findings",
        v.findings().stream()
            .map(
                f ->
                    mapOf(
                        "severity", f.severity().name().toLowerCase(java.util.Locale.ROOT),
                        "code", f.code(),
                        "line", f.line(),
                        "subject", f.subject(),
                        "message", f.message(),
                        "fix", f.fix()))
            .toList());
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Double fin(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static void store(
      Database db,
      UUID jobRun,
      String partnership,
      Path toc,
      Validation v,
      TocAssessor.Assessment a,
      String json) {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      long id;
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into toc_assessment(job_run_id, partnership_id, model_path, model_sha256,"
                  + " model_version, errors, warnings, result) values (?, ?, ?, ?, ?, ?, ?,"
                  + " ?::jsonb) returning id")) {
        ps.setObject(1, jobRun);
        ps.setString(2, partnership);
        ps.setString(3, toc.toString());
        ps.setString(4, v.model().sha256());
        ps.setString(5, v.model().version());
        ps.setInt(6, (int) v.errors());
        ps.setInt(7, (int) v.warnings());
        ps.setString(8, json);
        try (var rs = ps.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into toc_indicator_status(assessment_id, node_id, indicator_id, source,"
                  + " baseline_year, baseline_value, latest_year, latest_value, latest_lower,"
                  + " latest_upper, ratio, ratio_lower, ratio_upper, target_value, target_year,"
                  + " status, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (TocAssessor.IndicatorStatus s : a.indicators()) {
          ps.setLong(1, id);
          ps.setString(2, s.node());
          ps.setString(3, s.id());
          ps.setString(4, s.describes());
          ps.setInt(5, s.baselineYear());
          ps.setObject(6, fin(s.baselineValue()));
          ps.setObject(7, s.latestYear() == 0 ? null : s.latestYear());
          ps.setObject(8, fin(s.latest()));
          ps.setObject(9, fin(s.lower()));
          ps.setObject(10, fin(s.upper()));
          ps.setObject(11, fin(s.ratio()));
          ps.setObject(12, fin(s.ratioLower()));
          ps.setObject(13, fin(s.ratioUpper()));
          ps.setObject(14, fin(s.target()));
          ps.setInt(15, s.targetBy());
          ps.setString(16, s.status().label());
          ps.setString(17, s.reason());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into toc_link_status(assessment_id, from_node, to_node, evidence, direction,"
                  + " assumption) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
        for (TocAssessor.LinkStatus l : a.links()) {
          ps.setLong(1, id);
          ps.setString(2, l.from());
          ps.setString(3, l.to());
          ps.setBoolean(4, l.evidence());
          ps.setString(5, l.direction());
          ps.setString(6, l.assumption());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot store the theory-of-change assessment: " + e.getMessage(),
          e);
    }
  }
}
