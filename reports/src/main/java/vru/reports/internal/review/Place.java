package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import vru.core.api.FinancialYear;
import vru.core.api.Measures;
import vru.core.geo.Geography;
import vru.metrics.api.PanelRow;
import vru.reports.internal.Charts;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;
import vru.reports.internal.Shown;
import vru.reports.internal.SmallMultiples;

/**
 * Place within the partnership: each member local authority's count, rate, interval and change
 * since last year for each national measure, and a small-multiples chart of their yearly rates from
 * the baseline. Counts follow the measure's disclosure rule like every other table.
 */
final class Place extends ReviewPart {
  Place(Review review) {
    super(review);
  }

  /** The local authorities inside the partnership's member areas, by name. */
  List<String> members() {
    Geography g = Geography.reference();
    return g.links().stream()
        .filter(
            l ->
                r.areas().contains(l.pfa().code())
                    || r.areas().contains(l.csp().code())
                    || r.areas().contains(l.la().code()))
        .map(l -> l.la().code())
        .distinct()
        .sorted(Comparator.comparing(this::name))
        .toList();
  }

  List<Block> place() {
    List<String> las = members();
    int year = r.year().startYear();
    boolean any =
        r.panel().stream().anyMatch(p -> p.financialYear() == year && las.contains(p.areaCode()));
    if (las.size() < 2 || !any) {
      return List.of(Block.para(t.format("place.none", r.partnershipName())));
    }
    List<Block> out = new ArrayList<>();
    out.add(Block.para(t.format("place.intro", r.partnershipName(), las.size())));
    for (String m : Measures.NATIONAL) {
      if (las.stream().noneMatch(la -> fy(m, la, year, "all").isPresent())) {
        continue;
      }
      out.add(Block.heading("place-" + m, title(m)));
      out.add(Block.ofFigure(chart(m, las)));
      out.add(Block.ofTable(table(m, las)));
    }
    return out;
  }

  private DataTable table(String m, List<String> las) {
    int year = r.year().startYear();
    DataTable.Builder tab =
        new DataTable.Builder(
                "place-" + m + "-table", t.format("place.caption", title(m), r.year().shortLabel()))
            .rowHeader()
            .column(t.get("col.area"), false)
            .column(t.get("col.count"), true)
            .column(t.format("col.rate.unit", unit(m)), true)
            .column(t.get("col.ci"), false)
            .column(t.format("col.vs.last", r.year().previous().shortLabel()), false);
    for (String la : las) {
      Optional<PanelRow> now = fy(m, la, year, "all");
      if (now.isEmpty()) {
        tab.row(List.of(name(la), t.get("place.no.data"), "–", "–", "–"));
        continue;
      }
      Shown s = Shown.one(now.get(), rule(m));
      s.published().ifPresent(tab::count);
      tab.row(List.of(name(la), s.count(num), s.rate(num), s.ci(num), changeOf(m, la)));
    }
    return tab.build();
  }

  /** An area's change since last year, with its interval, in words. */
  private String changeOf(String m, String area) {
    Optional<vru.metrics.stats.RateRatio> rr = ratio(m, area, "all", r.year(), r.year().previous());
    if (rr.isEmpty()) {
      return "–";
    }
    var x = rr.get();
    if (tooFew(x)) {
      return t.get("place.too.few");
    }
    return num.signedPercent(x.ratio() - 1)
        + " ("
        + num.signedPercent(x.ci95().lower() - 1)
        + " "
        + t.get("ci.to")
        + " "
        + num.signedPercent(x.ci95().upper() - 1)
        + ")";
  }

  private Figure chart(String m, List<String> las) {
    List<SmallMultiples.Panel> panels = new ArrayList<>();
    DataTable.Builder data =
        new DataTable.Builder("place-" + m + "-data", t.format("place.series", title(m)))
            .rowHeader()
            .column(t.get("col.area"), false)
            .column(t.get("col.year"), false)
            .column(t.get("col.count"), true)
            .column(t.format("col.rate.unit", unit(m)), true)
            .column(t.get("col.ci"), false);
    for (String la : las) {
      List<double[]> points = new ArrayList<>();
      for (int y = r.baseline().startYear(); y <= r.year().startYear(); y++) {
        Optional<PanelRow> row = fy(m, la, y, "all");
        if (row.isEmpty()) {
          continue;
        }
        Shown s = Shown.one(row.get(), rule(m));
        s.published().ifPresent(data::count);
        data.row(
            List.of(
                name(la), new FinancialYear(y).shortLabel(), s.count(num), s.rate(num), s.ci(num)));
        int year = y;
        s.rate()
            .ifPresent(
                rate ->
                    points.add(
                        new double[] {
                          year, rate.value(), rate.ci95().lower(), rate.ci95().upper()
                        }));
      }
      panels.add(new SmallMultiples.Panel(name(la), points));
    }
    Charts.Drawn d =
        SmallMultiples.draw(
            t.format("axis.rate", unit(m)),
            panels,
            r.baseline().startYear(),
            r.year().startYear(),
            t.get("place.withheld"));
    return new Figure(
        "place-" + m,
        d.svg(),
        d::png,
        t.format(
            "place.alt",
            t.lower(title(m)),
            las.size(),
            r.partnershipName(),
            r.baseline().shortLabel(),
            r.year().shortLabel()),
        t.format("place.figure", title(m), r.baseline().shortLabel(), r.year().shortLabel()),
        data.build());
  }
}
