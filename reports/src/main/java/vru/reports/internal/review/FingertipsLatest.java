package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import vru.core.config.MeasureCatalogue;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.CrudeRate;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Shown;

/**
 * A Fingertips indicator in the review. Fingertips publishes most indicators a year or more after
 * the period they are for, and many for calendar or pooled years: when the year reviewed has no
 * value, the review gives the partnership's latest published one, with its period, its interval,
 * whether it is as published or recomputed, and England's value for the same period.
 */
final class FingertipsLatest extends ReviewPart {
  static final String ENGLAND = "E92000001";

  FingertipsLatest(Review review) {
    super(review);
  }

  /** How the values are made: as published, or recomputed from counts and denominators. */
  String how(Optional<CrudeRate> rate) {
    return t.format(
        "measure.fingertips.source",
        t.get(
            rate.map(x -> x.method().equals(MeasureCatalogue.PUBLISHED)).orElse(true)
                ? "measure.fingertips.published"
                : "measure.fingertips.recomputed"));
  }

  /** The paragraphs of a measure with no value for the year reviewed. */
  List<Block> blocks(String m, String title, String unit) {
    List<Block> out = new ArrayList<>();
    Optional<PanelRow> latest =
        rows(m, r.partnershipId())
            .filter(p -> Shown.one(p, rule(m)).rate().isPresent())
            .max(
                Comparator.comparing((PanelRow p) -> p.period().last())
                    // of two ending together, the single year rather than the years pooled
                    .thenComparing(p -> -p.period().months()));
    if (latest.isEmpty()) {
      out.add(
          Block.para(
              t.format(
                  "measure.fingertips.none", title, r.partnershipName(), r.year().shortLabel())));
      return out;
    }
    PanelRow row = latest.get();
    CrudeRate rate = row.rate().orElseThrow();
    out.add(
        Block.para(
            t.format(
                "measure.fingertips.latest",
                r.year().shortLabel(),
                r.partnershipName(),
                period(row.period()),
                num.rate(rate.value()),
                unit,
                num.rate(rate.ci95().lower()),
                num.rate(rate.ci95().upper()),
                t.get(
                    rate.method().equals(MeasureCatalogue.PUBLISHED)
                        ? "measure.fingertips.published.one"
                        : "measure.fingertips.recomputed.one"))));
    rows(m, ENGLAND)
        .filter(p -> p.period().equals(row.period()))
        .flatMap(p -> Shown.one(p, rule(m)).rate().stream())
        .findFirst()
        .ifPresent(
            england ->
                out.add(
                    Block.para(
                        t.format(
                            "measure.versus",
                            t.get("england"),
                            num.rate(england.value()),
                            unit,
                            t.get(
                                "versus."
                                    + vru.reports.internal.Comparison.versus(
                                        rate, england.value()))))));
    return out;
  }

  /** The measure's all-ages rows of an area, of every period type the review holds. */
  private Stream<PanelRow> rows(String m, String area) {
    return Stream.concat(r.panel().stream(), r.rolling().stream())
        .filter(
            p -> p.measure().equals(m) && p.areaCode().equals(area) && p.ageBand().equals("all"));
  }

  /** A period as a reader says it: 2015, 2019/20, 2016/17 to 2018/19, the year to June 2025. */
  private String period(Period p) {
    return switch (p.type()) {
      case FY -> new vru.core.api.FinancialYear(p.first().getYear()).shortLabel();
      case POOLED ->
          p.first().getMonthValue() == 4
              ? t.format(
                  "period.pooled",
                  new vru.core.api.FinancialYear(p.first().getYear()).shortLabel(),
                  new vru.core.api.FinancialYear(p.last().getYear() - 1).shortLabel())
              : t.format(
                  "period.pooled",
                  String.valueOf(p.first().getYear()),
                  String.valueOf(p.last().getYear()));
      case R12 ->
          p.last().getMonthValue() == 12
              ? String.valueOf(p.last().getYear())
              : t.format("period.r12", date(p.last().atEndOfMonth()));
      default -> p.label();
    };
  }
}
