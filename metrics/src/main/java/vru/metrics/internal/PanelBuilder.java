package vru.metrics.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import vru.core.geo.Geography;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Dsr;

/**
 * Turns a measure's counts and the populations into panel rows: every local authority, CSP, force,
 * region, country and the partnership, for every month, calendar quarter, financial year and
 * rolling 12 months the source covers, all ages and under 25.
 */
final class PanelBuilder {
  static final String ALL_AGES = "all";
  static final String AGED_0_24 = "0-24";
  static final int UNDER_25_BANDS = 5;

  /** Events with no age above this share of a count: no standardised rate is given. */
  static final double MAX_UNKNOWN_AGE = 0.05;

  private PanelBuilder() {}

  /** The periods a coverage spans: months, quarters, financial years, rolling 12 months. */
  static List<Period> periods(Counts.Coverage cov) {
    List<Period> out = new ArrayList<>();
    for (YearMonth m = cov.first(); !m.isAfter(cov.last()); m = m.plusMonths(1)) {
      out.add(Period.month(m));
    }
    for (YearMonth q = Period.quarter(cov.first()).first();
        !q.isAfter(cov.last());
        q = q.plusMonths(3)) {
      out.add(Period.quarter(q));
    }
    for (int fy = Period.month(cov.first()).financialYear();
        fy <= Period.month(cov.last()).financialYear();
        fy++) {
      out.add(Period.fy(fy));
    }
    for (YearMonth m = cov.first(); !m.isAfter(cov.last()); m = m.plusMonths(1)) {
      out.add(Period.rolling12(m));
    }
    return out;
  }

  /**
   * Builds the rows of one measure, handing each to {@code sink}: local authorities and CSPs only
   * in the forces {@code localAreas} accepts; every force, region, country and the partnership.
   */
  static void build(
      MeasureDefinition def,
      Counts counts,
      Populations population,
      List<Areas.Aggregate> aggregates,
      java.util.function.Predicate<String> localAreas,
      Consumer<PanelRow> sink) {
    List<Period> periods = periods(counts.coverage);
    Geography g = Geography.reference();
    for (String la : g.las().keySet()) {
      List<String> forces = forcesOf(g, la);
      if (forces.stream().anyMatch(localAreas)) {
        area(def, counts, population, periods, la, "la", Areas.name(la), forces, sink);
      }
    }
    for (String csp : g.csps().keySet()) {
      List<String> forces = forcesOf(g, csp);
      if (forces.stream().anyMatch(localAreas)) {
        area(def, counts, population, periods, csp, "csp", Areas.name(csp), forces, sink);
      }
    }
    for (String pfa : g.pfas().keySet()) {
      area(def, counts, population, periods, pfa, "pfa", Areas.name(pfa), List.of(pfa), sink);
    }
    for (Areas.Aggregate a : aggregates) {
      area(def, counts, population, periods, a, sink);
    }
  }

  /** The local authorities inside areas of any level (themselves, for local authorities). */
  static List<String> localAuthorities(List<String> codes) {
    return Geography.reference().links().stream()
        .filter(
            l ->
                codes.contains(l.la().code())
                    || codes.contains(l.csp().code())
                    || codes.contains(l.pfa().code()))
        .map(l -> l.la().code())
        .distinct()
        .toList();
  }

  private static List<String> forcesOf(Geography g, String code) {
    return g.pfaOf(code).map(List::of).orElse(List.of());
  }

  private static void area(
      MeasureDefinition def,
      Counts counts,
      Populations population,
      List<Period> periods,
      Areas.Aggregate a,
      Consumer<PanelRow> sink) {
    area(
        def,
        counts,
        population,
        periods,
        a.code(),
        a.level(),
        a.name(),
        a.members(),
        a.forces(),
        sink);
  }

  private static void area(
      MeasureDefinition def,
      Counts counts,
      Populations population,
      List<Period> periods,
      String code,
      String level,
      String name,
      List<String> forces,
      Consumer<PanelRow> sink) {
    area(def, counts, population, periods, code, level, name, List.of(code), forces, sink);
  }

