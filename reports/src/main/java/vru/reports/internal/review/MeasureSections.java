package vru.reports.internal.review;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import vru.core.api.Measures;
import vru.core.config.MeasureCatalogue;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.CrudeRate;
import vru.reports.internal.Charts;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Doc.Figure;
import vru.reports.internal.Shown;

/** One section per success measure: the rate, its comparisons, its change and its trend. */
final class MeasureSections extends ReviewPart {
  MeasureSections(Review review) {
    super(review);
  }

  private static final List<String> AGES = List.of("all", "0-24");

  List<Block> measures() {
    List<Block> out = new ArrayList<>();
    // a Fingertips indicator published for pooled or calendar years only has no financial years
    List<String> local =
        java.util.stream.Stream.concat(r.panel().stream(), r.rolling().stream())
            .filter(p -> p.areaCode().equals(r.partnershipId()))
            .map(PanelRow::measure)
            .filter(m -> !Measures.NATIONAL.contains(m) && r.measures().containsKey(m))
            .distinct()
            .sorted()
            .toList();
    List<String> all = new ArrayList<>(Measures.NATIONAL);
    all.addAll(local);
    for (String m : all) {
      if (m.equals(local.isEmpty() ? null : local.get(0))) {
        out.add(Block.heading("measures-local", t.get("measures.local")));
        out.add(Block.para(t.format("measures.local.intro", r.partnershipName())));
      }
      Optional<PanelRow> now = fy(m, r.partnershipId(), r.year().startYear(), "all");
      if (fingertips(m) && now.flatMap(PanelRow::rate).isEmpty()) {
        // an indicator Fingertips has not published for the year reviewed: its latest value
        out.add(Block.heading("measure-" + m, title(m)));
        out.addAll(new FingertipsLatest(review).blocks(m, title(m), unit(m)));
        continue;
      }
      if (now.isEmpty()) {
        out.add(Block.heading("measure-" + m, title(m)));
        boolean measured =
            r.panel().stream()
                .anyMatch(p -> p.measure().equals(m) && p.areaCode().equals(r.partnershipId()));
        out.add(
            Block.para(
                measured
                    ? t.format("measure.missing", title(m), r.year().shortLabel())
                    : t.format("measure.notmeasured", title(m), r.partnershipName())));
        continue;
      }
      out.add(Block.heading("measure-" + m, title(m)));
      out.add(
          Block.para(
              t.has("measure.definition." + m)
                  ? t.get("measure.definition." + m)
                  : t.format(
                      "measure.definition.local",
                      java.nio.file.Path.of(r.measures().get(m).source())
                          .getFileName()
                          .toString())));
      if (fingertips(m)) {
        out.add(Block.para(new FingertipsLatest(review).how(now.flatMap(PanelRow::rate))));
      }
      boolean noAges =
          r.measures().containsKey(m)
              && r.measures().get(m).ageColumn().equals(MeasureCatalogue.NO_AGE);
      for (String age : AGES) {
        if (age.equals("0-24") && noAges) {
          // a source without ages has no under-25 value: one sentence, no empty chart
          out.add(Block.para(t.format("measure.noages", t.lower(title(m)))));
          continue;
        }
        fy(m, r.partnershipId(), r.year().startYear(), age)
            .ifPresent(row -> out.addAll(measureAge(m, age, row)));
      }
    }
    return out;
  }

  /** Whether a measure takes a Fingertips indicator's values. */
  private boolean fingertips(String m) {
    return r.measures().containsKey(m)
        && r.measures().get(m).table().equals(vru.core.warehouse.Warehouse.FINGERTIPS);
  }

