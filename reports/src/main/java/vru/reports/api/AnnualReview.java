package vru.reports.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.Measures;
import vru.core.api.Version;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.core.geo.Geography;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore.EventStudyView;
import vru.evaluation.did.DidEstimate;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.disclosure.Disclosure;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.RateRatio;
import vru.reports.internal.Charts;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;
import vru.reports.internal.Language;
import vru.reports.internal.Numbers;
import vru.reports.internal.Render;
import vru.reports.internal.Shown;
import vru.reports.internal.Text;

/**
 * The annual review report of one partnership, as REPORTS.md sets it out: key figures, definition
 * and scope, one section per success measure, comparison with other partnerships, theory of change,
 * impact evaluation, and the data and methods annex. Every sentence is generated from the numbers
 * through the language's message bundle; every count is published under the measure's disclosure
 * rule and the whole document is checked before anything is written. One self-contained HTML file
 * per language, and a tagged PDF (PDF/UA) from the same content.
 */
public final class AnnualReview {
  static final String ENGLAND_AND_WALES = "K04000001";
  private static final List<String> AGES = List.of("all", "0-24");

  private final ReportRequest r;
  private final Text t;
  private final Numbers num;

  private AnnualReview(ReportRequest r, Language language) {
    this.r = r;
    this.t = new Text(language);
    this.num = new Numbers(language.locale());
  }

  /** Writes the report in each requested language; every file is recorded in PostgreSQL. */
  public static ReportResult write(ReportRequest r) {
    return ReportResult.of(
        Render.write(
            r.languages(),
            l -> new AnnualReview(r, l).document(),
            r.out(),
            "annual-review-" + r.partnershipId() + "-" + r.year().label().replace("/", "-"),
            r.pdf(),
            new Render.Record(
                r.database(), r.jobRun(), r.partnershipId(), "annual", r.year().label())));
  }

  /** The document in this object's language (nothing written). */
  public static Doc document(ReportRequest r, Language language) {
    return new AnnualReview(r, language).document();
  }

  private Doc document() {
    FinancialYear year = r.year();
    List<Doc.Section> sections = new ArrayList<>();
    sections.add(new Doc.Section("key", t.get("section.key"), keyFigures()));
    sections.add(new Doc.Section("scope", t.get("section.scope"), scope()));
    sections.add(new Doc.Section("measures", t.get("section.measures"), measures()));
    sections.add(new Doc.Section("comparing", t.get("section.comparing"), comparing()));
    r.theoryOfChange()
        .ifPresent(toc -> sections.add(new Doc.Section("toc", t.get("section.toc"), toc(toc))));
    sections.add(new Doc.Section("impact", t.get("section.impact"), impact()));
    sections.add(new Doc.Section("annex", t.get("section.annex"), annex()));
    return new Doc(
        t.language().tag(),
        t.format("report.title", year.shortLabel(), r.partnershipName()),
        t.format("report.description", r.partnershipName(), year.shortLabel()),
        t.format("report.subtitle", r.partnershipName(), year.shortLabel()),
        List.copyOf(sections),
        t.format(
            "report.generated",
            Version.current(),
            date(LocalDate.now()),
            r.jobRun().toString(),
            r.metricsRun().map(Object::toString).orElse("–")));
  }

  // ---- key figures

  private List<Block> keyFigures() {
    DataTable.Builder tab =
        new DataTable.Builder("key-figures", t.format("key.caption", r.year().shortLabel()))
            .rowHeader()
            .column(t.get("col.measure"), false)
            .column(t.get("col.count"), true)
            .column(t.get("col.rate"), true)
            .column(t.get("col.ci"), false)
            .column(t.format("col.vs.last", r.year().previous().shortLabel()), false)
            .column(t.format("col.vs.baseline", r.baseline().shortLabel()), false);
    for (String m : Measures.NATIONAL) {
      Optional<PanelRow> now = fy(m, r.partnershipId(), r.year().startYear(), "all");
      if (now.isEmpty()) {
        continue;
      }
      Shown s = Shown.one(now.get(), rule(m));
      s.published().ifPresent(tab::count);
      tab.row(
          List.of(
              title(m),
              s.count(num),
              s.rate(num) + (s.rate().isPresent() ? " " + unit(m) : ""),
              s.ci(num),
              change(m, "all", r.year().previous()),
              change(m, "all", r.baseline())));
    }
    return List.of(
        Block.para(t.format("key.intro", r.partnershipName())), Block.ofTable(tab.build()));
  }

