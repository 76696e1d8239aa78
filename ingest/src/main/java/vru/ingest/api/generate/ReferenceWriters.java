package vru.ingest.api.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.SplittableRandom;
import vru.core.geo.CsvLine;
import vru.core.geo.ReferencePopulation;
import vru.ingest.api.generate.EventModel.Stream;

/** The small files: geography lookup, population, Homicide Index and programme monitoring. */
final class ReferenceWriters {
  private static final String[] METHODS = {
    "sharp_instrument", "hitting_kicking", "blunt_instrument", "strangulation", "shooting", "other"
  };
  private static final double[] METHOD_WEIGHTS = {40, 20, 8, 7, 4, 21};
  private static final String[] INTERVENTIONS = {
    "mentoring", "a_and_e_navigators", "focused_deterrence", "school_programmes"
  };
  private static final double[] REFERRALS_PER_MONTH = {30, 45, 12, 120};
  private static final int[] UNIT_COST = {1200, 300, 900, 150};

  private ReferenceWriters() {}

  static GeneratedFile geography(SyntheticGeography g, Path out) throws IOException {
    try (RecordFile f =
        new RecordFile(
            out.resolve("geography/lsoa-lookup.csv"),
            "geography",
            "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,valid_to")) {
      for (SyntheticGeography.Lsoa l : g.lsoas) {
        f.row(
            String.join(
                ",",
                l.code(),
                CsvLine.quote(l.name()),
                l.link().la().code(),
                CsvLine.quote(l.link().la().name()),
                l.link().csp().code(),
                CsvLine.quote(l.link().csp().name()),
                l.link().pfa().code(),
                CsvLine.quote(l.link().pfa().name()),
                "2011-01-01",
                ""));
      }
      return f.finish();
    }
  }

  /**
   * A synthetic LSOA → Index of Multiple Deprivation decile lookup in the layout of the published
   * English Indices of Deprivation file (File 1): an LSOA drawing more of its local authority's
   * events than its fair share is made more deprived, with noise, ranked within England and within
   * Wales separately (decile 1 the most deprived tenth), so the demo's review shows a gradient.
   */
  static GeneratedFile deprivation(SyntheticGeography g, Path out, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, "deprivation"));
    Map<String, Integer> perLa = new java.util.HashMap<>();
    for (SyntheticGeography.Lsoa l : g.lsoas) {
      perLa.merge(l.link().la().code(), 1, Integer::sum);
    }
    Map<String, java.util.List<Object[]>> byCountry = new java.util.TreeMap<>();
    for (SyntheticGeography.Lsoa l : g.lsoas) {
      double risk =
          Math.log(l.share() * perLa.get(l.link().la().code())) + 0.1 * Poisson.gaussian(random);
      byCountry
          .computeIfAbsent(l.code().substring(0, 1), k -> new java.util.ArrayList<>())
          .add(new Object[] {l, risk});
    }
    try (RecordFile f =
        new RecordFile(
            out.resolve("deprivation/imd-deciles.csv"),
            "deprivation-lookup",
            "LSOA code (2011),LSOA name (2011),Index of Multiple Deprivation (IMD) Decile")) {
      for (java.util.List<Object[]> country : byCountry.values()) {
        country.sort((a, b) -> Double.compare((double) b[1], (double) a[1]));
        for (int i = 0; i < country.size(); i++) {
          SyntheticGeography.Lsoa l = (SyntheticGeography.Lsoa) country.get(i)[0];
          int decile = 1 + (int) (10L * i / country.size());
          f.row(l.code() + "," + CsvLine.quote(l.name()) + "," + decile);
        }
      }
      return f.finish();
    }
  }

  /** Mid-year estimates by LA, sex and five-year band, long form, one row per cell. */
  static GeneratedFile population(SyntheticGeography g, Path out, GenerateOptions o)
      throws IOException {
    try (RecordFile f =
        new RecordFile(
            out.resolve("population/mye-la-" + o.firstYear() + "-" + o.lastYear() + ".csv"),
            "population",
            "year,area_code,sex,age_band,population")) {
      for (int year = o.firstYear(); year <= o.lastYear(); year++) {
        for (Map.Entry<String, long[]> e : g.laPopulation.entrySet()) {
          for (int sex = 0; sex < 2; sex++) {
            for (int b = 0; b < SyntheticGeography.BANDS; b++) {
              long pop =
                  SyntheticGeography.grow(e.getValue()[sex * SyntheticGeography.BANDS + b], year);
              f.row(
                  year
                      + ","
                      + e.getKey()
                      + ","
                      + (sex == 0 ? "F" : "M")
                      + ","
                      + ReferencePopulation.AGE_BANDS.get(b)
                      + ","
                      + pop);
            }
          }
        }
      }
      return f.finish();
    }
  }

  static GeneratedFile homicides(EventModel model, Path out, GenerateOptions o) throws IOException {
    SplittableRandom random = new SplittableRandom(Seeds.mix(o.seed(), "homicide"));
    try (RecordFile f =
        new RecordFile(
            out.resolve("homicide/homicide-index.csv"),
            "homicide-index",
            "homicide_ref,date_recorded,method_of_killing,victim_age,victim_sex,domestic,force_code,lsoa_code")) {
      long[] seq = {0};
      for (int fy = o.firstYear(); fy <= o.lastYear(); fy++) {
        model.forEachEvent(
            fy,
            new Stream[] {Stream.HOMICIDE},
            random,
            (area, stream, month) -> {
              StringBuilder row = new StringBuilder(96);
              row.append("HI-");
              Draw.pad(row, ++seq[0], 6).append(',');
              row.append(Draw.day(random, month)).append(',');
              row.append(METHODS[Draw.weighted(random, METHOD_WEIGHTS)]).append(',');
              row.append(Draw.age(random, Draw.HOMICIDE_AGE)).append(',');
              row.append(Draw.chance(random, 0.7) ? 'M' : 'F').append(',');
              row.append(Draw.chance(random, 0.25) ? 'Y' : 'N').append(',');
              row.append(area.pfa()).append(',').append(area.sample(random).code());
              f.row(row);
            });
      }
      return f.finish();
    }
  }

  /** Monthly referrals, starts, completions and costs of four interventions in programme areas. */
  static GeneratedFile programme(Path out, GenerateOptions o) throws IOException {
    SplittableRandom random = new SplittableRandom(Seeds.mix(o.seed(), "programme"));
    try (RecordFile f =
        new RecordFile(
            out.resolve("programme/programme-monitoring.csv"),
            "programme",
            "intervention,area_code,month,referrals,starts,completions,cost_gbp")) {
      for (Map.Entry<String, LocalDate> p :
          Programme.STARTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
        for (LocalDate month = p.getValue();
            month.isBefore(LocalDate.of(o.lastYear() + 1, 4, 1));
            month = month.plusMonths(1)) {
          for (int i = 0; i < INTERVENTIONS.length; i++) {
            int referrals = Poisson.draw(random, REFERRALS_PER_MONTH[i]);
            int starts = binomial(random, referrals, 0.7);
            int completions = binomial(random, starts, 0.6);
            f.row(
                INTERVENTIONS[i]
                    + ","
                    + p.getKey()
                    + ","
                    + month.toString().substring(0, 7)
                    + ","
                    + referrals
                    + ","
                    + starts
                    + ","
                    + completions
                    + ","
                    + starts * UNIT_COST[i]);
          }
        }
      }
      return f.finish();
    }
  }

  private static int binomial(SplittableRandom random, int n, double p) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }
}
