package vru.metrics.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.metrics.stats.Dsr;

/**
 * Mid-year population by area, year and five-year age band (a persons table where one was ingested,
 * else males and females summed), for local authorities, community safety partnerships, police
 * force areas and aggregates of forces. Only the small LA/band/year aggregate reaches the driver.
 */
final class Populations {
  static final int BANDS = Dsr.ESP2013_BANDS.size();

  /** The label of an open top band of 85 and over, as some published tables have. */
  static final String OPEN_TOP_BAND = "85+";

  private static final int FOLDED_BAND = Dsr.ESP2013_BANDS.indexOf("85-89");
  private final Map<String, double[]> byAreaYear = new HashMap<>();
  private final java.util.Set<String> openTop = new java.util.HashSet<>();

  private Populations() {}

  /** No estimates: for a run whose measures are all published values with their denominators. */
  static Populations none() {
    return new Populations();
  }

  static Populations load(SparkSession spark, Warehouse wh, List<Areas.Aggregate> aggregates) {
    if (!Files.isDirectory(wh.table(Warehouse.POPULATION))) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "rates need population estimates: ingest the population source first");
    }
    Map<String, String> cspOfLa = Geography.reference().cspOfLa();
    Populations p = new Populations();
    for (Row r :
        spark
            .read()
            .parquet(wh.table(Warehouse.POPULATION).toString())
            .groupBy(col("la_code"), col("pfa_code"), col("year"), col("age_band"))
            // persons as published where there is a persons table, else males plus females
            .agg(
                coalesce(
                        sum(when(col("sex").equalTo("P"), col("population"))),
                        sum(when(col("sex").notEqual("P"), col("population"))))
                    .as("population"))
            .collectAsList()) {
      boolean open = r.getString(3).equals(OPEN_TOP_BAND);
      int band = open ? FOLDED_BAND : Dsr.ESP2013_BANDS.indexOf(r.getString(3));
      if (band < 0) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "the population table has age band '"
                + r.getString(3)
                + "'; expected the 19 five-year bands "
                + String.join(", ", Dsr.ESP2013_BANDS));
      }
      int year = r.getInt(2);
      double n = r.getLong(4);
      List<String> codes = new java.util.ArrayList<>(List.of(r.getString(1)));
      if (!r.isNullAt(0)) {
        codes.add(r.getString(0));
        String csp = cspOfLa.get(r.getString(0));
        if (csp != null) {
          codes.add(csp);
        }
      }
      for (String code : codes) {
        p.add(code, year, band, n);
        if (open) {
          p.openTop.add(code + "/" + year);
        }
      }
    }
    p.fold();
    // an aggregate has a population only when every one of its members has one for that year
    Map<String, double[]> forces = new HashMap<>(p.byAreaYear);
    for (Areas.Aggregate a : aggregates) {
      for (String key : forces.keySet()) {
        int year = Integer.parseInt(key.substring(key.indexOf('/') + 1));
        if (!key.startsWith(a.members().get(0) + "/")) {
          continue;
        }
        double[] total = new double[BANDS];
        boolean complete = true;
        for (String pfa : a.members()) {
          double[] v = forces.get(pfa + "/" + year);
          if (v == null) {
            complete = false;
            break;
          }
          for (int b = 0; b < BANDS; b++) {
            total[b] += v[b];
          }
        }
        if (complete) {
          p.byAreaYear.put(a.code() + "/" + year, total);
          if (a.members().stream().anyMatch(f -> p.openTop.contains(f + "/" + year))) {
            p.openTop.add(a.code() + "/" + year);
          }
        }
      }
    }
    return p;
  }

  /**
   * An area-year where some population came as "85+" (the top band of some published LSOA tables)
   * holds its 85 and over in the 85-89 slot and nothing in 90+; see {@link #openTopBand}.
   */
  private void fold() {
    for (String key : openTop) {
      double[] v = byAreaYear.get(key);
      v[FOLDED_BAND] += v[BANDS - 1];
      v[BANDS - 1] = 0;
    }
  }

  /**
   * Whether the population of this area and year has one open band, 85 and over, in the 85-89 slot
   * (then a standardised rate uses the standard population's 85-89 and 90+ weights together).
   */
  boolean openTopBand(String code, int year) {
    return openTop.contains(code + "/" + year);
  }

  private void add(String code, int year, int band, double n) {
    byAreaYear.computeIfAbsent(code + "/" + year, k -> new double[BANDS])[band] += n;
  }

  /**
   * An area's population estimate for a year, by band, and the mid-year it is for.
   *
   * @param year the estimate's mid-year: the year asked for, or an earlier one carried forward
   * @param bands population by five-year band
   */
  record Estimate(int year, double[] bands) {}

  /** The years each area has an estimate for, built once on first use. */
  private Map<String, java.util.TreeSet<Integer>> years;

  /**
   * The area's estimate for {@code year} or, where none was loaded for that year, the latest
   * earlier one carried forward (as published indicators use the latest estimates until newer ones
   * appear); empty when the area has no estimate for that year or any before it. Never a later
   * year's estimate, and never one made up from other areas.
   */
  java.util.Optional<Estimate> latest(String code, int year) {
    double[] exact = byAreaYear.get(code + "/" + year);
    if (exact != null) {
      return java.util.Optional.of(new Estimate(year, exact));
    }
    if (years == null) {
      years = new HashMap<>();
      for (String key : byAreaYear.keySet()) {
        int at = key.lastIndexOf('/');
        years
            .computeIfAbsent(key.substring(0, at), k -> new java.util.TreeSet<>())
            .add(Integer.parseInt(key.substring(at + 1)));
      }
    }
    java.util.TreeSet<Integer> known = years.get(code);
    Integer earlier = known == null ? null : known.floor(year);
    return earlier == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new Estimate(earlier, byAreaYear.get(code + "/" + earlier)));
  }
}
