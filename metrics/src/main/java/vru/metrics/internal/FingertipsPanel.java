package vru.metrics.internal;

import static org.apache.spark.sql.functions.expr;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Interval;

/**
 * A measure from a Fingertips indicator ({@code table: fingertips}), for every period the indicator
 * is published for: calendar years ({@code 2015}, the rolling year ending December), financial
 * years ({@code 2015/16}), their quarters ({@code 2015/16 Q1}) and pooled years ({@code 2015 - 17},
 * {@code 2015/16 - 17/18}).
 *
 * <p>With {@code values: published} an area Fingertips publishes (a local authority, region or
 * country of the file's area type) takes its value and 95% and 99.8% intervals exactly as
 * published, labelled {@code published}; an area published without an interval (Fingertips' region
 * rows "aggregated from all known lower geography values") is recomputed from its own count and
 * denominator; a CSP or partnership that is one local authority takes that authority's published
 * value; and an area it does not publish (a CSP of several local authorities, a force, a
 * partnership of several) from its local authorities' published counts and denominators, summed,
 * with Byar's limits as Fingertips computes crude rates. With {@code values: recomputed} every area
 * is. A value Fingertips does not publish gives its value note as the reason ("Value for Hackney
 * and City of London combined"), never 0; an area with some local authorities unpublished is
 * incomplete, never a sum of the others.
 */
final class FingertipsPanel {
  /** A published row: the area's value, intervals, count and denominator, any of them absent. */
  record Published(
      String area,
      Double value,
      Double lower95,
      Double upper95,
      Double lower998,
      Double upper998,
      Double count,
      Double denominator,
      String note) {
    boolean counted() {
      return count != null && denominator != null && denominator > 0;
    }
  }