  /**
   * The rows of one area: an LA, CSP or force ({@code members} itself) or an aggregate, summed over
   * its {@code members}; {@code forces} are the force areas whose data coverage it needs.
   */
  private static void area(
      MeasureDefinition def,
      Counts counts,
      Populations population,
      List<Period> periods,
      String code,
      String level,
      String name,
      List<String> members,
      List<String> forces,
      Consumer<PanelRow> sink) {
    Counts.Coverage cov = counts.coverage;
    long[][] monthly = members.size() == 1 ? counts.of(members.get(0)) : counts.sum(members);
    // aggregated counts are covered local authority by local authority; records force by force
    boolean byLa = cov.table().equals(vru.core.warehouse.Warehouse.COUNTS) && !cov.published();
    List<String> units = byLa ? localAuthorities(members) : forces;
    long[] hidden = counts.suppressed(members);
    long[] cumulativeHidden = new long[hidden.length + 1];
    for (int m = 0; m < hidden.length; m++) {
      cumulativeHidden[m + 1] = cumulativeHidden[m] + hidden[m];
    }
    // running totals by month for all ages and under 25, so a period's count is one subtraction
    long[][] cumulative = new long[2][monthly.length + 1];
    for (int m = 0; m < monthly.length; m++) {
      long all = Arrays.stream(monthly[m]).sum();
      long young = 0;
      for (int b = 0; b < UNDER_25_BANDS; b++) {
        young += monthly[m][b];
      }
      cumulative[0][m + 1] = cumulative[0][m] + all;
      cumulative[1][m + 1] = cumulative[1][m] + young;
    }
    boolean noAges = def.ageColumn().equals(vru.core.config.MeasureCatalogue.NO_AGE);
    for (int age = 0; age < 2; age++) {
      String band = age == 0 ? ALL_AGES : AGED_0_24;
      for (Period p : periods) {
        if (age == 1 && noAges) {
          // a source without ages has no under-25 count: no value, never 0
          sink.accept(
              noValue(
                  def,
                  band,
                  code,
                  level,
                  name,
                  p,
                  "the " + cov.table() + " table records no ages"));
          continue;
        }
        // a month the table does not cover, or a force of the area with no data: no value, why
        List<YearMonth> missing = cov.missing(p);
        Map<String, List<YearMonth>> forcesMissing = cov.forcesMissing(units, p);
        if (!missing.isEmpty() || !forcesMissing.isEmpty()) {
          sink.accept(
              noValue(
                  def,
                  band,
                  code,
                  level,
                  name,
                  p,
                  missing.isEmpty()
                      ? noForceData(cov, units, forcesMissing, byLa)
                      : notCovered(cov, p, missing)));
          continue;
        }
        Optional<String> unlisted = counts.unlisted(members);
        if (unlisted.isPresent()) {
          sink.accept(noValue(def, band, code, level, name, p, unlisted.get()));
          continue;
        }
        Optional<String> block = counts.blockReason(p);
        if (block.isPresent()) {
          // an aggregate by financial year has no monthly or quarterly value: no value, why
          sink.accept(noValue(def, band, code, level, name, p, block.get()));
          continue;
        }
        long n = cumulative[age][cov.index(p.last()) + 1] - cumulative[age][cov.index(p.first())];
        long withheld =
            cumulativeHidden[cov.index(p.last()) + 1] - cumulativeHidden[cov.index(p.first())];
        if (withheld > 0) {
          // a sum over a cell the provider suppressed is not a total: no count or rate, only the
          // lower bound the shown cells give, in the reason
          sink.accept(
              noValue(
                  def,
                  band,
                  code,
                  level,
                  name,
                  p,
                  "incomplete: "
                      + withheld
                      + (withheld == 1 ? " cell" : " cells")
                      + " suppressed by the provider; the count is at least "
                      + n));
          continue;
        }
        Optional<Populations.Estimate> estimate = population.latest(code, p.populationYear());
        double[] pop = estimate.map(Populations.Estimate::bands).orElse(null);
        double denominator = 0;
        if (pop != null) {
          for (int b = 0; b < (age == 0 ? pop.length : UNDER_25_BANDS); b++) {
            denominator += pop[b];
          }
        }
        Optional<CrudeRate> rate =
            denominator > 0
                ? Optional.of(CrudeRate.of(n, denominator, def.multiplier()))
                : Optional.empty();
        Optional<String> reason =
            rate.isPresent()
                ? Optional.empty()
                : Optional.of(
                    "no population estimate for this area for mid-"
                        + p.populationYear()
                        + " or any earlier year");
        Optional<Dsr> dsr = Optional.empty();
        Optional<String> dsrReason = Optional.empty();
        if (p.type() == Period.Type.FY) {
          Standardised d =
              pop == null
                  ? new Standardised(Optional.empty(), reason)
                  : dsr(
                      def.multiplier(),
                      monthly,
                      cov.index(p.first()),
                      cov.index(p.last()),
                      pop,
                      age,
                      n,
                      population.openTopBand(code, estimate.get().year()));
          dsr = d.dsr();
          dsrReason = d.missingReason();
        }
        sink.accept(
            new PanelRow(
                def.id(),
                band,
                code,
                level,
                name,
                p,
                OptionalLong.of(n),
                rate,
                dsr,
                reason,
                dsrReason,
                rate.isPresent()
                    ? java.util.OptionalInt.of(estimate.get().year())
                    : java.util.OptionalInt.empty()));
      }
    }
  }