  private List<Block> measureAge(String m, String age, PanelRow now) {
    List<Block> out = new ArrayList<>();
    Shown mine = Shown.one(now, rule(m));
    String ages = t.get("age." + age);
    Optional<CrudeRate> national =
        fy(m, ENGLAND_AND_WALES, r.year().startYear(), age).flatMap(PanelRow::rate);
    Optional<CrudeRate> similar = pooled(m, age, Period.fy(r.year().startYear()));
    if (mine.rate().isPresent()) {
      CrudeRate rate = mine.rate().get();
      out.add(
          Block.para(
              t.format(
                  "measure.sentence",
                  r.year().shortLabel(),
                  mine.count(num),
                  t.lower(title(m)),
                  ages,
                  r.partnershipName(),
                  num.rate(rate.value()),
                  unit(m),
                  num.rate(rate.ci95().lower()),
                  num.rate(rate.ci95().upper()))));
      national.ifPresent(n -> out.add(Block.para(versus(rate, n, m, t.get("england.wales")))));
      similar.ifPresent(
          s -> out.add(Block.para(versus(rate, s, m, t.get(similarKey("similar.areas"))))));
    } else if (now.count().isEmpty() || now.rate().isEmpty()) {
      // no value at all (a month not covered, a suppressed cell, no population): say why, in
      // the review's language where the reason is one of the common ones
      String reason = now.missingReason().orElse("–");
      Optional<String> worded = MissingReasons.word(t, reason);
      out.add(
          Block.para(
              t.format(
                  worded.isPresent() ? "measure.novalue.worded" : "measure.novalue",
                  title(m),
                  ages,
                  r.partnershipName(),
                  r.year().shortLabel(),
                  worded.orElse(reason))));
    } else {
      out.add(
          Block.para(
              t.format(
                  "measure.suppressed",
                  r.year().shortLabel(),
                  t.lower(title(m)),
                  ages,
                  r.partnershipName())));
    }
    out.add(
        Block.para(
            t.format(
                // the baseline year reviewed itself: no change against it to give
                r.baseline().equals(r.year()) ? "measure.change.previous" : "measure.change",
                change(m, age, r.year().previous()),
                r.year().previous().shortLabel(),
                change(m, age, r.baseline()),
                r.baseline().shortLabel())));
    YearMonth end = YearMonth.of(r.year().startYear() + 1, 3);
    boolean anyRate =
        r.rolling().stream()
            .anyMatch(
                p ->
                    p.measure().equals(m)
                        && p.ageBand().equals(age)
                        && p.areaCode().equals(r.partnershipId())
                        && p.period().type() == Period.Type.R12
                        && !p.period().last().isAfter(end)
                        && p.rate().isPresent());
    if (anyRate) {
      // no chart of a measure with no rolling-year rate up to the year reviewed (a published
      // table of a later year only): an empty axis tells a reader nothing
      out.add(Block.ofFigure(trend(m, age)));
    }
    for (MeasureCatalogue.SeriesBreak b : breaks(m)) {
      out.add(Block.para(t.format("break.note", breakLabel(b), b.reason())));
    }
    return out;
  }

  /** "higher than England and Wales (x per 100,000)", by the report's one comparison rule. */
  private String versus(CrudeRate mine, CrudeRate other, String m, String whom) {
    return t.format(
        "measure.versus",
        whom,
        num.rate(other.value()),
        unit(m),
        t.get("versus." + vru.reports.internal.Comparison.versus(mine, other.value())));
  }

  /** The rolling 12-month trend, at each quarter end up to the end of the year reviewed. */
  private Figure trend(String m, String age) {
    YearMonth end = YearMonth.of(r.year().startYear() + 1, 3);
    List<Charts.TimeSeries> series = new ArrayList<>();
    List<List<Shown>> shown = new ArrayList<>();
    List<String> names = new ArrayList<>();
    addSeries(series, shown, names, m, age, r.partnershipId(), r.partnershipName(), end);
    addSeries(series, shown, names, m, age, ENGLAND_AND_WALES, t.get("england.wales"), end);
    if (!r.similarAreas().isEmpty()) {
      List<PanelRow> pooled = new ArrayList<>();
      for (YearMonth q : quarterEnds(m, age, end)) {
        pooledRow(m, age, Period.rolling12(q), t.get(similarKey("similar.areas")))
            .ifPresent(pooled::add);
      }
      addSeries(series, shown, names, pooled, t.get(similarKey("similar.areas")), m);
    }
    List<Charts.Break> breaks = new ArrayList<>();
    List<String> breakText = new ArrayList<>();
    MeasureCatalogue.Measure def = r.measures().get(m);
    if (def != null) {
      for (MeasureCatalogue.SeriesBreak b : def.seriesBreaks()) {
        if (b.area().equals("all")
            || b.area().equals(r.partnershipId())
            || r.areas().contains(b.area())) {
          String label = breakLabel(b);
          breaks.add(
              new Charts.Break(
                  YearMonth.of(b.from(), 4), YearMonth.of(b.to() + 1, 3), t.get("break.chart")));
          breakText.add(label + ": " + b.reason());
        }
      }
    }
    String id = "trend-" + m + "-" + (age.equals("all") ? "all" : "u25");
    Charts.Drawn d =
        Charts.trend(
            t.get("axis.rolling"),
            t.format("axis.rate", unit(m)),
            series,
            breaks,
            t.language().locale());
    DataTable.Builder tab =
        new DataTable.Builder(
                id + "-data", t.format("trend.table", t.lower(title(m)), t.get("age." + age)))
            .rowHeader()
            .column(t.get("col.period"), false)
            .column(t.get("col.area"), false)
            .column(t.get("col.count"), true)
            .column(t.format("col.rate.unit", unit(m)), true)
            .column(t.get("col.ci"), false);
    for (int i = 0; i < shown.size(); i++) {
      for (Shown s : shown.get(i)) {
        s.published().ifPresent(tab::count);
        tab.row(
            List.of(
                periodName(s.row().period()), names.get(i), s.count(num), s.rate(num), s.ci(num)));
      }
    }
    String first = shown.get(0).isEmpty() ? "–" : periodName(shown.get(0).get(0).row().period());
    String alt =
        t.format(
                "trend.alt",
                t.lower(title(m)),
                t.get("age." + age),
                unit(m),
                first,
                periodName(Period.rolling12(end)),
                styles(names))
            + (breakText.isEmpty()
                ? ""
                : " " + t.format("trend.alt.breaks", String.join("; ", breakText)));
    return new Figure(
        id,
        d.svg(),
        d::png,
        alt,
        t.format("trend.caption", title(m), t.get("age." + age)),
        tab.build());
  }

