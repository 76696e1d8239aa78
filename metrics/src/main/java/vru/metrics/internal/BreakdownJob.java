package vru.metrics.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.BreakdownValue;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;

/**
 * Who is affected: each measure's events in the partnership's areas per financial year by sex, by
 * age band and by LSOA, counted in Spark (one small aggregate per measure reaches the driver), with
 * the resident population of each sex and age band, published to PostgreSQL for the annual review.
 * Nothing is published without a partnership.
 */
public final class BreakdownJob {
  /** The age bands of the breakdown, by their lower bound; events without an age are "unknown". */
  static final int[] AGE_FROM = {0, 15, 25, 35, 50};

  private BreakdownJob() {}

  /** The breakdowns of {@code defs}; empty without a partnership. */
  public static List<BreakdownValue> run(
      MetricsRequest request, Collection<MeasureDefinition> defs) {
    if (request.partnership().isEmpty()) {
      return List.of();
    }
    MetricsRequest.Partnership p = request.partnership().get();
    Map<String, double[]> population = population(request, members(p, "pfa_code"));
    List<String> lsoas = lsoas(request, members(p, "pfa_code"));
    List<BreakdownValue> out = new ArrayList<>();
    for (MeasureDefinition def : defs) {
      if (PublishedTable.summed(def.table()) || def.table().equals(Warehouse.FINGERTIPS)) {
        // aggregated counts and published values carry their own breakdowns, as the provider
        // made them
        continue;
      }
      String sex = def.table().equals(Warehouse.ADMISSIONS) ? "sex" : "victim_sex";
      Map<String, long[]> cells = new TreeMap<>();
      Dataset<Row> events =
          request.spark().read().parquet(request.warehouse().table(def.table()).toString());
      List<String> has = List.of(events.columns());
      // a column the table lacks (a table written before it was added) counts as not recorded
      Column none = lit(null).cast("string");
      for (Row r :
          events
              .filter(expr(def.filter()).and(members(p, Counts.force(def.table()))))
              .groupBy(
                  col("financial_year"),
                  coalesce(has.contains(sex) ? col(sex) : none, lit("U")).as("sex"),
                  ageBand(has.contains(def.ageColumn()) ? col(def.ageColumn()) : none.cast("int"))
                      .as("age"),
                  (has.contains("lsoa_code") ? col("lsoa_code") : none).as("lsoa"))
              .agg(count(lit(1)).as("n"))
              .collectAsList()) {
        int fy = r.<Integer>getAs("financial_year");
        long n = r.<Long>getAs("n");
        String sexCode = r.getAs("sex");
        String lsoa = r.getAs("lsoa");
        String s = List.of("M", "F").contains(sexCode) ? sexCode : "U";
        add(cells, fy + "/sex/" + s, n);
        add(cells, fy + "/age/" + r.<String>getAs("age"), n);
        add(cells, fy + "/lsoa/" + (lsoa == null ? "unknown" : lsoa), n);
      }
      // every LSOA of the partnership in each year the table has events for it, with none as a
      // true zero, so the review can set a deprivation fifth's events beside its share of LSOAs
      for (String fy : cells.keySet().stream().map(k -> k.split("/")[0]).distinct().toList()) {
        for (String lsoa : lsoas) {
          cells.putIfAbsent(fy + "/lsoa/" + lsoa, new long[1]);
        }
      }
      for (Map.Entry<String, long[]> e : cells.entrySet()) {
        String[] k = e.getKey().split("/", 3);
        int fy = Integer.parseInt(k[0]);
        double[] pop = population.get(k[0] + "/" + k[1] + "/" + k[2]);
        out.add(
            new BreakdownValue(
                def.id(),
                p.id(),
                fy,
                k[1],
                k[2],
                e.getValue()[0],
                pop == null ? Double.NaN : pop[0]));
      }
    }
    publish(request, out);
    return out;
  }

  /**
   * The partnership's rows of a table: a member force's by {@code force} (the force an event counts
   * for, {@link Counts#force}), a member CSP's or local authority's by its local authority.
   */
  private static Column members(MetricsRequest.Partnership p, String force) {
    return members(p, col(force));
  }