  private String change(String m, String age, FinancialYear then) {
    Optional<RateRatio> rr =
        fy(m, r.partnershipId(), r.year().startYear(), age)
            .flatMap(PanelRow::rate)
            .flatMap(
                now ->
                    fy(m, r.partnershipId(), then.startYear(), age)
                        .flatMap(PanelRow::rate)
                        .flatMap(base -> RateRatio.of(now, base)));
    if (rr.isEmpty()) {
      return t.get("change.none");
    }
    RateRatio x = rr.get();
    boolean significant = x.ci95().lower() > 1 || x.ci95().upper() < 1;
    return t.format(
        "change.text",
        num.percent(x.ratio() - 1),
        t.get(x.ratio() < 1 ? "change.word.lower" : "change.word.higher"),
        num.signedPercent(x.ci95().lower() - 1),
        num.signedPercent(x.ci95().upper() - 1),
        t.get(significant ? "change.significant" : "change.not.significant"));
  }

  /** A message key for the comparison group, worded for a region when it is one. */
  private String similarKey(String key) {
    return r.similarAreasByRegion() ? key + ".region" : key;
  }

  // ---- scope

  private List<Block> scope() {
    String areas = r.areas().stream().map(this::describe).collect(Collectors.joining(", "));
    List<Block> b = new ArrayList<>();
    b.add(
        Block.para(
            r.start().isPresent()
                ? t.format("scope.text", r.partnershipName(), date(r.start().get()), areas)
                : t.format("scope.text.no.programme", r.partnershipName(), areas)));
    b.add(
        Block.para(
            t.format(
                "scope.period",
                r.year().shortLabel(),
                date(r.year().firstDay()),
                date(r.year().lastDay()),
                r.baseline().shortLabel())));
    if (!r.similarAreas().isEmpty()) {
      b.add(
          Block.para(
              t.format(
                  similarKey("scope.similar"),
                  r.similarAreas().stream().map(this::name).collect(Collectors.joining(", ")))));
    }
    return b;
  }

  // ---- one section per success measure

  private List<Block> measures() {
    List<Block> out = new ArrayList<>();
    for (String m : Measures.NATIONAL) {
      Optional<PanelRow> now = fy(m, r.partnershipId(), r.year().startYear(), "all");
      if (now.isEmpty()) {
        out.add(Block.heading("measure-" + m, title(m)));
        out.add(Block.para(t.format("measure.missing", title(m), r.year().shortLabel())));
        continue;
      }
      out.add(Block.heading("measure-" + m, title(m)));
      out.add(Block.para(t.format("measure.definition." + m)));
      for (String age : AGES) {
        fy(m, r.partnershipId(), r.year().startYear(), age)
            .ifPresent(row -> out.addAll(measureAge(m, age, row)));
      }
    }
    return out;
  }

  private List<Block> measureAge(String m, String age, PanelRow now) {
    List<Block> out = new ArrayList<>();
    Shown mine = Shown.one(now, rule(m));
    String ages = t.get("age." + age);
    Optional<CrudeRate> national =
        fy(m, ENGLAND_AND_WALES, r.year().startYear(), age).flatMap(PanelRow::rate);
    Optional<CrudeRate> similar = pooled(m, age, Period.fy(r.year().startYear()));
    if (mine.rate().isPresent()) {
      CrudeRate rate = mine.rate().get();
      out.add(
          Block.para(
              t.format(
                  "measure.sentence",
                  r.year().shortLabel(),
                  mine.count(num),
                  t.lower(title(m)),
                  ages,
                  r.partnershipName(),
                  num.rate(rate.value()),
                  unit(m),
                  num.rate(rate.ci95().lower()),
                  num.rate(rate.ci95().upper()))));
      national.ifPresent(n -> out.add(Block.para(versus(rate, n, m, t.get("england.wales")))));
      similar.ifPresent(
          s -> out.add(Block.para(versus(rate, s, m, t.get(similarKey("similar.areas"))))));
    } else {
      out.add(
          Block.para(
              t.format(
                  "measure.suppressed",
                  r.year().shortLabel(),
                  t.lower(title(m)),
                  ages,
                  r.partnershipName())));
    }
    out.add(
        Block.para(
            t.format(
                "measure.change",
                change(m, age, r.year().previous()),
                r.year().previous().shortLabel(),
                change(m, age, r.baseline()),
                r.baseline().shortLabel())));
    out.add(Block.ofFigure(trend(m, age)));
    return out;
  }

