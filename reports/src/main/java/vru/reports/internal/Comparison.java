package vru.reports.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vru.metrics.api.PanelRow;
import vru.metrics.api.disclosure.Disclosure;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Funnel;
import vru.reports.internal.Doc.Figure;

/**
 * Areas side by side for one measure and period: a funnel plot against England and Wales with 95%
 * and 99.8% limits, a ranked chart with 95% intervals, and the table behind both with counts
 * (disclosure-controlled together with the national total), rates, intervals, the funnel label and,
 * where known, the recent trend and whether the area runs a VRU.
 */
public final class Comparison {
  private final Text t;
  private final Numbers num;
  private final String unit;
  private final String title;
  private final String id;
  private final String period;
  private final List<Shown> areas;
  private final CrudeRate national;
  private final List<String> highlighted;
  private final List<String> treated;
  private final java.util.Map<String, String> trends;
  private final java.util.Map<String, String> labels = new java.util.HashMap<>();

  private Comparison(
      Text t,
      Numbers num,
      String unit,
      String title,
      String id,
      String period,
      List<Shown> areas,
      CrudeRate national,
      List<String> highlighted,
      List<String> treated,
      java.util.Map<String, String> trends) {
    this.t = t;
    this.num = num;
    this.unit = unit;
    this.title = title;
    this.id = id;
    this.period = period;
    this.areas = areas;
    this.national = national;
    this.highlighted = highlighted;
    this.treated = treated;
    this.trends = trends;
    for (Shown s : areas) {
      labels.put(s.row().areaCode(), funnelKey(s, national));
    }
  }

  public static Comparison of(
      Text t,
      Numbers num,
      String measure,
      String unit,
      String title,
      Disclosure.Rule rule,
      List<PanelRow> areas,
      PanelRow national,
      List<String> highlighted,
      List<String> treated,
      String period,
      String id,
      java.util.Map<String, String> trends) {
    List<PanelRow> all = new ArrayList<>(areas);
    all.add(national);
    List<Shown> shown = Shown.of(all, rule, "compare|" + measure + "|" + period);
    List<Shown> sorted =
        shown.subList(0, areas.size()).stream()
            .sorted(
                Comparator.comparingDouble(
                        (Shown s) -> s.rate().map(CrudeRate::value).orElse(Double.MAX_VALUE))
                    .thenComparing(s -> s.row().areaName()))
            .toList();
    List<Shown> withTotal = new ArrayList<>(sorted);
    withTotal.add(shown.get(areas.size()));
    return new Comparison(
        t,
        num,
        unit,
        title,
        id,
        period,
        withTotal,
        national.rate().orElseThrow(),
        highlighted,
        treated,
        trends);
  }

  private List<Shown> areas() {
    return areas.subList(0, areas.size() - 1);
  }

  /** The funnel label of an area as a bundle key ({@code funnel.higher}…), computed once. */
  private static String funnelKey(Shown s, CrudeRate national) {
    return s.rate().isEmpty() ? "" : "funnel." + versus(s.rate().get(), national.value());
  }

  /**
   * The report's one rule for comparing a rate with another area's (England and Wales, or the
   * similar areas pooled): {@code higher} or {@code lower} when the count lies outside the 95%
   * limits of the exact Poisson funnel around the other rate at this population, else {@code
   * similar}. Every section uses it, so no figure is "similar" in one place and "higher" in
   * another.
   */
  public static String versus(CrudeRate mine, double otherRate) {
    String f = Funnel.label(mine.count(), otherRate / mine.multiplier() * mine.denominator());
    return switch (f) {
      case Funnel.HIGH_0001, Funnel.HIGH_0025 -> "higher";
      case Funnel.LOW_0001, Funnel.LOW_0025 -> "lower";
      default -> "similar";
    };
  }

  private String label(Shown s) {
    String key = labels.get(s.row().areaCode());
    return key.isEmpty() ? "–" : t.get(key);
  }

  private boolean is(Shown s, String key) {
    return labels.get(s.row().areaCode()).equals(key);
  }

  /** One sentence: how many areas lie above, within and below the 95% limits. */
  public String summary() {
    long higher = areas().stream().filter(s -> is(s, "funnel.higher")).count();
    long lower = areas().stream().filter(s -> is(s, "funnel.lower")).count();
    long shownRates = areas().stream().filter(s -> s.rate().isPresent()).count();
    String mine =
        areas().stream()
            .filter(s -> highlighted.contains(s.row().areaCode()))
            .map(s -> s.row().areaName() + ": " + t.lower(label(s)))
            .reduce((a, b) -> a + "; " + b)
            .orElse("–");
    return t.format(
        "comparing.summary",
        period,
        shownRates,
        num.rate(national.value()),
        unit,
        higher,
        lower,
        mine,
        t.get("level." + areas().get(0).row().areaLevel()));
  }

