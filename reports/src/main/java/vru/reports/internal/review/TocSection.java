package vru.reports.internal.review;

import java.util.List;
import vru.core.api.FinancialYear;
import vru.evaluation.api.toc.TocAssessor;
import vru.evaluation.api.toc.TocModel;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;

/**
 * The theory of change: the diagram and every indicator's status, its reason worded in the review's
 * language from the assessment's numbers (the assessment's own reason is English).
 */
final class TocSection extends ReviewPart {
  TocSection(Review review) {
    super(review);
  }

  List<Block> toc(vru.evaluation.api.TheoryOfChange.Result toc) {
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
              indicatorName(s.id(), s.describes()),
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
                  + reason(s)));
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

  /** Why an indicator has its status, in the review's language. */
  String reason(TocAssessor.IndicatorStatus s) {
    String target = value(s.target());
    String by = new FinancialYear(s.targetBy()).shortLabel();
    if (s.status() == TocAssessor.Status.INSUFFICIENT_DATA) {
      String fy = new FinancialYear(s.baselineYear()).shortLabel();
      return s.latestYear() == 0
          ? t.get("toc.reason.no.data")
          : Double.isNaN(s.baselineValue())
              ? t.format("toc.reason.no.baseline", fy)
              : t.format("toc.reason.no.year.after", fy);
    }
    String fy = new FinancialYear(s.latestYear()).shortLabel();
    boolean hasCi = !Double.isNaN(s.lower()) && !Double.isNaN(s.upper());
    String latest =
        hasCi
            ? t.format(
                "toc.reason.latest.ci", value(s.latest()), fy, value(s.lower()), value(s.upper()))
            : t.format("toc.reason.latest", value(s.latest()), fy);
    boolean decrease = s.direction() == TocModel.Direction.DECREASE;
    return switch (s.status()) {
      case MET -> t.format("toc.reason.met", latest, target, by);
      case NOT_DISTINGUISHABLE -> t.format("toc.reason.indistinct", latest, target, by);
      default -> {
        boolean wrongWay = decrease ? s.difference() > 0 : s.difference() < 0;
        if (s.status() == TocAssessor.Status.OFF_TRACK && s.latestYear() >= s.targetBy()) {
          yield t.format("toc.reason.late", latest, target, by);
        }
        if (s.status() == TocAssessor.Status.OFF_TRACK && wrongWay) {
          boolean ratioKnown = !Double.isNaN(s.ratioLower()) && !Double.isNaN(s.ratioUpper());
          String chance =
              ratioKnown || hasCi
                  ? t.get(
                      (ratioKnown
                              ? s.ratioLower() > 1 || s.ratioUpper() < 1
                              : s.lower() > s.baselineValue() || s.upper() < s.baselineValue())
                          ? "toc.chance.beyond"
                          : "toc.chance.within")
                  : "";
          yield t.format(
              "toc.reason.wrong",
              latest,
              t.get(decrease ? "toc.word.risen" : "toc.word.fallen"),
              value(s.baselineValue()),
              chance,
              target,
              by);
        }
        boolean better = decrease ? s.latest() < s.expected() : s.latest() > s.expected();
        String how =
            s.status() == TocAssessor.Status.ON_TRACK
                ? t.get(better ? "toc.line.better" : "toc.line.within")
                : t.get(hasCi ? "toc.line.worse.ci" : "toc.line.worse");
        yield t.format(
            "toc.reason.line",
            latest,
            value(s.baselineValue()),
            target,
            by,
            value(s.expected()),
            how);
      }
    };
  }
}
