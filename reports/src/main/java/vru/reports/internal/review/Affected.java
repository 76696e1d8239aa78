package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.Measures;
import vru.metrics.api.BreakdownValue;
import vru.metrics.api.disclosure.Disclosure;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Interval;
import vru.metrics.stats.PoissonLimits;
import vru.metrics.stats.Proportion;
import vru.reports.api.Deprivation;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;

/**
 * Who is affected: each success measure's events in the year reviewed by sex, by age band and by
 * the deprivation fifth of the LSOA recorded with the event (through the partnership's lookup),
 * each group's share of the events where it was recorded (Wilson 95% interval) beside its share of
 * residents, and its rate per resident of that sex or age (Poisson interval). Counts follow the
 * measure's disclosure rule, each breakdown protected as one group with its total; a withheld count
 * withholds its share and rate too.
 */
final class Affected extends ReviewPart {
  /** Categories not recorded, shown but left out of the shares. */
  private static final List<String> UNKNOWN = List.of("U", "unknown", "none");

  Affected(Review review) {
    super(review);
  }

  /** One group of a breakdown: its events and residents (NaN when not known). */
  private record Group(String key, long events, double residents) {}

  List<Block> affected() {
    int year = r.year().startYear();
    List<Block> out = new ArrayList<>();
    List<BreakdownValue> rows =
        r.breakdown().stream().filter(v -> v.financialYear() == year).toList();
    if (rows.isEmpty()) {
      out.add(Block.para(t.format("affected.none", r.partnershipName(), r.year().shortLabel())));
      return out;
    }
    Optional<Deprivation> imd = r.content().deprivation();
    out.add(Block.para(t.format("affected.intro", r.partnershipName(), r.year().shortLabel())));
    for (String m : Measures.NATIONAL) {
      List<BreakdownValue> mine = rows.stream().filter(v -> v.measure().equals(m)).toList();
      if (mine.isEmpty()) {
        continue;
      }
      Map<String, List<Group>> dims = new LinkedHashMap<>();
      dims.put("sex", groups(mine, "sex", List.of("F", "M", "U")));
      dims.put("age", groups(mine, "age", List.of("0-14", "15-24", "25-34", "35-49", "50+")));
      imd.ifPresent(d -> dims.put("imd", deprivation(mine, d)));
      out.add(Block.heading("affected-" + m, title(m)));
      List<String> findings = new ArrayList<>();
      DataTable.Builder tab =
          new DataTable.Builder(
                  "affected-" + m + "-table",
                  t.format("affected.caption", title(m), r.year().shortLabel()))
              .rowHeader()
              .column(t.get("col.group"), false)
              .column(t.get("col.count"), true)
              .column(t.get("col.share.events"), false)
              .column(t.get("col.share.residents"), false)
              .column(t.format("col.rate.ci", unit(m)), false);
      for (Map.Entry<String, List<Group>> d : dims.entrySet()) {
        table(m, d.getKey(), d.getValue(), tab).ifPresent(findings::add);
      }
      out.add(
          Block.para(
              findings.isEmpty()
                  ? t.get("affected.no.difference")
                  : t.get("affected.findings") + " " + String.join(" ", findings)));
      out.add(Block.ofTable(tab.build()));
    }
    out.add(
        Block.para(
            imd.map(
                    d ->
                        t.format(
                            "affected.imd.note",
                            r.content().folder().relativize(d.file()).toString()))
                .orElse(
                    t.format(
                        "affected.imd.missing",
                        "review/" + Deprivation.FILE,
                        r.content().folder().toString()))));
    out.add(Block.para(t.get("affected.ethnicity")));
    return out;
  }

  private static List<Group> groups(List<BreakdownValue> rows, String dim, List<String> order) {
    Map<String, Group> by = new LinkedHashMap<>();
    for (String k : order) {
      by.put(k, new Group(k, 0, Double.NaN));
    }
    for (BreakdownValue v : rows) {
      if (v.dimension().equals(dim)) {
        by.put(v.category(), new Group(v.category(), v.events(), v.population()));
      }
    }
    // the "not recorded" group last, shown only when it has events
    Group unknown = by.remove(dim.equals("sex") ? "U" : "unknown");
    List<Group> out = new ArrayList<>(by.values());
    if (unknown != null && unknown.events() > 0) {
      out.add(unknown);
    }
    return out;
  }

