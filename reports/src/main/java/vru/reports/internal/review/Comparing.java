package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.Measures;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;
import vru.reports.internal.Comparison;
import vru.reports.internal.Doc.Block;

/**
 * The partnership among the areas of its members' level (police force areas; the CSPs or local
 * authorities of the country for a partnership of those): funnel plot and ranked rates per measure.
 */
final class Comparing extends ReviewPart {
  Comparing(Review review) {
    super(review);
  }

  List<Block> comparing() {
    List<Block> out = new ArrayList<>();
    String level = level();
    long compared =
        r.panel().stream()
            .filter(
                p ->
                    p.areaLevel().equals(level)
                        && p.financialYear() == r.year().startYear()
                        && p.rate().isPresent())
            .map(PanelRow::areaCode)
            .distinct()
            .count();
    if (compared < 2) {
      // only the partnership's own data were loaded: nothing to compare it with
      out.add(
          Block.para(t.format("comparing.nothing", r.partnershipName(), t.get("level." + level))));
      return out;
    }
    long all =
        r.panel().stream()
            .filter(p -> p.areaLevel().equals(level))
            .map(PanelRow::areaCode)
            .distinct()
            .count();
    out.add(
        Block.para(
            compared == all
                ? t.format(
                    "comparing.intro",
                    r.year().shortLabel(),
                    num.count(compared),
                    t.get("level." + level))
                : t.format(
                    "comparing.intro.some",
                    r.year().shortLabel(),
                    num.count(compared),
                    t.get("level." + level),
                    num.count(all))));
    int shown = 0;
    for (String m : Measures.NATIONAL) {
      Optional<CrudeRate> national =
          fy(m, ENGLAND_AND_WALES, r.year().startYear(), "all").flatMap(PanelRow::rate);
      List<PanelRow> forces =
          r.panel().stream()
              .filter(
                  p ->
                      p.measure().equals(m)
                          && p.ageBand().equals("all")
                          && p.areaLevel().equals(level)
                          && p.financialYear() == r.year().startYear())
              .toList();
      if (national.isEmpty() || forces.isEmpty()) {
        continue;
      }
      shown++;
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
    if (shown == 0) {
      // the funnel and the ranking are against the England and Wales rate of a national measure
      out.add(Block.para(t.format("comparing.nobenchmark", r.partnershipName())));
      return out;
    }
    out.add(Block.para(t.get("comparing.rule")));
    return out;
  }

  /** The level of the partnership's members when they share one, else police force areas. */
  String level() {
    List<String> levels =
        r.areas().stream()
            .map(
                a -> {
                  var g = vru.core.geo.Geography.reference();
                  return g.pfas().containsKey(a) ? "pfa" : g.csps().containsKey(a) ? "csp" : "la";
                })
            .distinct()
            .toList();
    return levels.size() == 1 ? levels.get(0) : "pfa";
  }
}