  private static final Pattern YEAR = Pattern.compile("(\\d{4})");
  private static final Pattern FINANCIAL = Pattern.compile("(\\d{4})/(\\d{2})");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})/(\\d{2}) Q([1-4])");
  private static final Pattern POOLED = Pattern.compile("(\\d{4}) - (\\d{2})");
  private static final Pattern POOLED_FY = Pattern.compile("(\\d{4})/(\\d{2}) - (\\d{2})/(\\d{2})");

  private FingertipsPanel() {}

  /**
   * The period a Fingertips time period names, or empty when it is not one of the forms read.
   *
   * @param text as Fingertips writes it, e.g. {@code 2015}, {@code 2015/16}, {@code 2015 - 17}
   */
  static Optional<Period> period(String text) {
    String t = text.trim();
    Matcher m;
    if ((m = YEAR.matcher(t)).matches()) {
      return Optional.of(Period.rolling12(YearMonth.of(Integer.parseInt(m.group(1)), 12)));
    }
    if ((m = FINANCIAL.matcher(t)).matches() && next(m.group(1), m.group(2), 1)) {
      return Optional.of(Period.fy(Integer.parseInt(m.group(1))));
    }
    if ((m = QUARTER.matcher(t)).matches() && next(m.group(1), m.group(2), 1)) {
      int q = Integer.parseInt(m.group(3));
      return Optional.of(
          Period.quarter(YearMonth.of(Integer.parseInt(m.group(1)), 4).plusMonths(3L * (q - 1))));
    }
    if ((m = POOLED.matcher(t)).matches() && next(m.group(1), m.group(2), 2)) {
      int first = Integer.parseInt(m.group(1));
      return Optional.of(Period.pooled(YearMonth.of(first, 1), YearMonth.of(first + 2, 12)));
    }
    if ((m = POOLED_FY.matcher(t)).matches()
        && next(m.group(1), m.group(2), 1)
        && next(m.group(1), m.group(4), 3)) {
      int first = Integer.parseInt(m.group(1));
      int last = 2000 + Integer.parseInt(m.group(3));
      if (last - first >= 1) {
        return Optional.of(Period.pooled(YearMonth.of(first, 4), YearMonth.of(last + 1, 3)));
      }
    }
    return Optional.empty();
  }

  /** Whether the two-digit year {@code yy} is {@code gap} years after {@code yyyy}. */
  private static boolean next(String yyyy, String yy, int gap) {
    return (Integer.parseInt(yyyy) + gap) % 100 == Integer.parseInt(yy);
  }

  /** The published rows the measure selects, by period and area. */
  static Map<Period, Map<String, Published>> read(
      SparkSession spark, Warehouse wh, MeasureDefinition def) {
    Map<Period, Map<String, Published>> out = new TreeMap<>(FingertipsPanel::order);
    Map<Period, Map<String, String>> what = new TreeMap<>(FingertipsPanel::order);
    for (Row r :
        spark
            .read()
            .parquet(wh.table(Warehouse.FINGERTIPS).toString())
            .filter(expr(def.filter()))
            .collectAsList()) {
      String text = r.getAs("time_period");
      Period p =
          period(text)
              .orElseThrow(
                  () ->
                      new VruException(
                          ErrorCode.INPUT_INVALID,
                          "measure "
                              + def.id()
                              + ": Fingertips time period '"
                              + text
                              + "' (indicator "
                              + r.getAs("indicator_id")
                              + ", "
                              + r.getAs("area_code")
                              + ") is not one vru reads; it reads calendar years (2015),"
                              + " financial years (2015/16), their quarters (2015/16 Q1) and"
                              + " pooled years (2015 - 17, 2015/16 - 17/18): narrow the"
                              + " measure's filter to those rows"));
      String area = r.getAs("area_code");
      Published row =
          new Published(
              area,
              r.getAs("value"),
              r.getAs("lower_95"),
              r.getAs("upper_95"),
              r.getAs("lower_99_8"),
              r.getAs("upper_99_8"),
              r.getAs("count"),
              r.getAs("denominator"),
              r.getAs("value_note"));
      String described =
          String.join(
              ", ",
              "indicator " + r.getAs("indicator_id"),
              "sex " + r.getAs("sex"),
              "age " + r.getAs("age"),
              "category " + Optional.ofNullable(r.<String>getAs("category")).orElse("(none)"));
      Published before = out.computeIfAbsent(p, k -> new TreeMap<>()).putIfAbsent(area, row);
      String earlier = what.computeIfAbsent(p, k -> new TreeMap<>()).putIfAbsent(area, described);
      // the same row from two files (a unitary authority is in County & UA and District & UA) is
      // one row; two different rows for one area and period are a filter that selects too much
      if (before != null && !before.equals(row)) {
        throw new VruException(
            ErrorCode.CONFIG_INVALID,
            "measure "
                + def.id()
                + ": its filter selects two Fingertips rows for "
                + area
                + " in "
                + text
                + " ("
                + earlier
                + "; "
                + described
                + "): add sex, age and category_type to the filter so that it selects one, e.g."
                + " sex = 'Persons' and age = 'All ages' and category_type is null");
      }
    }
    return out;
  }

  private static int order(Period a, Period b) {
    int c = a.type().compareTo(b.type());
    if (c != 0) {
      return c;
    }
    c = a.first().compareTo(b.first());
    return c != 0 ? c : a.last().compareTo(b.last());
  }

  /**
   * The panel rows of a Fingertips measure: local authorities and CSPs in the forces {@code
   * localAreas} accepts; every force, region, country and the partnership.
   */
  static List<PanelRow> build(
      MeasureDefinition def,
      Map<Period, Map<String, Published>> published,
      List<Areas.Aggregate> aggregates,
      Predicate<String> localAreas) {
    Geography g = Geography.reference();
    List<Area> areas = new ArrayList<>();
    for (String la : g.las().keySet()) {
      if (g.pfaOf(la).filter(localAreas).isPresent()) {
        areas.add(new Area(la, "la", Areas.name(la), List.of(la)));
      }
    }
    for (String csp : g.csps().keySet()) {
      if (g.pfaOf(csp).filter(localAreas).isPresent()) {
        areas.add(
            new Area(csp, "csp", Areas.name(csp), PanelBuilder.localAuthorities(List.of(csp))));
      }
    }
    for (String pfa : g.pfas().keySet()) {
      areas.add(new Area(pfa, "pfa", Areas.name(pfa), PanelBuilder.localAuthorities(List.of(pfa))));
    }
    for (Areas.Aggregate a : aggregates) {
      areas.add(
          new Area(a.code(), a.level(), a.name(), PanelBuilder.localAuthorities(a.members())));
    }
    boolean asPublished = def.measure().values().equals(MeasureCatalogue.PUBLISHED);
    List<PanelRow> out = new ArrayList<>();
    for (Map.Entry<Period, Map<String, Published>> e : published.entrySet()) {
      Period p = e.getKey();
      for (Area a : areas) {
        out.add(value(def, a, p, e.getValue(), asPublished));
        out.add(
            row(
                def,
                PanelBuilder.AGED_0_24,
                a,
                p,
                OptionalLong.empty(),
                Optional.empty(),
                "the fingertips table records no ages"));
      }
    }
    return out;
  }

  /** An area of the panel and the local authorities it is made of. */
  private record Area(String code, String level, String name, List<String> las) {}

  private static PanelRow value(
      MeasureDefinition def, Area a, Period p, Map<String, Published> rows, boolean asPublished) {
    Published own = rows.get(a.code());
    if (asPublished && own != null) {
      if (own.value() == null) {
        return none(def, a, p, "not published by Fingertips" + note(own));
      }
      if (!own.counted()) {
        return none(
            def,
            a,
            p,
            "Fingertips publishes a value without its count and denominator, which comparisons"
                + " need"
                + note(own));
      }
      if (own.lower95() != null && own.upper95() != null) {
        return published(def, a, p, own);
      }
      // a value published without its interval: recomputed from its count and denominator
    }
    if (asPublished && own == null && a.las().size() == 1) {
      // a CSP or partnership that is one local authority: that authority's published value
      Published la = rows.get(a.las().get(0));
      if (la != null
          && la.value() != null
          && la.counted()
          && la.lower95() != null
          && la.upper95() != null) {
        return published(def, a, p, la);
      }
    }
    if (own != null && own.counted()) {
      long n = Math.round(own.count());
      return row(
          def,
          PanelBuilder.ALL_AGES,
          a,
          p,
          OptionalLong.of(n),
          Optional.of(CrudeRate.byar(n, own.denominator(), def.multiplier())),
          null);
    }
    List<String> missing = new ArrayList<>();
    long count = 0;
    double denominator = 0;
    for (String la : a.las()) {
      Published r = rows.get(la);
      if (r == null || !r.counted()) {
        missing.add(la);
      } else {
        count += Math.round(r.count());
        denominator += r.denominator();
      }
    }
    if (a.las().isEmpty()) {
      return none(def, a, p, "no data: no local authority of " + a.name() + " is in the lookup");
    }
    if (!missing.isEmpty()) {
      if (a.las().size() == 1) {
        Published r = rows.get(a.las().get(0));
        return none(
            def,
            a,
            p,
            r == null
                ? "no data: the fingertips table has no row for "
                    + a.name()
                    + " for this period (a file by County & UA gives a county's districts"
                    + " none)"
                : "no count and denominator published by Fingertips" + note(r));
      }
      TreeSet<String> names = new TreeSet<>();
      missing.forEach(la -> names.add(Areas.name(la)));
      List<String> list = new ArrayList<>(names);
      String which =
          list.size() <= 3
              ? String.join(", ", list)
              : String.join(", ", list.subList(0, 3)) + " and " + (list.size() - 3) + " more";
      return none(
          def,
          a,
          p,
          "incomplete: "
              + missing.size()
              + " of its "
              + a.las().size()
              + " local authorities ("
              + which
              + ") have no published count and denominator in the fingertips table for this"
              + " period");
    }
    CrudeRate rate = CrudeRate.byar(count, denominator, def.multiplier());
    return row(def, PanelBuilder.ALL_AGES, a, p, OptionalLong.of(count), Optional.of(rate), null);
  }

  /**
   * A value and 95% interval as published. The 99.8% limits, which Fingertips often leaves empty,
   * are Byar's on the published count, scaled to the published value when they are.
   */
  private static PanelRow published(MeasureDefinition def, Area a, Period p, Published own) {
    long count = Math.round(own.count());
    CrudeRate crude = CrudeRate.byar(count, own.denominator(), def.multiplier());
    double scale = crude.value() > 0 ? own.value() / crude.value() : 1;
    Interval ci998 =
        own.lower998() != null && own.upper998() != null
            ? new Interval(own.lower998(), own.upper998())
            : new Interval(crude.ci998().lower() * scale, crude.ci998().upper() * scale);
    CrudeRate rate =
        new CrudeRate(
            count,
            own.denominator(),
            def.multiplier(),
            own.value(),
            new Interval(own.lower95(), own.upper95()),
            ci998,
            MeasureCatalogue.PUBLISHED);
    return row(def, PanelBuilder.ALL_AGES, a, p, OptionalLong.of(count), Optional.of(rate), null);
  }

  private static String note(Published r) {
    return r.note() == null || r.note().isBlank() ? "" : " (" + r.note().trim() + ")";
  }

  private static PanelRow none(MeasureDefinition def, Area a, Period p, String reason) {
    return row(def, PanelBuilder.ALL_AGES, a, p, OptionalLong.empty(), Optional.empty(), reason);
  }

  private static PanelRow row(
      MeasureDefinition def,
      String band,
      Area a,
      Period p,
      OptionalLong count,
      Optional<CrudeRate> rate,
      String reason) {
    return new PanelRow(
        def.id(),
        band,
        a.code(),
        a.level(),
        a.name(),
        p,
        count,
        rate,
        Optional.empty(),
        Optional.ofNullable(reason),
        p.type() == Period.Type.FY
            ? Optional.of("not standardised: a Fingertips value is as published or a crude rate")
            : Optional.empty(),
        OptionalInt.empty());
  }
}