  private static Column members(MetricsRequest.Partnership p, Column force) {
    vru.core.geo.Geography g = vru.core.geo.Geography.reference();
    List<String> forces = p.areas().stream().filter(g.pfas()::containsKey).toList();
    List<String> las =
        new MetricsRequest.Partnership(
                p.id(), p.name(), p.areas().stream().filter(a -> !g.pfas().containsKey(a)).toList())
            .localAuthorities();
    return force.isin(forces.toArray()).or(col("la_code").isin(las.toArray()));
  }

  /** The LSOAs of the partnership's areas in the geography table; none without it. */
  private static List<String> lsoas(MetricsRequest request, Column members) {
    if (!Files.isDirectory(request.warehouse().table(Warehouse.GEOGRAPHY))) {
      return List.of();
    }
    return request
        .spark()
        .read()
        .parquet(request.warehouse().table(Warehouse.GEOGRAPHY).toString())
        .filter(members)
        .select(col("lsoa_code"))
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.<String>getAs("lsoa_code"))
        .toList();
  }

  private static void add(Map<String, long[]> cells, String key, long n) {
    cells.computeIfAbsent(key, x -> new long[1])[0] += n;
  }

  /** The band label of an age: {@code 0-14}, {@code 15-24}, …, {@code 50+}, or {@code unknown}. */
  static Column ageBand(Column age) {
    Column band = when(age.isNull(), lit("unknown"));
    for (int i = 0; i < AGE_FROM.length; i++) {
      band = band.when(age.lt(i + 1 < AGE_FROM.length ? AGE_FROM[i + 1] : 1000), lit(label(i)));
    }
    return band;
  }

  static String label(int i) {
    return i + 1 < AGE_FROM.length ? AGE_FROM[i] + "-" + (AGE_FROM[i + 1] - 1) : AGE_FROM[i] + "+";
  }

  /**
   * The partnership's residents by {@code year/sex/M|F} and {@code year/age/band} (persons as
   * published where the table has them, else males plus females); a five-year band goes to the
   * breakdown band holding its lower bound.
   */
  private static Map<String, double[]> population(MetricsRequest request, Column members) {
    Map<String, double[]> out = new HashMap<>();
    if (!Files.isDirectory(request.warehouse().table(Warehouse.POPULATION))) {
      return out;
    }
    Map<String, double[]> persons = new HashMap<>();
    Map<String, double[]> bySex = new HashMap<>();
    for (Row r :
        request
            .spark()
            .read()
            .parquet(request.warehouse().table(Warehouse.POPULATION).toString())
            .filter(members)
            .groupBy(col("year"), col("sex"), col("age_band"))
            .agg(sum(col("population")).as("n"))
            .collectAsList()) {
      String year = Integer.toString(r.<Integer>getAs("year"));
      String sex = r.getAs("sex");
      String band = year + "/age/" + label(groupOf(r.getAs("age_band")));
      double n = r.<Long>getAs("n");
      if (sex.equals("P")) {
        persons.computeIfAbsent(band, x -> new double[1])[0] += n;
      } else {
        bySex.computeIfAbsent(band, x -> new double[1])[0] += n;
        out.computeIfAbsent(year + "/sex/" + sex, x -> new double[1])[0] += n;
      }
    }
    out.putAll(bySex);
    out.putAll(persons);
    return out;
  }

  /**
   * The breakdown band of a population age band such as {@code 15-19}, {@code 90+} or {@code 85+}.
   */
  static int groupOf(String band) {
    int from = Integer.parseInt(band.replaceAll("^(\\d+).*$", "$1"));
    int g = 0;
    while (g + 1 < AGE_FROM.length && from >= AGE_FROM[g + 1]) {
      g++;
    }
    return g;
  }

  private static void publish(MetricsRequest request, List<BreakdownValue> values) {
    String sql =
        "insert into measure_breakdown(job_run_id, measure, area_code, financial_year, dimension,"
            + " category, events, population) values (?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = request.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (BreakdownValue v : values) {
        ps.setObject(1, request.jobRun());
        ps.setString(2, v.measure());
        ps.setString(3, v.areaCode());
        ps.setInt(4, v.financialYear());
        ps.setString(5, v.dimension());
        ps.setString(6, v.category());
        ps.setLong(7, v.events());
        ps.setObject(8, Double.isNaN(v.population()) ? null : v.population());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot publish who is affected: " + e.getMessage(), e);
    }
  }
}
