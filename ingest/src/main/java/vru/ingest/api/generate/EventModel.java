package vru.ingest.api.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Expected monthly event counts per police force area: a national annual volume shared out by
 * population and a per-force level, times a national trend, seasonality (a summer peak), a dip in
 * 2020, a little year-to-year noise per force, and the injected programme effect. Every factor is a
 * pure function of the seed, so the truth can be computed without drawing a single event.
 */
final class EventModel {
  /** One kind of event with its national volume at scale 1 and its shape. */
  enum Stream {
    KNIFE_CRIME(50_000, true, Trends.KNIFE),
    OTHER_CRIME(1_500_000, false, Trends.OTHER),
    KNIFE_ADMISSION(4_500, true, Trends.KNIFE),
    OTHER_ADMISSION(95_000, false, Trends.OTHER),
    HOMICIDE(600, true, Trends.HOMICIDE),
    PROGRAMME(0, false, Trends.OTHER);

    final double annualVolume;
    final boolean affectedByProgramme;
    final double[] trend;

    Stream(double annualVolume, boolean affected, double[] trend) {
      this.annualVolume = annualVolume;
      this.affectedByProgramme = affected;
      this.trend = trend;
    }
  }

  private static final class Trends {
    static final double[] KNIFE = {
      0.70, 0.76, 0.86, 0.97, 1.03, 1.06, 0.94, 0.98, 1.00, 0.99, 0.97
    };
    static final double[] OTHER = {
      0.80, 0.85, 0.92, 0.98, 1.02, 1.05, 0.97, 1.03, 1.04, 1.03, 1.02
    };
    static final double[] HOMICIDE = {
      0.85, 0.92, 1.0, 1.05, 1.06, 1.05, 0.98, 1.0, 0.95, 0.92, 0.90
    };
  }

  private static final Set<String> METROPOLITAN =
      Set.of(
          "E23000001",
          "E23000014",
          "E23000005",
          "E23000004",
          "E23000010",
          "E23000007",
          "E23000011");
  private static final String CITY_OF_LONDON = "E23000034";

  private final long seed;
  private final double scale;
  private final double nationalScale;
  private final SyntheticGeography geography;
  private final Map<Stream, Map<String, Double>> shares = new LinkedHashMap<>();

  EventModel(long seed, double scale, double nationalScale, SyntheticGeography geography) {
    this.seed = seed;
    this.scale = scale;
    this.nationalScale = nationalScale;
    this.geography = geography;
    for (Stream s : Stream.values()) {
      Map<String, Double> weights = new LinkedHashMap<>();
      double sum = 0;
      for (String pfa : geography.byPfa.keySet()) {
        double w = geography.pfaPopulation(pfa, 2020) * level(pfa, s);
        weights.put(pfa, w);
        sum += w;
      }
      for (Map.Entry<String, Double> e : weights.entrySet()) {
        e.setValue(e.getValue() / sum);
      }
      shares.put(s, weights);
    }
  }

  /** The force's level relative to its population: higher in cities, constant over time. */
  double level(String pfa, Stream s) {
    double base = Math.exp(0.3 * Poisson.gaussian(random("level", pfa, 0)));
    double jitter = Math.exp(0.1 * Poisson.gaussian(random("level-" + s, pfa, 0)));
    double urban = METROPOLITAN.contains(pfa) ? 1.7 : 1.0;
    double city = pfa.equals(CITY_OF_LONDON) ? 4.0 : 1.0;
    return base * jitter * urban * city;
  }

  /** The expected count in {@code pfa} in the month starting {@code month}. */
  double expected(Stream s, String pfa, LocalDate month, boolean withEffect) {
    int fy = month.getMonthValue() >= 4 ? month.getYear() : month.getYear() - 1;
    double mean =
        s.annualVolume
            * (s.affectedByProgramme ? nationalScale : scale)
            * shares.get(s).get(pfa)
            * trend(s, fy)
            * season(month)
            * pandemic(month)
            * noise(s, pfa, fy)
            / 12.0;
    if (withEffect && s.affectedByProgramme) {
      mean *= Programme.effect(pfa, month);
    }
    return mean;
  }

  /** Receives one generated event. */
  interface EventSink {
    void event(SyntheticGeography.PfaLsoas area, Stream stream, LocalDate month) throws IOException;
  }

  /**
   * Draws every event of {@code streams} in financial year {@code fy}, month by month, force by
   * force, stream by stream (a fixed order, so the same seed gives the same events).
   */
  void forEachEvent(int fy, Stream[] streams, SplittableRandom random, EventSink sink)
      throws IOException {
    for (int m = 0; m < 12; m++) {
      LocalDate month = LocalDate.of(fy, 4, 1).plusMonths(m);
      for (SyntheticGeography.PfaLsoas area : geography.byPfa.values()) {
        for (Stream s : streams) {
          int n = Poisson.draw(random, expected(s, area.pfa(), month, true));
          for (int i = 0; i < n; i++) {
            sink.event(area, s, month);
          }
        }
      }
    }
  }

  static double trend(Stream s, int fy) {
    int i = Math.max(0, Math.min(s.trend.length - 1, fy - 2014));
    return s.trend[i];
  }

  /** Seasonality with mean 1 over a year and its peak in July. */
  static double season(LocalDate month) {
    return 1 + 0.1 * Math.cos(2 * Math.PI * (month.getMonthValue() - 7) / 12.0);
  }

  /** Fewer events in the first national lockdown and the rest of 2020/21. */
  static double pandemic(LocalDate month) {
    if (!month.isBefore(LocalDate.of(2020, 4, 1)) && month.isBefore(LocalDate.of(2020, 7, 1))) {
      return 0.75;
    }
    if (!month.isBefore(LocalDate.of(2020, 7, 1)) && month.isBefore(LocalDate.of(2021, 4, 1))) {
      return 0.92;
    }
    return 1.0;
  }

  private double noise(Stream s, String pfa, int fy) {
    return Math.exp(0.04 * Poisson.gaussian(random("noise-" + s, pfa, fy)));
  }

  private SplittableRandom random(String what, String pfa, int year) {
    return new SplittableRandom(Seeds.mix(seed, what + "/" + pfa + "/" + year));
  }

  SyntheticGeography geography() {
    return geography;
  }
}
