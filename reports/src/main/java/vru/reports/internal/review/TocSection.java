package vru.reports.internal.review;

import java.util.List;
import vru.core.api.FinancialYear;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;

/** The theory of change: the diagram and every indicator's status. */
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
}