  /** "higher than England and Wales (x per 100,000), and the difference is significant". */
  private String versus(CrudeRate mine, CrudeRate other, String m, String whom) {
    boolean above = mine.ci95().lower() > other.value();
    boolean below = mine.ci95().upper() < other.value();
    return t.format(
        "measure.versus",
        whom,
        num.rate(other.value()),
        unit(m),
        t.get(above ? "versus.higher" : below ? "versus.lower" : "versus.similar"));
  }

  /** The rolling 12-month trend, at each quarter end up to the end of the year reviewed. */
  private Figure trend(String m, String age) {
    YearMonth end = YearMonth.of(r.year().startYear() + 1, 3);
    List<Charts.TimeSeries> series = new ArrayList<>();
    List<List<Shown>> shown = new ArrayList<>();
    List<String> names = new ArrayList<>();
    addSeries(series, shown, names, m, age, r.partnershipId(), r.partnershipName(), end);
    addSeries(series, shown, names, m, age, ENGLAND_AND_WALES, t.get("england.wales"), end);
    if (!r.similarAreas().isEmpty()) {
      List<PanelRow> pooled = new ArrayList<>();
      for (YearMonth q : quarterEnds(m, age, end)) {
        pooledRow(m, age, Period.rolling12(q), t.get(similarKey("similar.areas")))
            .ifPresent(pooled::add);
      }
      addSeries(series, shown, names, pooled, t.get(similarKey("similar.areas")), m);
    }
    List<Charts.Break> breaks = new ArrayList<>();
    List<String> breakText = new ArrayList<>();
    MeasureCatalogue.Measure def = r.measures().get(m);
    if (def != null) {
      for (MeasureCatalogue.SeriesBreak b : def.seriesBreaks()) {
        if (b.area().equals("all")
            || b.area().equals(r.partnershipId())
            || r.areas().contains(b.area())) {
          String label =
              t.format(
                  "break.label",
                  new FinancialYear(b.from()).shortLabel(),
                  new FinancialYear(b.to()).shortLabel());
          breaks.add(
              new Charts.Break(YearMonth.of(b.from(), 4), YearMonth.of(b.to() + 1, 3), label));
          breakText.add(label + ": " + b.reason());
        }
      }
    }
    String id = "trend-" + m + "-" + (age.equals("all") ? "all" : "u25");
    Charts.Drawn d =
        Charts.trend(
            t.get("axis.rolling"),
            t.format("axis.rate", unit(m)),
            series,
            breaks,
            t.language().locale());
    DataTable.Builder tab =
        new DataTable.Builder(
                id + "-data", t.format("trend.table", t.lower(title(m)), t.get("age." + age)))
            .rowHeader()
            .column(t.get("col.period"), false)
            .column(t.get("col.area"), false)
            .column(t.get("col.count"), true)
            .column(t.format("col.rate.unit", unit(m)), true)
            .column(t.get("col.ci"), false);
    for (int i = 0; i < shown.size(); i++) {
      for (Shown s : shown.get(i)) {
        s.published().ifPresent(tab::count);
        tab.row(
            List.of(
                periodName(s.row().period()), names.get(i), s.count(num), s.rate(num), s.ci(num)));
      }
    }
    String first = shown.get(0).isEmpty() ? "–" : periodName(shown.get(0).get(0).row().period());
    String alt =
        t.format(
                "trend.alt",
                t.lower(title(m)),
                t.get("age." + age),
                unit(m),
                first,
                periodName(Period.rolling12(end)),
                String.join(t.get("list.and"), names))
            + (breakText.isEmpty()
                ? ""
                : " " + t.format("trend.alt.breaks", String.join("; ", breakText)));
    return new Figure(
        id,
        d.svg(),
        d::png,
        alt,
        t.format("trend.caption", title(m), t.get("age." + age)),
        tab.build());
  }

