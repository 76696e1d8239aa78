package vru.metrics.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import vru.metrics.api.ComparisonRow;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.Comparison;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Funnel;
import vru.metrics.stats.RateRatio;
import vru.metrics.stats.Trend;

/** Compares every panel value of a measure with a year earlier, the baseline, benchmarks, peers. */
public final class Comparisons {
  private final Map<String, PanelRow> index = new HashMap<>();
  private final int baselineYear;
  private final boolean lowIsGood;
  private final Optional<MetricsRequest.Partnership> partnership;

  private Comparisons(
      List<PanelRow> rows,
      int baselineYear,
      boolean lowIsGood,
      Optional<MetricsRequest.Partnership> partnership) {
    for (PanelRow r : rows) {
      index.put(key(r.ageBand(), r.areaCode(), r.period()), r);
    }
    this.baselineYear = baselineYear;
    this.lowIsGood = lowIsGood;
    this.partnership = partnership;
  }

  /**
   * The comparisons of one measure's rows.
   *
   * @param baselineYear the baseline financial year (start year)
   * @param lowIsGood the measure's polarity
   */
  public static List<ComparisonRow> build(
      List<PanelRow> rows,
      int baselineYear,
      boolean lowIsGood,
      Optional<MetricsRequest.Partnership> partnership) {
    return build(rows, baselineYear, lowIsGood, partnership, r -> true);
  }

  /** The comparisons of the rows {@code which} selects (against any row of the measure). */
  static List<ComparisonRow> build(
      List<PanelRow> rows,
      int baselineYear,
      boolean lowIsGood,
      Optional<MetricsRequest.Partnership> partnership,
      Predicate<PanelRow> which) {
    Comparisons c = new Comparisons(rows, baselineYear, lowIsGood, partnership);
    List<ComparisonRow> out = new ArrayList<>();
    for (PanelRow r : rows) {
      if (which.test(r)) {
        out.add(c.compare(r));
      }
    }
    return out;
  }

  private ComparisonRow compare(PanelRow r) {
    Optional<CrudeRate> rate = r.rate();
    Period p = r.period();
    Optional<RateRatio> prev = ratio(rate, rate(r, r.areaCode(), p.yearEarlier()));
    Optional<RateRatio> base =
        p.months() == 12
            ? ratio(rate, rate(r, r.areaCode(), Period.fy(baselineYear)))
            : Optional.empty();
    String level = r.areaLevel();
    String benchmark =
        switch (level) {
          case "partnership", "country" ->
              r.areaCode().equals(Areas.ENGLAND_AND_WALES) ? "" : Areas.ENGLAND_AND_WALES;
          default -> r.areaCode().startsWith("W") ? Areas.WALES : Areas.ENGLAND;
        };
    String label = benchmark.isEmpty() ? "Not compared" : label(rate, rate(r, benchmark, p));
    Optional<String> region = regionOf(r);
    Optional<String> regionLabel = region.map(code -> label(rate, rate(r, code, p)));
    Optional<String> similar = Optional.empty();
    if (level.equals("partnership")
        && partnership.isPresent()
        && !partnership.get().similar().isEmpty()) {
      similar = Optional.of(label(rate, pooled(r, partnership.get().similar())));
    }
    String funnel = "";
    Optional<CrudeRate> ew = rate(r, Areas.ENGLAND_AND_WALES, p);
    if ((level.equals("pfa") || level.equals("la") || level.equals("csp"))
        && rate.isPresent()
        && ew.isPresent()) {
      double expected = ew.get().value() / ew.get().multiplier() * rate.get().denominator();
      funnel = Funnel.label(rate.get().count(), expected);
    }
    Optional<String> trend = Optional.empty();
    if (p.type() == Period.Type.FY) {
      List<Trend.Point> last5 = new ArrayList<>();
      for (int fy = p.financialYear() - 4; fy <= p.financialYear(); fy++) {
        int year = fy;
        rate(r, r.areaCode(), Period.fy(fy))
            .ifPresent(
                x ->
                    last5.add(
                        new Trend.Point(year, x.value(), x.ci95().lower(), x.ci95().upper())));
      }
      trend = Optional.of(Trend.of(last5, lowIsGood).label());
    }
    return new ComparisonRow(
        r.measure(),
        r.ageBand(),
        r.areaCode(),
        level,
        p,
        prev,
        base,
        baselineYear,
        benchmark,
        label,
        region,
        regionLabel,
        similar,
        funnel,
        trend);
  }

  /** The region of a local area, force or single-region partnership. */
  private Optional<String> regionOf(PanelRow r) {
    List<String> pfas =
        switch (r.areaLevel()) {
          case "la", "csp" ->
              vru.core.geo.Geography.reference()
                  .pfaOf(r.areaCode())
                  .map(List::of)
                  .orElse(List.of());
          case "pfa" -> List.of(r.areaCode());
          case "partnership" ->
              partnership.map(MetricsRequest.Partnership::forces).orElse(List.of());
          default -> List.of();
        };
    List<String> regions = pfas.stream().map(Areas::regionOf).distinct().toList();
    return regions.size() == 1 && regions.get(0) != null
        ? Optional.of(regions.get(0))
        : Optional.empty();
  }

  private Optional<CrudeRate> pooled(PanelRow r, List<String> areas) {
    long n = 0;
    double d = 0;
    for (String a : areas) {
      Optional<CrudeRate> x = rate(r, a, r.period());
      if (x.isEmpty()) {
        return Optional.empty();
      }
      n += x.get().count();
      d += x.get().denominator();
    }
    return Optional.of(CrudeRate.of(n, d, r.rate().map(CrudeRate::multiplier).orElse(1.0)));
  }

  private String label(Optional<CrudeRate> rate, Optional<CrudeRate> benchmark) {
    return rate.isPresent() && benchmark.isPresent()
        ? Comparison.label(rate.get().ci95(), benchmark.get().value(), lowIsGood)
        : "Not compared";
  }

  private static Optional<RateRatio> ratio(Optional<CrudeRate> now, Optional<CrudeRate> then) {
    return now.isPresent() && then.isPresent()
        ? RateRatio.of(now.get(), then.get())
        : Optional.empty();
  }

  private Optional<CrudeRate> rate(PanelRow like, String area, Period p) {
    return Optional.ofNullable(index.get(key(like.ageBand(), area, p))).flatMap(PanelRow::rate);
  }

  private static String key(String age, String area, Period p) {
    return age + "\u0000" + area + "\u0000" + p.type() + p.label();
  }
}
