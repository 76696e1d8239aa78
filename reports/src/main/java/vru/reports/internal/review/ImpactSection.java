package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vru.core.api.FinancialYear;
import vru.core.config.MeasureCatalogue;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore.EventStudyView;
import vru.evaluation.api.did.DidEstimate;
import vru.reports.internal.Charts;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;

/**
 * The impact evaluation as an evaluator can defend it: the partnership's own estimate first (its
 * design named, and why), then the pooled programme estimate labelled with the areas it covers;
 * each headline with its interval, the relative effect, the events prevented with their interval
 * and the p-value, and beside it the pre-trend result and what the design assumes. When the
 * pre-trend test rejects, the headline itself says the estimate is not reliable.
 */
final class ImpactSection extends ReviewPart {
  /** The first financial year of the COVID-19 restrictions (April 2020 to March 2021). */
  static final int COVID_YEAR = 2020;

  ImpactSection(Review review) {
    super(review);
  }

  /**
   * Whether any area of the partnership's level outside it has a rate for one of its measures:
   * without one no estimate of its effect can be made (only its own data were loaded).
   */
  private boolean comparable() {
    String level = new Comparing(review).level();
    return r.panel().stream()
        .anyMatch(
            p ->
                p.areaLevel().equals(level)
                    && !r.areas().contains(p.areaCode())
                    && p.rate().isPresent());
  }

  List<Block> impact() {
    List<Block> out = new ArrayList<>();
    if (r.evaluation().isEmpty()) {
      out.add(
          Block.para(
              comparable()
                  ? t.get("impact.none")
                  : t.format("impact.nocomparison", r.partnershipName())));
      return out;
    }
    List<EvaluationResult> own = r.evaluation().stream().filter(EvaluationResult::own).toList();
    List<EvaluationResult> pooled = r.evaluation().stream().filter(e -> !e.own()).toList();
    if (!own.isEmpty()) {
      String design = own.get(0).design();
      out.add(
          Block.heading("impact-own-heading", t.format("impact.own.heading", r.partnershipName())));
      out.add(
          Block.para(
              t.format(
                  "impact.own.intro",
                  r.partnershipName(),
                  t.get("design." + (design.equals("its") ? "its" : "sdid") + ".name"),
                  t.get("design." + design + ".why"))));
      // the chosen design's own estimator heads; synthetic control and uniform-weights DiD are
      // in the table beside it
      String main = design.equals("its") ? "its" : "sdid";
      for (EvaluationResult e : own) {
        if (e.estimate().estimator().equals(main)) {
          out.addAll(headline(e));
        }
      }
      out.add(Block.para(assumptions(own, main)));
      out.add(Block.ofTable(table(own, "impact-own", t.get("impact.own.caption"))));
    }
    if (!pooled.isEmpty()) {
      EvaluationResult any = pooled.get(0);
      DidEstimate d0 = any.estimate();
      out.add(
          Block.heading(
              "impact-pooled-heading", t.format("impact.pooled.heading", d0.treatedUnits())));
      out.add(
          Block.para(
              t.format(
                  "impact.pooled.scope",
                  d0.treatedUnits(),
                  d0.units() - d0.treatedUnits(),
                  r.partnershipName(),
                  new FinancialYear(any.firstYear()).shortLabel(),
                  new FinancialYear(any.lastYear()).shortLabel())));
      for (EvaluationResult e : pooled) {
        if (e.estimate().estimator().equals("cs")) {
          out.addAll(headline(e));
        }
      }
      out.add(Block.para(assumptions(pooled, "cs")));
      out.add(Block.ofTable(table(pooled, "impact-estimates", t.get("impact.caption"))));
    }
    for (Map.Entry<String, EventStudyView> es : r.eventStudies().entrySet()) {
      out.add(Block.heading("event-" + es.getKey(), t.format("event.heading", title(es.getKey()))));
      out.add(Block.ofFigure(eventStudy(es.getKey(), es.getValue())));
      out.add(Block.para(pretest(es.getValue())));
    }
    out.add(Block.para(t.get("impact.caveat")));
    out.add(Block.para(t.get("impact.notshown")));
    return out;
  }