  /** Each series named with the line it is drawn as, for as many series as the chart has. */
  private String styles(List<String> names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(t.format("trend.style." + (i % 3), names.get(i)));
    }
    return String.join("; ", out);
  }

  private void addSeries(
      List<Charts.TimeSeries> series,
      List<List<Shown>> shown,
      List<String> names,
      String m,
      String age,
      String area,
      String name,
      YearMonth end) {
    List<PanelRow> rows =
        r.rolling().stream()
            .filter(
                p ->
                    p.measure().equals(m)
                        && p.ageBand().equals(age)
                        && p.areaCode().equals(area)
                        && p.period().type() == Period.Type.R12
                        && p.period().last().getMonthValue() % 3 == 0
                        && !p.period().last().isAfter(end))
            .sorted(Comparator.comparing(p -> p.period().last()))
            .toList();
    addSeries(series, shown, names, rows, name, m);
  }

  private void addSeries(
      List<Charts.TimeSeries> series,
      List<List<Shown>> shown,
      List<String> names,
      List<PanelRow> rows,
      String name,
      String m) {
    List<Shown> s = Shown.of(rows, rule(m), "trend|" + m + "|" + name);
    List<Charts.TimePoint> points = new ArrayList<>();
    for (Shown x : s) {
      x.rate()
          .ifPresent(
              rate ->
                  points.add(
                      new Charts.TimePoint(
                          x.row().period().last(),
                          rate.value(),
                          rate.ci95().lower(),
                          rate.ci95().upper())));
    }
    if (points.isEmpty() && !series.isEmpty()) {
      // a comparator with no value in any period (its data were not loaded): no empty line, no
      // rows of dashes
      return;
    }
    series.add(new Charts.TimeSeries(name, points));
    shown.add(s);
    names.add(name);
  }

  private List<YearMonth> quarterEnds(String m, String age, YearMonth end) {
    return r.rolling().stream()
        .filter(
            p ->
                p.measure().equals(m)
                    && p.ageBand().equals(age)
                    && p.areaCode().equals(ENGLAND_AND_WALES)
                    && p.period().type() == Period.Type.R12
                    && p.period().last().getMonthValue() % 3 == 0
                    && !p.period().last().isAfter(end))
        .map(p -> p.period().last())
        .sorted()
        .toList();
  }

  /** The similar areas' pooled rate: their counts over their populations. */
  private Optional<CrudeRate> pooled(String m, String age, Period period) {
    return pooledRow(m, age, period, "").flatMap(PanelRow::rate);
  }

  private Optional<PanelRow> pooledRow(String m, String age, Period period, String name) {
    if (r.similarAreas().isEmpty()) {
      return Optional.empty();
    }
    List<PanelRow> source = period.type() == Period.Type.FY ? r.panel() : r.rolling();
    long count = 0;
    double population = 0;
    int multiplier = 0;
    for (String area : r.similarAreas()) {
      Optional<PanelRow> row =
          source.stream()
              .filter(
                  p ->
                      p.measure().equals(m)
                          && p.ageBand().equals(age)
                          && p.areaCode().equals(area)
                          && p.period().equals(period))
              .findFirst();
      if (row.isEmpty() || row.get().rate().isEmpty()) {
        return Optional.empty();
      }
      CrudeRate x = row.get().rate().get();
      count += x.count();
      population += x.denominator();
      multiplier = (int) x.multiplier();
    }
    CrudeRate rate = CrudeRate.of(count, population, multiplier);
    return Optional.of(
        new PanelRow(
            m,
            age,
            "similar",
            "similar",
            name,
            period,
            java.util.OptionalLong.of(count),
            Optional.of(rate),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }
}