  /** A row with no value, and why (never 0). */
  private static PanelRow noValue(
      MeasureDefinition def,
      String band,
      String code,
      String level,
      String name,
      Period p,
      String reason) {
    return new PanelRow(
        def.id(),
        band,
        code,
        level,
        name,
        p,
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(reason),
        Optional.empty());
  }

  /** A standardised rate, or why there is none. */
  record Standardised(Optional<Dsr> dsr, Optional<String> missingReason) {
    static Standardised missing(String reason) {
      return new Standardised(Optional.empty(), Optional.of(reason));
    }
  }

  /**
   * The directly standardised rate of months {@code from}..{@code to} of {@code monthly} (events by
   * month and age band, the unknown age last); {@code openTopBand} when the population has one band
   * of 85 and over (held in the 85-89 slot), so the events and the standard are merged the same
   * way.
   */
  static Standardised dsr(
      double multiplier,
      long[][] monthly,
      int from,
      int to,
      double[] pop,
      int age,
      long n,
      boolean openTopBand) {
    int bands = age == 0 ? Populations.BANDS : UNDER_25_BANDS;
    long[] c = new long[bands];
    long unknown = 0;
    for (int m = from; m <= to; m++) {
      for (int b = 0; b < bands; b++) {
        c[b] += monthly[m][b];
      }
      unknown += monthly[m][Counts.UNKNOWN_AGE];
    }
    if (age == 0 && unknown > MAX_UNKNOWN_AGE * n) {
      return Standardised.missing(
          String.format(
              java.util.Locale.ROOT,
              "%d of %d events (more than %.0f%%) have no age",
              unknown,
              n,
              100 * MAX_UNKNOWN_AGE));
    }
    double[] p = Arrays.copyOf(pop, bands);
    double[] standard = Arrays.copyOf(Dsr.ESP2013, bands);
    if (age == 0 && openTopBand) {
      // the population has one band of 85 and over: so do the events and the standard
      c[bands - 2] += c[bands - 1];
      standard[bands - 2] += standard[bands - 1];
      bands--;
      c = Arrays.copyOf(c, bands);
      p = Arrays.copyOf(p, bands);
      standard = Arrays.copyOf(standard, bands);
    }
    for (int b = 0; b < bands; b++) {
      if (!(p[b] > 0)) {
        return Standardised.missing("no population in age band " + Dsr.ESP2013_BANDS.get(b));
      }
    }
    Optional<Dsr> d = Dsr.of(c, p, standard, multiplier);
    return d.isPresent()
        ? new Standardised(d, Optional.empty())
        : Standardised.missing("fewer than " + Dsr.MIN_COUNT + " events with a known age");
  }

  /**
   * Why an area has no value: the forces it lies in (or, for a region, country or partnership, is
   * made of) with no data in the table for some of the period's months. An aggregate over a force
   * with no data is incomplete, never a total.
   */
  private static String noForceData(
      Counts.Coverage cov,
      List<String> forces,
      Map<String, List<YearMonth>> missing,
      boolean byLa) {
    List<String> names = missing.keySet().stream().map(Areas::name).toList();
    String which =
        names.size() <= 3
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    if (forces.size() > 1) {
      return "incomplete: "
          + missing.size()
          + " of its "
          + forces.size()
          + (byLa ? " local authorities (" : " police force areas (")
          + which
          + ") have no data in the "
          + cov.table()
          + " table for this period";
    }
    return "no data: " + which + " has no data in the " + cov.table() + " table for this period";
  }

  private static String notCovered(Counts.Coverage cov, Period p, List<YearMonth> missing) {
    return "the "
        + cov.table()
        + " table has no data for "
        + (missing.size() == 1
            ? missing.get(0).toString()
            : missing.size()
                + " of its "
                + p.months()
                + " months ("
                + missing.get(0)
                + " to "
                + missing.get(missing.size() - 1)
                + ")");
  }
}
