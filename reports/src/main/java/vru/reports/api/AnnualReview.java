package vru.reports.api;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.Measures;
import vru.core.api.Version;
import vru.core.api.VruException;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.did.DidEstimate;
import vru.metrics.api.PanelRow;
import vru.metrics.disclosure.HesRule;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.RateRatio;
import vru.reports.internal.Numbers;
import vru.reports.internal.Text;
import vru.reports.internal.TrendChart;

/**
 * The annual review report of one partnership: a self-contained HTML file (inline SVG charts and
 * CSS, no network), every sentence generated from the numbers through the message bundle, recorded
 * in PostgreSQL with its checksum.
 */
public final class AnnualReview {
  private static final String ENGLAND_AND_WALES = "K04000001";
  private static final Locale EN_GB = Locale.UK;

  private AnnualReview() {}

  public static ReportResult write(ReportRequest r) {
    Text t = new Text(EN_GB);
    Numbers num = new Numbers(EN_GB);
    FinancialYear year = r.year();
    Map<String, Object> model = new HashMap<>();
    model.put("lang", "en-GB");
    model.put("t", t);
    model.put("title", t.format("report.title", year.shortLabel(), r.partnershipName()));
    model.put("subtitle", t.format("report.subtitle", r.partnershipName(), year.shortLabel()));
    model.put("keyCaption", t.format("key.caption", year.shortLabel()));
    model.put("vsLastHeader", t.format("col.vs.last", year.previous().shortLabel()));
    model.put("vsBaselineHeader", t.format("col.vs.baseline", r.baseline().shortLabel()));
    List<Map<String, String>> keys = new ArrayList<>();
    List<Map<String, Object>> measures = new ArrayList<>();
    for (String m : Measures.NATIONAL) {
      Optional<PanelRow> now = cell(r, m, r.partnershipId(), year.startYear());
      if (now.isEmpty() || now.get().rate().isEmpty()) {
        continue;
      }
      keys.add(keyFigure(r, t, num, m, now.get()));
      measures.add(measureSection(r, t, num, m, now.get()));
    }
    model.put("keyFigures", keys);
    model.put("measures", measures);
    model.put(
        "scope",
        t.format(
            "scope.text",
            r.partnershipName(),
            r.start().format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", EN_GB)),
            String.join(", ", r.areas())));
    addImpact(r, t, num, model);
    model.put("sources", sources(r, num));
    r.theoryOfChange().ifPresent(toc -> model.put("toc", toc(toc, t, num)));
    model.put(
        "generated", t.format("report.generated", Version.current(), LocalDate.now(), r.jobRun()));
    return render(r, model);
  }

  private static Map<String, String> keyFigure(
      ReportRequest r, Text t, Numbers num, String m, PanelRow now) {
    CrudeRate rate = now.rate().get();
    Map<String, String> k = new HashMap<>();
    k.put("title", t.get("measure." + m));
    k.put("count", publishedCount(m, now.count(), num));
    k.put("rate", num.rate(rate.value()));
    k.put("unit", t.get("unit." + (long) rate.multiplier()));
    k.put("ci", num.rate(rate.ci95().lower()) + " – " + num.rate(rate.ci95().upper()));
    k.put("vsLast", change(r, t, num, m, now, r.year().previous()));
    k.put("vsBaseline", change(r, t, num, m, now, r.baseline()));
    return k;
  }

  private static String change(
      ReportRequest r, Text t, Numbers num, String m, PanelRow now, FinancialYear then) {
    Optional<RateRatio> rr =
        cell(r, m, r.partnershipId(), then.startYear())
            .flatMap(PanelRow::rate)
            .flatMap(base -> RateRatio.of(now.rate().get(), base));
    if (rr.isEmpty()) {
      return t.get("change.none");
    }
    RateRatio x = rr.get();
    return t.format(
        "change.text",
        num.percent(x.ratio() - 1),
        t.get(x.ratio() < 1 ? "change.word.lower" : "change.word.higher"),
        num.signedPercent(x.ci95().lower() - 1),
        num.signedPercent(x.ci95().upper() - 1));
  }

