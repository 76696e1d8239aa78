package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

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
 * Mid-year population by area, year and five-year age band (sexes summed), for local authorities,
 * community safety partnerships, police force areas and aggregates of forces. Only the small
 * LA/band/year aggregate reaches the driver.
 */
final class Populations {
  static final int BANDS = Dsr.ESP2013_BANDS.size();
  private final Map<String, double[]> byAreaYear = new HashMap<>();

  private Populations() {}

  static Populations load(SparkSession spark, Warehouse wh, List<Areas.Aggregate> aggregates) {
    if (!Files.isDirectory(wh.table(Warehouse.POPULATION))) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "rates need population estimates: ingest the population source first");
    }
    Map<String, String> cspOfLa = new HashMap<>();
    for (Geography.Link l : Geography.reference().links()) {
      cspOfLa.putIfAbsent(l.la().code(), l.csp().code());
    }
    Populations p = new Populations();
    for (Row r :
        spark
            .read()
            .parquet(wh.table(Warehouse.POPULATION).toString())
            .groupBy(col("la_code"), col("pfa_code"), col("year"), col("age_band"))
            .agg(sum(col("population")).as("population"))
            .collectAsList()) {
      int band = Dsr.ESP2013_BANDS.indexOf(r.getString(3));
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
      p.add(r.getString(1), year, band, n);
      if (!r.isNullAt(0)) {
        p.add(r.getString(0), year, band, n);
        String csp = cspOfLa.get(r.getString(0));
        if (csp != null) {
          p.add(csp, year, band, n);
        }
      }
    }
    // an aggregate has a population only when every one of its forces has one for that year
    Map<String, double[]> forces = new HashMap<>(p.byAreaYear);
    for (Areas.Aggregate a : aggregates) {
      for (String key : forces.keySet()) {
        int year = Integer.parseInt(key.substring(key.indexOf('/') + 1));
        if (!key.startsWith(a.pfas().get(0) + "/")) {
          continue;
        }
        double[] total = new double[BANDS];
        boolean complete = true;
        for (String pfa : a.pfas()) {
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
        }
      }
    }
    return p;
  }

  private void add(String code, int year, int band, double n) {
    byAreaYear.computeIfAbsent(code + "/" + year, k -> new double[BANDS])[band] += n;
  }

  /** Population by band for an area and year, or null when there is no estimate. */
  double[] of(String code, int year) {
    return byAreaYear.get(code + "/" + year);
  }
}
