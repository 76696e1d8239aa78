package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vru.core.api.FinancialYear;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore.EventStudyView;
import vru.evaluation.api.did.DidEstimate;
import vru.reports.internal.Charts;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;

/** The impact evaluation: the estimates, events prevented and each event study. */
final class ImpactSection extends ReviewPart {
  ImpactSection(Review review) {
    super(review);
  }

  List<Block> impact() {
    List<Block> out = new ArrayList<>();
    if (r.evaluation().isEmpty()) {
      out.add(Block.para(t.get("impact.none")));
      return out;
    }
    List<EvaluationResult> own = r.evaluation().stream().filter(EvaluationResult::own).toList();
    List<EvaluationResult> pooled = r.evaluation().stream().filter(e -> !e.own()).toList();
    if (!own.isEmpty()) {
      String design = own.get(0).design();
      out.add(
          Block.para(
              t.format(
                  "impact.own.intro",
                  r.partnershipName(),
                  t.get("design." + (design.equals("its") ? "its" : "sdid") + ".name"),
                  t.get("design." + design + ".why"))));
      out.addAll(estimates(own, "impact-own", t.get("impact.own.caption")));
    }
    if (!pooled.isEmpty()) {
      EvaluationResult any = pooled.get(0);
      DidEstimate d0 = any.estimate();
      out.add(
          Block.para(
              t.format(
                  "impact.intro",
                  d0.treatedUnits(),
                  d0.units() - d0.treatedUnits(),
                  new FinancialYear(any.firstYear()).shortLabel(),
                  new FinancialYear(any.lastYear()).shortLabel())));
      if (!own.isEmpty() || d0.treatedUnits() > 1) {
        out.add(
            Block.para(t.format("impact.pooled.intro", d0.treatedUnits(), r.partnershipName())));
      }
      out.addAll(estimates(pooled, "impact-estimates", t.get("impact.caption")));
    }
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

  /** A sentence per estimate, its warnings right after it, and the table of them. */
  private List<Block> estimates(List<EvaluationResult> results, String id, String caption) {
    List<Block> out = new ArrayList<>();
    DataTable.Builder tab =
        new DataTable.Builder(id, caption)
            .rowHeader()
            .column(t.get("col.measure"), false)
            .column(t.get("col.estimate"), true)
            .column(t.get("col.ci"), false)
            .column(t.get("col.pvalue"), true)
            .column(t.get("col.prevented"), true);
    for (EvaluationResult e : results) {
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
      for (String w : warnings(e)) {
        out.add(Block.para(w));
      }
      tab.row(
          List.of(
              title + " (" + t.get("estimator." + d.estimator()) + ")",
              num.decimals(d.estimate(), 2) + " " + unit,
              num.decimals(d.ciLower(), 2) + " – " + num.decimals(d.ciUpper(), 2),
              num.pValue(d.pValue()),
              num.count(Math.round(e.eventsPrevented()))));
    }
    out.add(Block.ofTable(tab.build()));
    return out;
  }

  /**
   * What the reader must see beside an estimate: a failed pre-trend test in the report's words
   * (from the event study), then any other warning the evaluation gave.
   */
  private List<String> warnings(EvaluationResult e) {
    List<String> out = new ArrayList<>();
    EventStudyView v = r.eventStudies().get(e.measure());
    boolean pretest = !e.own() && v != null && v.pretestP() < 0.05;
    if (pretest) {
      out.add(
          t.format(
              "impact.pretest.warning",
              v.pretestP() < 0.001 ? "< 0.001" : "= " + num.decimals(v.pretestP(), 3)));
    }
    for (String w : e.warnings()) {
      if (!(pretest && w.startsWith("the pre-trend test"))) {
        out.add(t.get("impact.warning") + ": " + w);
      }
    }
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
}