  private static Map<String, Object> measureSection(
      ReportRequest r, Text t, Numbers num, String m, PanelRow now) {
    List<PanelRow> mine = series(r, m, r.partnershipId());
    List<PanelRow> national = series(r, m, ENGLAND_AND_WALES);
    CrudeRate rate = now.rate().get();
    String unit = t.get("unit." + (long) rate.multiplier());
    String title = t.get("measure." + m);
    Map<String, Object> s = new HashMap<>();
    s.put("id", m);
    s.put("title", title);
    Optional<CrudeRate> nationalNow =
        cell(r, m, ENGLAND_AND_WALES, r.year().startYear()).flatMap(PanelRow::rate);
    s.put(
        "sentence",
        t.format(
            "measure.sentence",
            r.year().shortLabel(),
            publishedCount(m, now.count(), num),
            title.toLowerCase(Locale.ROOT),
            r.partnershipName(),
            num.rate(rate.value()),
            unit,
            num.rate(rate.ci95().lower()),
            num.rate(rate.ci95().upper()),
            nationalNow.map(n -> num.rate(n.value()) + " " + unit).orElse("-")));
    int first = mine.isEmpty() ? r.year().startYear() : mine.get(0).financialYear();
    s.put(
        "alt",
        t.format(
            "chart.alt",
            unit,
            title.toLowerCase(Locale.ROOT),
            new FinancialYear(first).shortLabel(),
            r.year().shortLabel(),
            r.partnershipName()));
    s.put("caption", t.format("chart.caption", unit, r.partnershipName()));
    s.put(
        "svg",
        TrendChart.svg(
            t.format("chart.ylabel", unit),
            r.partnershipName(),
            mine,
            t.get("england.wales"),
            national));
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<PanelRow> series : List.of(mine, national)) {
      for (PanelRow p : series) {
        Map<String, String> row = new HashMap<>();
        row.put("year", p.periodLabel().substring(2));
        row.put("area", p.areaName());
        row.put("count", publishedCount(m, p.count(), num, p.areaLevel().equals("country")));
        row.put(
            "rate", p.rate().map(x -> num.rate(x.value())).orElse(p.missingReason().orElse("")));
        row.put(
            "ci",
            p.rate()
                .map(x -> num.rate(x.ci95().lower()) + " – " + num.rate(x.ci95().upper()))
                .orElse(""));
        rows.add(row);
      }
    }
    s.put("rows", rows);
    return s;
  }

  private static void addImpact(ReportRequest r, Text t, Numbers num, Map<String, Object> model) {
    List<Map<String, String>> impact = new ArrayList<>();
    int first = 0;
    int last = 0;
    int treated = 0;
    int units = 0;
    for (EvaluationResult e : r.evaluation()) {
      DidEstimate d = e.estimate();
      first = e.firstYear();
      last = e.lastYear();
      treated = d.treatedUnits();
      units = d.units();
      String unit = t.get("unit." + e.multiplier());
      String title = t.get("measure." + e.measure());
      Map<String, String> i = new HashMap<>();
      i.put("title", title + " (" + t.get("estimator." + d.estimator()) + ")");
      i.put("estimate", num.decimals(d.estimate(), 2));
      i.put("unit", unit);
      i.put("ci", num.decimals(d.ciLower(), 2) + " – " + num.decimals(d.ciUpper(), 2));
      i.put("p", num.pValue(d.pValue()));
      i.put("prevented", num.count(Math.round(e.eventsPrevented())));
      i.put(
          "sentence",
          t.format(
              "impact.sentence",
              title.toLowerCase(Locale.ROOT),
              t.get("estimator." + d.estimator()),
              num.decimals(d.estimate(), 2),
              unit,
              num.decimals(d.ciLower(), 2),
              num.decimals(d.ciUpper(), 2),
              num.pStatement(d.pValue()),
              num.count(Math.round(Math.abs(e.eventsPrevented()))),
              t.get(e.eventsPrevented() >= 0 ? "impact.prevented" : "impact.added")));
      i.put(
          "evidence",
          t.get(
              d.ciUpper() < 0 || d.ciLower() > 0
                  ? "impact.evidence.strong"
                  : "impact.evidence.weak"));
      impact.add(i);
    }
    model.put("impact", impact);
    model.put(
        "impactIntro",
        t.format(
            "impact.intro",
            treated,
            units - treated,
            new FinancialYear(Math.max(first, 1900)).shortLabel(),
            new FinancialYear(Math.max(last, 1900)).shortLabel()));
    model.put("impactCaption", t.format("impact.caption", ""));
  }

  private static List<Map<String, String>> sources(ReportRequest r, Numbers num) {
    String sql =
        "select source_type, path, rows_read, rows_accepted, rows_quarantined, sha256 from"
            + " source_file where status = 'published' and warehouse = ? order by source_type, path";
    List<Map<String, String>> out = new ArrayList<>();
    try (Connection c = r.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, r.warehouse().toAbsolutePath().normalize().toString());
      ResultSet rs = ps.executeQuery();
      while (rs.next()) {
        Map<String, String> s = new HashMap<>();
        s.put("source", rs.getString(1));
        s.put("file", Path.of(rs.getString(2)).getFileName().toString());
        s.put("read", num.count(rs.getLong(3)));
        s.put("accepted", num.count(rs.getLong(4)));
        s.put("quarantined", num.count(rs.getLong(5)));
        s.put("sha", rs.getString(6).substring(0, 12));
        out.add(s);
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the source files: " + e.getMessage(), e);
    }
    return out;
  }

  private static String publishedCount(String measure, OptionalLong count, Numbers num) {
    return publishedCount(measure, count, num, false);
  }

  /** A count as published, or a dash where the source does not cover the whole period. */
  private static String publishedCount(
      String measure, OptionalLong count, Numbers num, boolean national) {
    return count.isPresent() ? publishedCount(measure, count.getAsLong(), num, national) : "-";
  }

  /**
   * Hospital counts below national level follow the HES rule; national counts and others do not.
   */
  private static String publishedCount(String measure, long count, Numbers num, boolean national) {
    if (measure.equals(Measures.KNIFE_ADMISSIONS) && !national) {
      String p = HesRule.publish(count);
      return p.equals(HesRule.SUPPRESSED) ? p : num.count(Long.parseLong(p));
    }
    return num.count(count);
  }

  private static Optional<PanelRow> cell(ReportRequest r, String measure, String area, int fy) {
    return r.panel().stream()
        .filter(
            p ->
                p.measure().equals(measure)
                    && p.areaCode().equals(area)
                    && p.financialYear() == fy
                    && p.ageBand().equals("all"))
        .findFirst();
  }

  private static List<PanelRow> series(ReportRequest r, String measure, String area) {
    return r.panel().stream()
        .filter(
            p ->
                p.measure().equals(measure)
                    && p.areaCode().equals(area)
                    && p.ageBand().equals("all")
                    && p.financialYear() <= r.year().startYear())
        .sorted(java.util.Comparator.comparingInt(PanelRow::financialYear))
        .toList();
  }

  private static ReportResult render(ReportRequest r, Map<String, Object> model) {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(AnnualReview.class, "/vru/reports");
    cfg.setDefaultEncoding("UTF-8");
    try {
      Template template = cfg.getTemplate("annual-review.ftlh");
      StringWriter out = new StringWriter();
      template.process(model, out);
      Files.createDirectories(r.out());
      String name =
          "annual-review-"
              + r.partnershipId()
              + "-"
              + r.year().label().replace("/", "-")
              + "-en.html";
      Path path = r.out().resolve(name);
      byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
      Files.write(path, bytes);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      record(r, path, sha);
      return new ReportResult(path, sha);
    } catch (IOException | TemplateException e) {
      throw new VruException(ErrorCode.INTERNAL, "cannot write the report: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void record(ReportRequest r, Path path, String sha) {
    String sql =
        "insert into report(job_run_id, partnership_id, kind, period, language, format, path,"
            + " sha256) values (?, ?, 'annual', ?, 'en', 'html', ?, ?)";
    try (Connection c = r.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, r.jobRun());
      ps.setString(2, r.partnershipId());
      ps.setString(3, r.year().label());
      ps.setString(4, path.toAbsolutePath().toString());
      ps.setString(5, sha);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot record the report: " + e.getMessage(), e);
    }
  }

  /** The theory-of-change section: the diagram and a table of every indicator's status. */
  private static Map<String, Object> toc(
      vru.evaluation.api.TheoryOfChange.Result toc, Text t, Numbers num) {
    Map<String, Object> m = new HashMap<>();
    var model = toc.validation().model();
    m.put("svg", toc.svg());
    m.put("version", model.version());
    m.put("intro", t.format("toc.intro", model.title(), model.version()));
    List<Map<String, String>> rows = new java.util.ArrayList<>();
    for (var s : toc.assessment().indicators()) {
      Map<String, String> row = new HashMap<>();
      row.put("node", model.node(s.node()).map(n -> n.title()).orElse(s.node()));
      row.put("indicator", s.describes());
      row.put(
          "baseline",
          new FinancialYear(s.baselineYear()).shortLabel() + ": " + value(num, s.baselineValue()));
      row.put(
          "latest",
          s.latestYear() == 0
              ? "–"
              : new FinancialYear(s.latestYear()).shortLabel()
                  + ": "
                  + value(num, s.latest())
                  + (Double.isNaN(s.lower())
                      ? ""
                      : " (" + value(num, s.lower()) + " – " + value(num, s.upper()) + ")"));
      row.put(
          "target",
          value(num, s.target())
              + " "
              + t.format("toc.by", new FinancialYear(s.targetBy()).shortLabel()));
      row.put("status", t.get("toc.status." + s.status().name().toLowerCase(Locale.ROOT)));
      row.put("reason", s.reason());
      rows.add(row);
    }
    m.put("rows", rows);
    return m;
  }

  private static String value(Numbers num, double v) {
    return Double.isNaN(v) ? "–" : Math.abs(v) >= 100 ? num.decimals(v, 0) : num.decimals(v, 2);
  }
}
