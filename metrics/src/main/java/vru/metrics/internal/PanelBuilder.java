package vru.metrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.geo.Geography;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.PanelRow;

/** Turns counts and populations into panel rows for PFAs and their aggregates. */
final class PanelBuilder {
  static final String ENGLAND = "E92000001";
  static final String WALES = "W92000004";
  static final String ENGLAND_AND_WALES = "K04000001";
  private static final String NO_POPULATION = "no population estimate for this area and year";

  private PanelBuilder() {}

  static List<PanelRow> build(
      MeasureDefinition def,
      Map<String, long[]> counts,
      Map<String, Long[]> population,
      int first,
      int last,
      Optional<MetricsRequest.Partnership> partnership) {
    List<PanelRow> rows = new ArrayList<>();
    for (int fy = first; fy <= last; fy++) {
      for (int age = 0; age < 2; age++) {
        Map<String, long[]> aggregates = new LinkedHashMap<>();
        aggregates.put(ENGLAND, new long[2]);
        aggregates.put(WALES, new long[2]);
        aggregates.put(ENGLAND_AND_WALES, new long[2]);
        partnership.ifPresent(p -> aggregates.put(p.id(), new long[2]));
        boolean complete = true;
        for (String pfa : Geography.reference().pfas().keySet()) {
          long n = counts.getOrDefault(pfa + "/" + fy, new long[2])[age];
          Long[] pop = population.get(pfa + "/" + fy);
          Long denominator = pop == null ? null : pop[age];
          rows.add(row(def, age, pfa, "pfa", PanelJob.name(pfa), fy, n, denominator));
          complete &= denominator != null;
          add(aggregates.get(ENGLAND_AND_WALES), n, denominator);
          add(aggregates.get(pfa.startsWith("W") ? WALES : ENGLAND), n, denominator);
          if (partnership.isPresent() && partnership.get().pfas().contains(pfa)) {
            add(aggregates.get(partnership.get().id()), n, denominator);
          }
        }
        for (String la : Geography.reference().las().keySet()) {
          rows.add(local(def, age, la, "la", fy, counts, population));
        }
        for (String csp : Geography.reference().csps().keySet()) {
          rows.add(local(def, age, csp, "csp", fy, counts, population));
        }
        for (Map.Entry<String, long[]> a : aggregates.entrySet()) {
          boolean isPartnership =
              partnership.isPresent() && partnership.get().id().equals(a.getKey());
          String name =
              isPartnership
                  ? partnership.get().name()
                  : switch (a.getKey()) {
                    case ENGLAND -> "England";
                    case WALES -> "Wales";
                    default -> "England and Wales";
                  };
          Long denominator = complete ? a.getValue()[1] : null;
          rows.add(
              row(
                  def,
                  age,
                  a.getKey(),
                  isPartnership ? "partnership" : "country",
                  name,
                  fy,
                  a.getValue()[0],
                  denominator));
        }
      }
    }
    return rows;
  }

  /** A local authority's or community safety partnership's row. */
  private static PanelRow local(
      MeasureDefinition def,
      int age,
      String code,
      String level,
      int fy,
      Map<String, long[]> counts,
      Map<String, Long[]> population) {
    long n = counts.getOrDefault(code + "/" + fy, new long[2])[age];
    Long[] pop = population.get(code + "/" + fy);
    return row(def, age, code, level, PanelJob.name(code), fy, n, pop == null ? null : pop[age]);
  }

  private static void add(long[] total, long n, Long denominator) {
    total[0] += n;
    total[1] += denominator == null ? 0 : denominator;
  }

  private static PanelRow row(
      MeasureDefinition def,
      int age,
      String code,
      String level,
      String name,
      int fy,
      long n,
      Long d) {
    return new PanelRow(
        def.id(),
        age == 0 ? PanelJob.ALL_AGES : PanelJob.AGED_0_24,
        code,
        level,
        name,
        fy,
        n,
        PanelJob.rate(n, d, def.multiplier()),
        d == null || d <= 0 ? Optional.of(NO_POPULATION) : Optional.empty());
  }
}
