package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import vru.core.api.Measures;
import vru.metrics.api.PanelRow;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Shown;

/** The review's key figures and its scope: what, where and when. */
final class Overview extends ReviewPart {
  Overview(Review review) {
    super(review);
  }

  List<Block> keyFigures() {
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

  /** Where and when; {@code defined}: the partnership's own definition is shown above. */
  List<Block> scope(boolean defined) {
    String areas = r.areas().stream().map(this::describe).collect(Collectors.joining(", "));
    String key = defined ? "scope.covers" : "scope.text";
    List<Block> b = new ArrayList<>();
    b.add(
        Block.para(
            r.start().isPresent()
                ? t.format(key, r.partnershipName(), date(r.start().get()), areas)
                : t.format(key + ".no.programme", r.partnershipName(), areas)));
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
}