  private void addSeries(
      List<Charts.TimeSeries> series,
      List<List<Shown>> shown,
      List<String> names,
      String m,
      String age,
      String area,
      String name,
      YearMonth end) {
    List<PanelRow> rows =
        r.rolling().stream()
            .filter(
                p ->
                    p.measure().equals(m)
                        && p.ageBand().equals(age)
                        && p.areaCode().equals(area)
                        && p.period().last().getMonthValue() % 3 == 0
                        && !p.period().last().isAfter(end))
            .sorted(Comparator.comparing(p -> p.period().last()))
            .toList();
    addSeries(series, shown, names, rows, name, m);
  }

  private void addSeries(
      List<Charts.TimeSeries> series,
      List<List<Shown>> shown,
      List<String> names,
      List<PanelRow> rows,
      String name,
      String m) {
    List<Shown> s = Shown.of(rows, rule(m), "trend|" + m + "|" + name);
    List<Charts.TimePoint> points = new ArrayList<>();
    for (Shown x : s) {
      x.rate()
          .ifPresent(
              rate ->
                  points.add(
                      new Charts.TimePoint(
                          x.row().period().last(),
                          rate.value(),
                          rate.ci95().lower(),
                          rate.ci95().upper())));
    }
    series.add(new Charts.TimeSeries(name, points));
    shown.add(s);
    names.add(name);
  }

  private List<YearMonth> quarterEnds(String m, String age, YearMonth end) {
    return r.rolling().stream()
        .filter(
            p ->
                p.measure().equals(m)
                    && p.ageBand().equals(age)
                    && p.areaCode().equals(ENGLAND_AND_WALES)
                    && p.period().last().getMonthValue() % 3 == 0
                    && !p.period().last().isAfter(end))
        .map(p -> p.period().last())
        .sorted()
        .toList();
  }

  /** The similar areas' pooled rate: their counts over their populations. */
  private Optional<CrudeRate> pooled(String m, String age, Period period) {
    return pooledRow(m, age, period, "").flatMap(PanelRow::rate);
  }