  public DataTable table(String tableId) {
    DataTable.Builder tab =
        new DataTable.Builder(tableId, t.format("comparing.table", title, period))
            .rowHeader()
            .column(t.get("col.area"), false)
            .column(t.get("col.count"), true)
            .column(t.format("col.rate.unit", unit), true)
            .column(t.get("col.ci"), false)
            .column(t.get("col.vs.national"), false);
    boolean withTrend = !trends.isEmpty();
    boolean withGroup = !treated.isEmpty();
    if (withTrend) {
      tab.column(t.get("col.trend"), false);
    }
    if (withGroup) {
      tab.column(t.get("col.group"), false);
    }
    for (Shown s : areas) {
      s.published().ifPresent(tab::count);
      boolean total = s.row().areaLevel().equals("country");
      String name =
          (total ? t.get("england.wales") : s.row().areaName())
              + (highlighted.contains(s.row().areaCode()) ? " " + t.get("marker.this") : "");
      List<String> row = new ArrayList<>();
      row.add(name);
      row.add(s.count(num));
      row.add(s.rate(num));
      row.add(s.ci(num));
      row.add(total ? "–" : label(s));
      if (withTrend) {
        row.add(trends.getOrDefault(s.row().areaCode(), "–"));
      }
      if (withGroup) {
        row.add(
            total
                ? "–"
                : t.get(treated.contains(s.row().areaCode()) ? "group.vru" : "group.comparison"));
      }
      tab.row(row);
    }
    return tab.build();
  }

  public Figure funnel() {
    List<Charts.FunnelPoint> points = new ArrayList<>();
    for (Shown s : areas()) {
      s.rate()
          .ifPresent(
              r ->
                  points.add(
                      new Charts.FunnelPoint(
                          s.row().areaName(),
                          r.denominator(),
                          r.value(),
                          highlighted.contains(s.row().areaCode())
                              || treated.contains(s.row().areaCode()))));
    }
    String[] names = {
      other(),
      t.get(treated.isEmpty() ? "legend.this" : "group.vru"),
      t.get("legend.limit95"),
      t.get("legend.limit998"),
      t.format("legend.national", num.rate(national.value())),
      t.get("chart.offscale.points")
    };
    Charts.Drawn d =
        Charts.funnel(
            t.get("axis.population"),
            t.format("axis.rate", unit),
            points,
            national.value(),
            national.multiplier(),
            names);
    return new Figure(
        id + "-funnel",
        d.svg(),
        d::png,
        t.format("funnel.alt", t.lower(title), period, points.size(), names[1]) + " " + summary(),
        t.format("funnel.caption", title, period),
        table(id + "-data"));
  }

  /**
   * The legend of the other areas, named by their level ("Other community safety partnerships").
   */
  private String other() {
    return treated.isEmpty()
        ? t.format("legend.other", t.get("level." + areas().get(0).row().areaLevel()))
        : t.get("group.comparison");
  }

  public Figure ranked() {
    List<Charts.Ranked> bars = new ArrayList<>();
    for (Shown s : areas()) {
      s.rate()
          .ifPresent(
              r ->
                  bars.add(
                      new Charts.Ranked(
                          s.row().areaName(),
                          r.value(),
                          r.ci95().lower(),
                          r.ci95().upper(),
                          highlighted.contains(s.row().areaCode())
                              || treated.contains(s.row().areaCode()))));
    }
    String[] names = {
      other(),
      t.get(treated.isEmpty() ? "legend.this" : "group.vru"),
      t.format("legend.national", num.rate(national.value())),
      t.get("chart.offscale.intervals")
    };
    Charts.Drawn d =
        Charts.ranked(
            t.get("axis.rank"), t.format("axis.rate", unit), bars, national.value(), names);
    String lowest = bars.isEmpty() ? "–" : bars.get(0).name();
    String highest = bars.isEmpty() ? "–" : bars.get(bars.size() - 1).name();
    return new Figure(
        id + "-ranked",
        d.svg(),
        d::png,
        t.format("ranked.alt", t.lower(title), period, bars.size(), lowest, highest, names[1]),
        t.format("ranked.caption", title, period),
        table(id + "-data"));
  }
}