  /**
   * One measure's headline: "not reliable" first when the pre-trend test rejects, then the effect
   * with its interval and p-value, the relative effect, the events prevented with their interval,
   * and any other warning right after.
   */
  private List<Block> headline(EvaluationResult e) {
    List<Block> out = new ArrayList<>();
    DidEstimate d = e.estimate();
    EventStudyView v = e.own() ? null : r.eventStudies().get(e.measure());
    boolean rejected = v != null && v.pretestP() < 0.05;
    StringBuilder s = new StringBuilder();
    if (rejected) {
      s.append(t.format("impact.unreliable", num.pStatement(v.pretestP()))).append(' ');
    }
    s.append(
        t.format(
            "impact.effect",
            title(e.measure()),
            t.get("estimator." + d.estimator()),
            signed(d.estimate()),
            t.get("unit." + e.multiplier()),
            signed(d.ciLower()),
            signed(d.ciUpper()),
            num.pStatement(d.pValue())));
    double[] rel = e.relativeFall();
    if (!Double.isNaN(rel[0])) {
      s.append(' ')
          .append(
              t.format(
                  "impact.relative",
                  num.percent(Math.abs(rel[0])),
                  t.get(rel[0] >= 0 ? "change.word.lower" : "change.word.higher"),
                  num.signedPercent(-rel[2]),
                  num.signedPercent(-rel[1])));
    }
    s.append(' ').append(t.format("impact.events", events(e.eventsPrevented())));
    if (!Double.isNaN(e.preventedLower())) {
      s.append(' ')
          .append(
              t.format("impact.events.ci", events(e.preventedLower()), events(e.preventedUpper())));
    }
    s.append(' ')
        .append(
            t.get(
                d.ciUpper() < 0 || d.ciLower() > 0
                    ? "impact.evidence.strong"
                    : "impact.evidence.weak"));
    out.add(Block.para(s.toString()));
    for (String w : e.warnings()) {
      if (!(rejected && w.startsWith("the pre-trend test"))) {
        out.add(Block.para(t.get("impact.warning") + ": " + warning(w)));
      }
    }
    return out;
  }

  /**
   * What the design assumes, beside its headlines: parallel trends (with the pre-trend results) or
   * a good synthetic fit, no spill-over, how the programme areas were chosen, the COVID-19 year and
   * any series break inside the years compared.
   */
  private String assumptions(List<EvaluationResult> results, String design) {
    List<String> parts = new ArrayList<>();
    if (design.equals("cs")) {
      List<String> tests = new ArrayList<>();
      for (EvaluationResult e : results) {
        EventStudyView v = r.eventStudies().get(e.measure());
        if (e.estimate().estimator().equals("cs") && v != null && !Double.isNaN(v.pretestP())) {
          tests.add(
              t.format(
                  "assume.pretest.one",
                  t.lower(title(e.measure())),
                  num.pStatement(v.pretestP()),
                  t.get(v.pretestP() < 0.05 ? "assume.pretest.fail" : "assume.pretest.pass")));
        }
      }
      parts.add(
          t.format(
              "assume.parallel",
              tests.isEmpty() ? t.get("assume.pretest.none") : String.join("; ", tests)));
      parts.add(t.get("assume.selection"));
    } else if (design.equals("its")) {
      parts.add(t.get("assume.its"));
    } else {
      parts.add(t.get("assume.synthetic"));
    }
    parts.add(t.get("assume.spillover"));
    int first = results.stream().mapToInt(EvaluationResult::firstYear).min().orElse(0);
    int last = results.stream().mapToInt(EvaluationResult::lastYear).max().orElse(0);
    if (first <= COVID_YEAR && COVID_YEAR <= last) {
      parts.add(t.format("assume.covid", new FinancialYear(COVID_YEAR).shortLabel()));
    }
    for (EvaluationResult e : results) {
      MeasureCatalogue.Measure def = r.measures().get(e.measure());
      if (def == null) {
        continue;
      }
      for (MeasureCatalogue.SeriesBreak b : def.seriesBreaks()) {
        if (b.from() <= last && b.to() >= first) {
          String text =
              t.format(
                  "assume.break",
                  title(e.measure()),
                  new FinancialYear(b.from()).shortLabel(),
                  b.reason());
          if (!parts.contains(text)) {
            parts.add(text);
          }
        }
      }
    }
    return t.get("assume.intro") + " " + String.join(" ", parts);
  }