  private Optional<PanelRow> pooledRow(String m, String age, Period period, String name) {
    if (r.similarAreas().isEmpty()) {
      return Optional.empty();
    }
    List<PanelRow> source = period.type() == Period.Type.FY ? r.panel() : r.rolling();
    long count = 0;
    double population = 0;
    int multiplier = 0;
    for (String area : r.similarAreas()) {
      Optional<PanelRow> row =
          source.stream()
              .filter(
                  p ->
                      p.measure().equals(m)
                          && p.ageBand().equals(age)
                          && p.areaCode().equals(area)
                          && p.period().equals(period))
              .findFirst();
      if (row.isEmpty() || row.get().rate().isEmpty()) {
        return Optional.empty();
      }
      CrudeRate x = row.get().rate().get();
      count += x.count();
      population += x.denominator();
      multiplier = (int) x.multiplier();
    }
    CrudeRate rate = CrudeRate.of(count, population, multiplier);
    return Optional.of(
        new PanelRow(
            m,
            age,
            "similar",
            "similar",
            name,
            period,
            java.util.OptionalLong.of(count),
            Optional.of(rate),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  // ---- comparing partnerships

  private List<Block> comparing() {
    List<Block> out = new ArrayList<>();
    out.add(Block.para(t.format("comparing.intro", r.year().shortLabel())));
    for (String m : Measures.NATIONAL) {
      Optional<CrudeRate> national =
          fy(m, ENGLAND_AND_WALES, r.year().startYear(), "all").flatMap(PanelRow::rate);
      List<PanelRow> forces =
          r.panel().stream()
              .filter(
                  p ->
                      p.measure().equals(m)
                          && p.ageBand().equals("all")
                          && p.areaLevel().equals("pfa")
                          && p.financialYear() == r.year().startYear())
              .toList();
      if (national.isEmpty() || forces.isEmpty()) {
        continue;
      }
      out.add(Block.heading("comparing-" + m, title(m)));
      Comparison c =
          Comparison.of(
              t,
              num,
              m,
              unit(m),
              title(m),
              rule(m),
              forces,
              fy(m, ENGLAND_AND_WALES, r.year().startYear(), "all").get(),
              r.areas(),
              List.of(),
              r.year().shortLabel(),
              "comparing-" + m,
              Map.of());
      out.add(Block.para(c.summary()));
      out.add(Block.ofFigure(c.funnel()));
      out.add(Block.ofFigure(c.ranked()));
    }
    out.add(Block.para(t.get("comparing.rule")));
    return out;
  }

  // ---- theory of change

  private List<Block> toc(vru.evaluation.api.TheoryOfChange.Result toc) {
    var model = toc.validation().model();
    DataTable.Builder tab =
        new DataTable.Builder("toc-indicators", t.get("toc.caption"))
            .rowHeader()
            .column(t.get("col.step"), false)
            .column(t.get("col.indicator"), false)
            .column(t.get("col.baseline"), false)
            .column(t.get("col.latest"), false)
            .column(t.get("col.target"), false)
            .column(t.get("col.status"), false);
    for (var s : toc.assessment().indicators()) {
      tab.row(
          List.of(
              model.node(s.node()).map(n -> n.title()).orElse(s.node()),
              s.describes(),
              new FinancialYear(s.baselineYear()).shortLabel() + ": " + value(s.baselineValue()),
              s.latestYear() == 0
                  ? "–"
                  : new FinancialYear(s.latestYear()).shortLabel()
                      + ": "
                      + value(s.latest())
                      + (Double.isNaN(s.lower())
                          ? ""
                          : " (" + value(s.lower()) + " – " + value(s.upper()) + ")"),
              value(s.target())
                  + " "
                  + t.format("toc.by", new FinancialYear(s.targetBy()).shortLabel()),
              t.get("toc.status." + s.status().name().toLowerCase(java.util.Locale.ROOT))
                  + ": "
                  + s.reason()));
    }
    return List.of(
        Block.para(t.format("toc.intro", model.title(), model.version())),
        Block.ofFigure(
            new Figure(
                "toc-figure",
                toc.svg(),
                toc::png,
                t.get("toc.legend"),
                t.format("toc.figure", model.title()),
                tab.build())),
        Block.para(t.get("toc.rules")));
  }

  // ---- impact evaluation

  private List<Block> impact() {
    List<Block> out = new ArrayList<>();
    if (r.evaluation().isEmpty()) {
      out.add(Block.para(t.get("impact.none")));
      return out;
    }
    EvaluationResult any = r.evaluation().get(0);
    DidEstimate d0 = any.estimate();
    out.add(
        Block.para(
            t.format(
                "impact.intro",
                d0.treatedUnits(),
                d0.units() - d0.treatedUnits(),
                new FinancialYear(any.firstYear()).shortLabel(),
                new FinancialYear(any.lastYear()).shortLabel())));
    DataTable.Builder tab =
        new DataTable.Builder("impact-estimates", t.get("impact.caption"))
            .rowHeader()
            .column(t.get("col.measure"), false)
            .column(t.get("col.estimate"), true)
            .column(t.get("col.ci"), false)
            .column(t.get("col.pvalue"), true)
            .column(t.get("col.prevented"), true);
    for (EvaluationResult e : r.evaluation()) {
      DidEstimate d = e.estimate();
      String unit = t.get("unit." + e.multiplier());
      String title = title(e.measure());
      out.add(
          Block.para(
              t.format(
                      "impact.sentence",
                      t.lower(title),
                      t.get("estimator." + d.estimator()),
                      num.decimals(d.estimate(), 2),
                      unit,
                      num.decimals(d.ciLower(), 2),
                      num.decimals(d.ciUpper(), 2),
                      pSentence(d.pValue()),
                      num.count(Math.round(Math.abs(e.eventsPrevented()))),
                      t.get(e.eventsPrevented() >= 0 ? "impact.prevented" : "impact.added"))
                  + " "
                  + t.get(
                      d.ciUpper() < 0 || d.ciLower() > 0
                          ? "impact.evidence.strong"
                          : "impact.evidence.weak")));
      tab.row(
          List.of(
              title + " (" + t.get("estimator." + d.estimator()) + ")",
              num.decimals(d.estimate(), 2) + " " + unit,
              num.decimals(d.ciLower(), 2) + " – " + num.decimals(d.ciUpper(), 2),
              num.pValue(d.pValue()),
              num.count(Math.round(e.eventsPrevented()))));
    }
    out.add(Block.ofTable(tab.build()));
    for (Map.Entry<String, EventStudyView> es : r.eventStudies().entrySet()) {
      out.add(Block.heading("event-" + es.getKey(), t.format("event.heading", title(es.getKey()))));
      out.add(Block.ofFigure(eventStudy(es.getKey(), es.getValue())));
      EventStudyView v = es.getValue();
      out.add(
          Block.para(
              Double.isNaN(v.pretestP())
                  ? t.get("event.pretest.none")
                  : t.format(
                      "event.pretest",
                      num.decimals(v.pretestStatistic(), 2),
                      v.pretestDf(),
                      num.pValue(v.pretestP()),
                      t.get(v.pretestP() < 0.05 ? "event.pretest.fail" : "event.pretest.pass"))));
    }
    out.add(Block.para(t.get("impact.caveat")));
    out.add(Block.para(t.get("impact.notshown")));
    return out;
  }

  private String pSentence(double p) {
    return p < 0.001 ? t.get("p.below") : t.format("p.equals", num.decimals(p, 3));
  }

  private Figure eventStudy(String m, EventStudyView v) {
    List<Charts.Event> events = new ArrayList<>();
    DataTable.Builder tab =
        new DataTable.Builder("event-" + m + "-data", t.format("event.table", title(m)))
            .rowHeader()
            .column(t.get("col.event.time"), true)
            .column(t.get("col.estimate"), true)
            .column(t.get("col.ci"), false);
    for (double[] p : v.points()) {
      events.add(new Charts.Event((int) p[0], p[1], p[2], p[3]));
      tab.row(
          List.of(
              num.count((long) p[0]),
              num.decimals(p[1], 2),
              Double.isNaN(p[2]) ? "–" : num.decimals(p[2], 2) + " – " + num.decimals(p[3], 2)));
    }
    String unit = t.get("unit." + r.measures().getOrDefault(m, null).multiplier());
    Charts.Drawn d =
        Charts.eventStudy(
            t.get("axis.event"), t.format("axis.effect", unit), events, t.get("event.series"));
    return new Figure(
        "event-" + m,
        d.svg(),
        d::png,
        t.format("event.alt", t.lower(title(m)), unit),
        t.format("event.caption", title(m)),
        tab.build());
  }

  // ---- data and methods annex

  private List<Block> annex() {
    List<Block> out = new ArrayList<>();
    DataTable.Builder src =
        new DataTable.Builder("annex-sources", t.get("annex.sources"))
            .column(t.get("col.source"), false)
            .column(t.get("col.file"), false)
            .column(t.get("col.extracted"), false)
            .column(t.get("col.read"), true)
            .column(t.get("col.accepted"), true)
            .column(t.get("col.quarantined"), true)
            .column(t.get("col.sha"), false);
    DataTable.Builder q =
        new DataTable.Builder("annex-quarantine", t.get("annex.quarantine"))
            .column(t.get("col.source"), false)
            .column(t.get("col.reason"), false)
            .column(t.get("col.rows"), true);
    String sql =
        "select f.source_type, f.path, f.ingested_at, f.rows_read, f.rows_accepted,"
            + " f.rows_quarantined, f.sha256, f.id from source_file f where f.status = 'published'"
            + " and f.warehouse = ? order by f.source_type, f.path";
    String qsql =
        "select f.source_type, s.reason, sum(s.rows) from quarantine_summary s join source_file f"
            + " on f.id = s.source_file_id where f.status = 'published' and f.warehouse = ? group"
            + " by f.source_type, s.reason order by f.source_type, s.reason";
    try (Connection c = r.database().connect()) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, r.warehouse().toAbsolutePath().normalize().toString());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            src.row(
                List.of(
                    rs.getString(1),
                    java.nio.file.Path.of(rs.getString(2)).getFileName().toString(),
                    date(rs.getTimestamp(3).toLocalDateTime().toLocalDate()),
                    num.count(rs.getLong(4)),
                    num.count(rs.getLong(5)),
                    num.count(rs.getLong(6)),
                    rs.getString(7).substring(0, 12)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(qsql)) {
        ps.setString(1, r.warehouse().toAbsolutePath().normalize().toString());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            q.row(List.of(rs.getString(1), rs.getString(2), num.count(rs.getLong(3))));
          }
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the source files: " + e.getMessage(), e);
    }
    out.add(Block.ofTable(src.build()));
    DataTable quarantine = q.build();
    out.add(
        quarantine.rows().isEmpty()
            ? Block.para(t.get("annex.quarantine.none"))
            : Block.ofTable(quarantine));
    for (String m : Measures.NATIONAL) {
      out.add(
          Block.para(t.format("annex.disclosure", title(m), t.get("disclosure." + rule(m).key()))));
    }
    out.add(Block.para(t.get("annex.methods")));
    out.add(Block.para(t.get("annex.references")));
    out.add(
        Block.para(
            t.format(
                "annex.provenance",
                r.jobRun().toString(),
                r.metricsRun().map(Object::toString).orElse("–"),
                Version.current())));
    return out;
  }

  // ---- helpers

  /** The financial-year rows by measure, area, age band and year, indexed on first use. */
  private Map<List<Object>, PanelRow> byCell;

  private Optional<PanelRow> fy(String m, String area, int year, String age) {
    if (byCell == null) {
      byCell = new java.util.HashMap<>();
      for (PanelRow p : r.panel()) {
        if (p.period().type() == Period.Type.FY) {
          byCell.putIfAbsent(List.of(p.measure(), p.areaCode(), p.ageBand(), p.financialYear()), p);
        }
      }
    }
    return Optional.ofNullable(byCell.get(List.of(m, area, age, year)));
  }

  private Disclosure.Rule rule(String m) {
    MeasureCatalogue.Measure def = r.measures().get(m);
    return def == null ? Disclosure.Rule.NONE : Disclosure.Rule.of(def.disclosure());
  }

  private String title(String m) {
    return t.get("measure." + m);
  }

  private String unit(String m) {
    MeasureCatalogue.Measure def = r.measures().get(m);
    return t.get("unit." + (def == null ? 100_000 : def.multiplier()));
  }

  private String describe(String code) {
    Geography g = Geography.reference();
    String kind = g.pfas().containsKey(code) ? "area.pfa" : "area.csp";
    return t.format(kind, name(code));
  }

  private String name(String code) {
    return Geography.reference().nameOf(code).orElse(code);
  }

  private String date(LocalDate d) {
    return d.format(DateTimeFormatter.ofPattern("d MMMM yyyy", t.language().locale()));
  }

  /** "12 months to March 2025" in the report's language. */
  private String periodName(Period p) {
    if (p.type() == Period.Type.FY) {
      return new FinancialYear(p.first().getYear()).shortLabel();
    }
    return t.format(
        "period.r12",
        p.last().format(DateTimeFormatter.ofPattern("MMMM yyyy", t.language().locale())));
  }

  private String value(double v) {
    return Double.isNaN(v) ? "–" : Math.abs(v) >= 100 ? num.decimals(v, 0) : num.decimals(v, 2);
  }
}
