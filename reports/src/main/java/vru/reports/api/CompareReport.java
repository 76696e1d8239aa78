package vru.reports.api;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.Version;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.api.disclosure.Disclosure;
import vru.reports.internal.Comparison;
import vru.reports.internal.Doc;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Numbers;
import vru.reports.internal.Render;
import vru.reports.internal.Text;

/**
 * The cross-partnership comparison: every police force area (or CSP) side by side for one measure
 * and period, from the current metrics run: funnel plot, ranked rates with intervals, and a table
 * with counts, rates, intervals, significance against England and Wales, the recent trend and
 * whether the area runs a VRU.
 */
public final class CompareReport {
  private static final List<String> LEVELS = List.of("pfa", "csp");
  private static final String ENGLAND_AND_WALES = "K04000001";

  private CompareReport() {}

  /**
   * Checks the level and the measure before anything is read.
   *
   * @throws VruException {@link ErrorCode#USAGE} naming the bad option
   */
  public static void check(
      String level, String measure, Map<String, MeasureCatalogue.Measure> measures) {
    if (!LEVELS.contains(level)) {
      throw new VruException(ErrorCode.USAGE, "--level: '" + level + "' is not one of " + LEVELS);
    }
    if (!measures.containsKey(measure)) {
      throw new VruException(
          ErrorCode.USAGE,
          "--measure: '"
              + measure
              + "' is not a measure; the catalogue has "
              + String.join(", ", measures.keySet()));
    }
  }

  /** Writes the comparison in each requested language; every file is recorded in PostgreSQL. */
  public static ReportResult write(CompareRequest r) {
    check(r.level(), r.measure(), r.measures());
    UUID run = r.metricsRun();
    List<PanelRow> rows = r.rows();
    List<PanelRow> areas =
        rows.stream()
            .filter(p -> p.ageBand().equals("all") && p.areaLevel().equals(r.level()))
            .toList();
    Optional<PanelRow> national =
        rows.stream()
            .filter(p -> p.ageBand().equals("all") && p.areaCode().equals(ENGLAND_AND_WALES))
            .findFirst();
    if (areas.isEmpty() || national.isEmpty() || national.get().rate().isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the current metrics run ("
              + run
              + ") has no "
              + r.level()
              + " values of "
              + r.measure()
              + " for "
              + r.period().label()
              + (r.period().type() == Period.Type.R12
                  ? " (rolling years of community safety partnerships are published at quarter"
                      + " ends only; of force areas every month)"
                  : "")
              + ": run 'vru metrics --all-areas' first, or choose another --period");
    }
    Map<String, String> trendKeys = trends(r);
    return ReportResult.of(
        Render.write(
            r.languages(),
            l -> document(r, l, run, areas, national.get(), trendKeys),
            r.out(),
            "compare-" + r.measure() + "-" + r.level() + "-" + r.period().label().replace("/", "-"),
            r.pdf(),
            new Render.Record(
                r.database(), r.jobRun(), "all-areas", "compare", r.period().label())));
  }

  private static Doc document(
      CompareRequest r,
      Language l,
      UUID run,
      List<PanelRow> areas,
      PanelRow national,
      Map<String, String> trendKeys) {
    Text t = new Text(l);
    Numbers num = new Numbers(l.locale());
    String title = t.get("measure." + r.measure());
    String unit = t.get("unit." + r.measures().get(r.measure()).multiplier());
    String period = periodName(t, r.period());
    Map<String, String> trends = new HashMap<>();
    trendKeys.forEach((k, v) -> trends.put(k, t.get("trend." + v)));
    Comparison c =
        Comparison.of(
            t,
            num,
            r.measure(),
            unit,
            title,
            Disclosure.Rule.of(r.measures().get(r.measure()).disclosure()),
            areas,
            national,
            r.highlighted(),
            r.treated(),
            period,
            "compare-" + r.measure(),
            trends);
    List<Block> main = new ArrayList<>();
    main.add(
        Block.para(
            t.format(
                "compare.intro",
                t.get("level." + r.level()),
                t.lower(title),
                period,
                areas.size())));
    main.add(Block.para(c.summary()));
    if (!r.treated().isEmpty()) {
      main.add(Block.para(groups(t, num, areas, r.treated(), unit)));
    }
    Doc.Figure funnel = c.funnel();
    main.add(Block.ofFigure(funnel));
    main.add(Block.ofFigure(c.ranked()));
    main.add(Block.para(t.get("comparing.rule")));
    // the table of every area is this report's content: in the body, printed too
    main.add(Block.ofTable(funnel.data()));
    if (!trends.isEmpty()) {
      main.add(Block.para(t.get("compare.trend.rule")));
    }
    List<Block> annex = new ArrayList<>();
    annex.add(
        Block.para(
            t.format(
                "annex.disclosure",
                title,
                t.get("disclosure." + r.measures().get(r.measure()).disclosure()))));
    annex.add(Block.para(t.get("annex.methods")));
    vru.reports.internal.Denominators.carriedForward(t, areas)
        .ifPresent(s -> annex.add(Block.para(s)));
    annex.add(Block.para(t.format("compare.provenance", r.jobRun().toString(), run.toString())));
    return new Doc(
        l.tag(),
        t.format("compare.title", title, period),
        t.format("compare.description", t.lower(title), period),
        t.format("compare.subtitle", t.get("level." + r.level()), period),
        List.of(
            new Doc.Section("comparison", t.get("section.comparison"), main),
            new Doc.Section("annex", t.get("section.annex"), annex)),
        t.format(
            "compare.generated",
            Version.current(),
            LocalDate.now().format(DateTimeFormatter.ofPattern("d MMMM yyyy", l.locale())),
            r.jobRun().toString()));
  }

  /** The pooled rate of the VRU areas and of the comparison areas. */
  private static String groups(
      Text t, Numbers num, List<PanelRow> areas, List<String> treated, String unit) {
    long[] n = new long[2];
    double[] pop = new double[2];
    double m = 100_000;
    for (PanelRow p : areas) {
      if (p.rate().isEmpty()) {
        continue;
      }
      int g = treated.contains(p.areaCode()) ? 0 : 1;
      n[g] += p.rate().get().count();
      pop[g] += p.rate().get().denominator();
      m = p.rate().get().multiplier();
    }
    return t.format(
        "compare.groups",
        pop[0] > 0 ? num.rate(n[0] / pop[0] * m) : "–",
        pop[1] > 0 ? num.rate(n[1] / pop[1] * m) : "–",
        unit);
  }

  /** The recent-trend label of each area (financial years only), as a bundle key suffix. */
  private static Map<String, String> trends(CompareRequest r) {
    Map<String, String> out = new HashMap<>();
    r.trends().forEach((area, label) -> out.put(area, key(label)));
    return out;
  }

  private static String key(String label) {
    String l = label.toLowerCase(java.util.Locale.ROOT);
    if (l.contains("increas")) {
      return l.contains("not") ? "none" : "increasing";
    }
    if (l.contains("decreas")) {
      return l.contains("not") ? "none" : "decreasing";
    }
    if (l.contains("no significant") || l.contains("no change")) {
      return "none";
    }
    return "unknown";
  }

  private static String periodName(Text t, Period p) {
    if (p.type() == Period.Type.FY) {
      return new FinancialYear(p.first().getYear()).shortLabel();
    }
    return t.format(
        "period.r12",
        p.last().format(DateTimeFormatter.ofPattern("MMMM yyyy", t.language().locale())));
  }
}