  /**
   * Events by deprivation fifth: each LSOA's events to its quintile; the residents' share is the
   * share of the partnership's LSOAs (those the metrics run listed, with or without events) in it.
   */
  private static List<Group> deprivation(List<BreakdownValue> rows, Deprivation d) {
    long[] events = new long[7];
    double[] lsoas = new double[7];
    for (BreakdownValue v : rows) {
      if (!v.dimension().equals("lsoa")) {
        continue;
      }
      int q = v.category().equals("unknown") ? 6 : d.quintile(v.category()).orElse(0).intValue();
      events[q] += v.events();
      lsoas[q] += v.category().equals("unknown") ? 0 : 1;
    }
    List<Group> out = new ArrayList<>();
    for (int q = 1; q <= 5; q++) {
      out.add(new Group("q" + q, events[q], lsoas[q]));
    }
    if (events[0] + events[6] > 0) {
      out.add(new Group("none", events[0] + events[6], Double.NaN));
    }
    return out;
  }

  /**
   * Adds a breakdown's rows to the table; returns its finding: the group most over-represented
   * beyond chance (its share's interval above its share of residents), if any.
   */
  private Optional<String> table(String m, String dim, List<Group> groups, DataTable.Builder tab) {
    long total = groups.stream().mapToLong(Group::events).sum();
    long known =
        groups.stream().filter(g -> !UNKNOWN.contains(g.key())).mapToLong(Group::events).sum();
    double residents =
        groups.stream()
            .filter(g -> !UNKNOWN.contains(g.key()) && !Double.isNaN(g.residents()))
            .mapToDouble(Group::residents)
            .sum();
    List<Disclosure.Cell> cells = new ArrayList<>();
    for (Group g : groups) {
      cells.add(new Disclosure.Cell(m + "|" + dim, g.key(), g.events(), false));
    }
    cells.add(new Disclosure.Cell(m + "|" + dim, "total", total, true));
    List<Disclosure.Published> shown = Disclosure.publish(cells, rule(m));
    String finding = null;
    double worst = 1;
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      Disclosure.Published p = shown.get(i);
      tab.count(p);
      String label = t.get("affected." + dim + "." + g.key());
      if (p.suppressed()) {
        tab.row(List.of(label, Disclosure.SUPPRESSED, Disclosure.SUPPRESSED, "–", "*"));
        continue;
      }
      String count = num.count(Long.parseLong(p.published()));
      boolean unknown = UNKNOWN.contains(g.key());
      String share = "–";
      String resShare = "–";
      String rate = "–";
      if (!unknown && known > 0) {
        Interval w = Proportion.wilson(g.events(), known, PoissonLimits.Z95);
        double s = (double) g.events() / known;
        share = pct(s) + " (" + pct(w.lower()) + " " + t.get("ci.to") + " " + pct(w.upper()) + ")";
        if (!Double.isNaN(g.residents()) && residents > 0) {
          double rs = g.residents() / residents;
          resShare = pct(rs);
          if (w.lower() > rs && s / rs > worst) {
            worst = s / rs;
            finding =
                t.format(
                    "affected.finding", label, pct(s), pct(w.lower()), pct(w.upper()), pct(rs));
          }
        }
        if (!dim.equals("imd") && !Double.isNaN(g.residents()) && g.residents() > 0) {
          CrudeRate cr = CrudeRate.of(g.events(), g.residents(), multiplier(m));
          rate =
              num.rate(cr.value())
                  + " ("
                  + num.rate(cr.ci95().lower())
                  + " "
                  + t.get("ci.to")
                  + " "
                  + num.rate(cr.ci95().upper())
                  + ")";
        }
      }
      tab.row(List.of(label, count, share, resShare, rate));
    }
    return Optional.ofNullable(finding);
  }

  private String pct(double fraction) {
    return num.percent(fraction);
  }

  private int multiplier(String m) {
    var def = r.measures().get(m);
    return def == null ? 100_000 : def.multiplier();
  }
}
