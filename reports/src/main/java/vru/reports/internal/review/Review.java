package vru.reports.internal.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.FinancialYear;
import vru.core.api.Version;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.reports.api.Language;
import vru.reports.api.ReportRequest;
import vru.reports.internal.Doc;
import vru.reports.internal.Numbers;
import vru.reports.internal.Text;

/**
 * The annual review of one partnership in one language, as a review of its strategy (REPORTS.md):
 * executive summary, foreword, key figures, the local definition and scope, governance, the needs
 * assessment's summary, one section per success measure, comparison with other partnerships, place
 * within the partnership, who is affected, priorities and actions, delivery and reach, theory of
 * change, impact evaluation, next year's plans, glossary, and the data and methods annex. The
 * partnership writes the foreword, governance, needs assessment, next year, its definition and its
 * actions; the rest is generated.
 */
public final class Review {
  private final ReportRequest request;
  private final Text text;
  private final Numbers numbers;
  private final Map<List<Object>, PanelRow> byCell = new HashMap<>();

  private final Map<String, KeyFigureStore.Published> previous;

  private Review(
      ReportRequest request, Language language, Map<String, KeyFigureStore.Published> previous) {
    this.request = request;
    this.previous = previous;
    this.text = new Text(language);
    this.numbers = new Numbers(language.locale());
    for (PanelRow p : request.panel()) {
      if (p.period().type() == Period.Type.FY) {
        byCell.putIfAbsent(List.of(p.measure(), p.areaCode(), p.ageBand(), p.financialYear()), p);
      }
    }
  }

  /** The review of {@code request} in {@code language} (nothing written). */
  public static Doc document(ReportRequest request, Language language) {
    return document(request, language, Map.of());
  }

  /**
   * The review of {@code request} in {@code language}, with the key figures last year's review
   * published ({@link KeyFigureStore#previous}) for "what changed since last year".
   */
  public static Doc document(
      ReportRequest request, Language language, Map<String, KeyFigureStore.Published> previous) {
    return new Review(request, language, previous).document();
  }

  /** The review's parts' shared state, without building the document (for a part on its own). */
  static Review of(ReportRequest request, Language language) {
    return new Review(request, language, Map.of());
  }

  ReportRequest request() {
    return request;
  }

  Text text() {
    return text;
  }

  Numbers numbers() {
    return numbers;
  }

  /** The financial-year row of a measure, area, year and age band, if the panel has one. */
  Optional<PanelRow> fy(String m, String area, int year, String age) {
    return Optional.ofNullable(byCell.get(List.of(m, area, age, year)));
  }

  private Doc.Section section(String id, List<Doc.Block> blocks) {
    return new Doc.Section(id, text.get("section." + id), blocks);
  }

  private Doc document() {
    Text t = text;
    ReportRequest r = request;
    FinancialYear year = r.year();
    Overview overview = new Overview(this);
    Strategy strategy = new Strategy(this);
    List<Doc.Section> sections = new ArrayList<>();
    sections.add(new Doc.Section("summary", t.get("section.summary"), new Summary(this).summary()));
    sections.add(section("foreword", strategy.section("foreword")));
    sections.add(new Doc.Section("key", t.get("section.key"), overview.keyFigures()));
    sections.add(section("changed", new Changed(this, previous).changed()));
    List<Doc.Block> scope = new ArrayList<>(strategy.definition());
    scope.addAll(overview.scope(r.content().definition().isPresent()));
    sections.add(new Doc.Section("scope", t.get("section.scope"), scope));
    sections.add(section("governance", strategy.section("governance")));
    sections.add(section("needs-assessment", strategy.section("needs-assessment")));
    sections.add(
        new Doc.Section(
            "measures", t.get("section.measures"), new MeasureSections(this).measures()));
    sections.add(
        new Doc.Section("comparing", t.get("section.comparing"), new Comparing(this).comparing()));
    sections.add(section("place", new Place(this).place()));
    sections.add(section("affected", new Affected(this).affected()));
    sections.add(section("actions", strategy.actions()));
    sections.add(section("delivery", new Delivery(this).delivery()));
    r.theoryOfChange()
        .ifPresent(
            toc ->
                sections.add(
                    new Doc.Section("toc", t.get("section.toc"), new TocSection(this).toc(toc))));
    sections.add(
        new Doc.Section("impact", t.get("section.impact"), new ImpactSection(this).impact()));
    sections.add(section("next-year", strategy.section("next-year")));
    sections.add(new Doc.Section("annex", t.get("section.annex"), new AnnexSection(this).annex()));
    sections.add(sections.size() - 1, section("glossary", Glossary.of(sections, t)));
    return new Doc(
        t.language().tag(),
        t.format("report.title", year.shortLabel(), r.partnershipName()),
        t.format("report.description", r.partnershipName(), year.shortLabel()),
        t.format("report.subtitle", r.partnershipName(), year.shortLabel()),
        List.copyOf(sections),
        t.format(
            "report.generated",
            Version.current(),
            overview.date(LocalDate.now()),
            r.jobRun().toString(),
            r.metricsRun().map(Object::toString).orElse("–")));
  }
}