  /** Every estimate of a design: effect, interval, p-value, relative effect, events prevented. */
  private DataTable table(List<EvaluationResult> results, String id, String caption) {
    DataTable.Builder tab =
        new DataTable.Builder(id, caption)
            .rowHeader()
            .column(t.get("col.measure"), false)
            .column(t.get("col.estimate"), true)
            .column(t.get("col.ci"), false)
            .column(t.get("col.pvalue"), true)
            .column(t.get("col.relative"), false)
            .column(t.get("col.prevented"), false);
    for (EvaluationResult e : results) {
      DidEstimate d = e.estimate();
      double[] rel = e.relativeFall();
      tab.row(
          List.of(
              title(e.measure()) + " (" + t.get("estimator." + d.estimator()) + ")",
              signed(d.estimate()) + " " + t.get("unit." + e.multiplier()),
              signed(d.ciLower()) + " " + t.get("ci.to") + " " + signed(d.ciUpper()),
              num.pValue(d.pValue()),
              Double.isNaN(rel[0])
                  ? "–"
                  : num.signedPercent(-rel[0])
                      + " ("
                      + num.signedPercent(-rel[2])
                      + " "
                      + t.get("ci.to")
                      + " "
                      + num.signedPercent(-rel[1])
                      + ")",
              events(e.eventsPrevented())
                  + (Double.isNaN(e.preventedLower())
                      ? ""
                      : " ("
                          + events(e.preventedLower())
                          + " "
                          + t.get("ci.to")
                          + " "
                          + events(e.preventedUpper())
                          + ")")));
    }
    return tab.build();
  }

  /** "1,200 prevented" or "300 added". */
  private String events(double prevented) {
    return t.format(
        prevented >= 0 ? "events.prevented" : "events.added",
        num.count(Math.round(Math.abs(prevented))));
  }

  /** A signed number with a true minus sign and two decimals. */
  private String signed(double v) {
    return num.decimals(v, 2);
  }

  private String pretest(EventStudyView v) {
    return Double.isNaN(v.pretestP())
        ? t.get("event.pretest.none")
        : t.format(
            "event.pretest",
            num.decimals(v.pretestStatistic(), 2),
            v.pretestDf(),
            num.pStatement(v.pretestP()),
            t.get(v.pretestP() < 0.05 ? "event.pretest.fail" : "event.pretest.pass"));
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

  private static final java.util.regex.Pattern PERMUTATION =
      java.util.regex.Pattern.compile(
          "the permutation test does not confirm it: (\\d+) of (\\d+) areas change as much.*");
  private static final java.util.regex.Pattern AUTOCORRELATION =
      java.util.regex.Pattern.compile(
          "autocorrelation is left in the residuals \\(Durbin-Watson ([0-9.]+)\\)\\.");

  /**
   * An evaluation warning (stored in English with the estimate) in the review's language; one this
   * version does not know is shown as stored.
   */
  String warning(String w) {
    java.util.regex.Matcher m = PERMUTATION.matcher(w);
    if (m.matches()) {
      return t.format(
          "impact.warn.permutation",
          num.count(Long.parseLong(m.group(1))),
          num.count(Long.parseLong(m.group(2))));
    }
    m = AUTOCORRELATION.matcher(w);
    if (m.matches()) {
      return t.format(
          "impact.warn.autocorrelation", num.decimals(Double.parseDouble(m.group(1)), 2));
    }
    return w;
  }
}
