package vru.reports.internal.review;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import vru.core.api.FinancialYear;
import vru.core.config.MeasureCatalogue;
import vru.core.geo.Geography;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.api.disclosure.Disclosure;
import vru.metrics.stats.RateRatio;
import vru.reports.api.ReportRequest;
import vru.reports.internal.Numbers;
import vru.reports.internal.Text;

/**
 * A part of the annual review: the request, the language's words and number formats, and the
 * wording every section shares (changes with their intervals, names, dates, units).
 */
abstract class ReviewPart {
  static final String ENGLAND_AND_WALES = "K04000001";

  final Review review;
  final ReportRequest r;
  final Text t;
  final Numbers num;

  ReviewPart(Review review) {
    this.review = review;
    this.r = review.request();
    this.t = review.text();
    this.num = review.numbers();
  }

  final String change(String m, String age, FinancialYear then) {
    Optional<RateRatio> rr = ratio(m, r.partnershipId(), age, r.year(), then);
    if (rr.isEmpty()) {
      return t.get("change.none");
    }
    RateRatio x = rr.get();
    if (tooFew(x)) {
      return t.get("change.too.few");
    }
    boolean significant = x.ci95().lower() > 1 || x.ci95().upper() < 1;
    String text =
        t.format(
            "change.text",
            num.percent(x.ratio() - 1),
            t.get(x.ratio() < 1 ? "change.word.lower" : "change.word.higher"),
            num.signedPercent(x.ci95().lower() - 1),
            num.signedPercent(x.ci95().upper() - 1),
            t.get(significant ? "change.significant" : "change.not.significant"));
    for (MeasureCatalogue.SeriesBreak b : breaks(m)) {
      if (then.startYear() < b.from() && b.from() <= r.year().startYear()) {
        text += t.format("change.spans.break", new FinancialYear(b.from()).shortLabel());
      }
    }
    return text;
  }

  /**
   * The rate ratio of an area between two years, from the rates as published: none when either
   * year's rate is withheld by the measure's disclosure rule, so a change never reveals a count the
   * tables hide.
   */
  final Optional<RateRatio> ratio(
      String m, String area, String age, FinancialYear now, FinancialYear then) {
    return fy(m, area, now.startYear(), age)
        .flatMap(row -> vru.reports.internal.Shown.one(row, rule(m)).rate())
        .flatMap(
            a ->
                fy(m, area, then.startYear(), age)
                    .flatMap(row -> vru.reports.internal.Shown.one(row, rule(m)).rate())
                    .flatMap(b -> RateRatio.of(a, b)));
  }

  /**
   * Whether a change's interval is wider than ±100%: too few events for a percentage to mean
   * anything, so it is given in words instead.
   */
  static boolean tooFew(RateRatio x) {
    return x.ci95().upper() - x.ci95().lower() > 2;
  }

  /** The series breaks of a measure that apply to the partnership's areas. */
  final List<MeasureCatalogue.SeriesBreak> breaks(String m) {
    MeasureCatalogue.Measure def = r.measures().get(m);
    if (def == null) {
      return List.of();
    }
    return def.seriesBreaks().stream()
        .filter(
            b ->
                b.area().equals("all")
                    || b.area().equals(r.partnershipId())
                    || r.areas().contains(b.area()))
        .toList();
  }

  /** "Series break in 2023/24", or "Series break 2023/24 to 2024/25" over several years. */
  final String breakLabel(MeasureCatalogue.SeriesBreak b) {
    return b.from() == b.to()
        ? t.format("break.label.one", new FinancialYear(b.from()).shortLabel())
        : t.format(
            "break.label",
            new FinancialYear(b.from()).shortLabel(),
            new FinancialYear(b.to()).shortLabel());
  }

  /** A message key for the comparison group, worded for a region when it is one. */
  final String similarKey(String key) {
    return r.similarAreasByRegion() ? key + ".region" : key;
  }

  /** The financial-year row of a measure, area, year and age band, if the panel has one. */
  final Optional<PanelRow> fy(String m, String area, int year, String age) {
    return review.fy(m, area, year, age);
  }

  final Disclosure.Rule rule(String m) {
    MeasureCatalogue.Measure def = r.measures().get(m);
    return def == null ? Disclosure.Rule.NONE : Disclosure.Rule.of(def.disclosure());
  }

  /** A measure's title: the bundle's, else the catalogue's (its Welsh title in Welsh). */
  final String title(String m) {
    if (t.has("measure." + m)) {
      return t.get("measure." + m);
    }
    MeasureCatalogue.Measure def = r.measures().get(m);
    if (def == null) {
      return t.display("measure", m);
    }
    return t.language().code().equals("cy") ? def.titleCy().orElse(def.title()) : def.title();
  }

  final String unit(String m) {
    MeasureCatalogue.Measure def = r.measures().get(m);
    return t.get("unit." + (def == null ? 100_000 : def.multiplier()));
  }

  final String describe(String code) {
    Geography g = Geography.reference();
    String kind = g.pfas().containsKey(code) ? "area.pfa" : "area.csp";
    return t.format(kind, name(code));
  }

  final String name(String code) {
    return Geography.reference().nameOf(code).orElse(code);
  }

  final String date(LocalDate d) {
    return d.format(DateTimeFormatter.ofPattern("d MMMM yyyy", t.language().locale()));
  }

  /** "12 months to March 2025" in the report's language. */
  final String periodName(Period p) {
    if (p.type() == Period.Type.FY) {
      return new FinancialYear(p.first().getYear()).shortLabel();
    }
    return t.format(
        "period.r12",
        p.last().format(DateTimeFormatter.ofPattern("MMMM yyyy", t.language().locale())));
  }

  /**
   * A theory-of-change indicator's name for readers: the measure's title (and age band), or the
   * intervention's display name and the series, never the ids in toc.yaml.
   */
  final String indicatorName(String indicatorId, String fallback) {
    return r.theoryOfChange()
        .flatMap(
            toc ->
                toc.validation().model().indicators().stream()
                    .filter(i -> i.id().equals(indicatorId))
                    .findFirst())
        .map(
            i -> {
              if (i.measure().isPresent()) {
                var m = i.measure().get();
                return title(m.id())
                    + (m.ageBand().equals("all") ? "" : ", " + t.get("age." + m.ageBand()));
              }
              var p = i.programme().get();
              String series =
                  switch (p.series()) {
                    case "cost_gbp" -> "col.spend";
                    default -> "col." + p.series();
                  };
              return t.display("intervention", p.intervention()) + ": " + t.lower(t.get(series));
            })
        .orElse(fallback);
  }

  final String value(double v) {
    return Double.isNaN(v) ? "–" : Math.abs(v) >= 100 ? num.decimals(v, 0) : num.decimals(v, 2);
  }
}
