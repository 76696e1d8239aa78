package vru.ingest.api.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import vru.core.geo.Geography;
import vru.core.geo.ReferencePopulation;

/**
 * Synthetic LSOAs inside the real 2025 LA/CSP/PFA hierarchy, sized from the real mid-2020
 * population (about 1,600 residents each). Codes follow the GSS pattern but start at {@code
 * E01900001} / {@code W01900001}, a range no real LSOA uses. An LA split across CSPs has its LSOAs
 * dealt out to them in turn.
 */
final class SyntheticGeography {
  static final double GROWTH_PER_YEAR = 0.006;
  static final int BANDS = ReferencePopulation.AGE_BANDS.size();

  record Lsoa(String code, String name, Geography.Link link, double share) {}

  /** LSOAs of one PFA with cumulative population weights, for sampling where events happen. */
  record PfaLsoas(String pfa, Lsoa[] lsoas, double[] cumulative) {
    Lsoa sample(SplittableRandom random) {
      double u = random.nextDouble() * cumulative[cumulative.length - 1];
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lsoas[lo];
    }
  }

  final List<Lsoa> lsoas = new ArrayList<>();
  final Map<String, PfaLsoas> byPfa = new LinkedHashMap<>();

  /** LA code to mid-2020 population by [sex (0 F, 1 M) * BANDS + band]. */
  final Map<String, long[]> laPopulation = new LinkedHashMap<>();

  private final Map<String, String> pfaOfLa = new LinkedHashMap<>();

  SyntheticGeography(long seed) {
    for (ReferencePopulation.Cell c : ReferencePopulation.mid2020()) {
      long[] cells = laPopulation.computeIfAbsent(c.laCode(), k -> new long[2 * BANDS]);
      int sex = c.sex().equals("M") ? 1 : 0;
      cells[sex * BANDS + ReferencePopulation.AGE_BANDS.indexOf(c.ageBand())] += c.population();
    }
    Map<String, List<Geography.Link>> linksByLa = new LinkedHashMap<>();
    for (Geography.Link l : Geography.reference().links()) {
      linksByLa.computeIfAbsent(l.la().code(), k -> new ArrayList<>()).add(l);
      pfaOfLa.put(l.la().code(), l.pfa().code());
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x6E0L);
    int england = 900001;
    int wales = 900001;
    Map<String, List<Lsoa>> perPfa = new LinkedHashMap<>();
    for (Map.Entry<String, List<Geography.Link>> e : linksByLa.entrySet()) {
      long pop = total(laPopulation.get(e.getKey()));
      int n = (int) Math.max(1, Math.round(pop / 1600.0));
      double[] weights = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        weights[i] = Math.exp(0.3 * Poisson.gaussian(random));
        sum += weights[i];
      }
      List<Geography.Link> links = e.getValue();
      for (int i = 0; i < n; i++) {
        Geography.Link link = links.get(i % links.size());
        boolean welsh = e.getKey().startsWith("W");
        String code = (welsh ? "W01" : "E01") + (welsh ? wales++ : england++);
        String name =
            link.la().name() + " " + String.format("%03d", i / 26 + 1) + (char) ('A' + i % 26);
        Lsoa lsoa = new Lsoa(code, name, link, weights[i] / sum);
        lsoas.add(lsoa);
        perPfa.computeIfAbsent(link.pfa().code(), k -> new ArrayList<>()).add(lsoa);
      }
    }
    for (Map.Entry<String, List<Lsoa>> e : perPfa.entrySet()) {
      Lsoa[] arr = e.getValue().toArray(new Lsoa[0]);
      double[] cumulative = new double[arr.length];
      double running = 0;
      for (int i = 0; i < arr.length; i++) {
        running += arr[i].share() * total(laPopulation.get(arr[i].link().la().code()));
        cumulative[i] = running;
      }
      byPfa.put(e.getKey(), new PfaLsoas(e.getKey(), arr, cumulative));
    }
  }

  /** Population of an LA cell in the mid-year {@code year}, grown from mid-2020. */
  static long grow(long mid2020, int year) {
    return Math.round(mid2020 * Math.pow(1 + GROWTH_PER_YEAR, year - 2020));
  }

  /** All-ages population of a PFA in mid-{@code year}. */
  long pfaPopulation(String pfa, int year) {
    long sum = 0;
    for (Map.Entry<String, long[]> e : laPopulation.entrySet()) {
      if (pfaOfLa.get(e.getKey()).equals(pfa)) {
        for (long cell : e.getValue()) {
          sum += grow(cell, year);
        }
      }
    }
    return sum;
  }

  static long total(long[] cells) {
    long sum = 0;
    for (long c : cells) {
      sum += c;
    }
    return sum;
  }
}
