package vru.metrics.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.Period;

/**
 * A measure's events counted in Spark per local authority, CSP, force, month and five-year age band
 * (only this aggregate reaches the driver), then held per area as {@code [month][slot]}: slots 0–18
 * are the ESP2013 bands, slot 19 events without an age.
 */
final class Counts {
  static final int UNKNOWN_AGE = Populations.BANDS;
  static final int SLOTS = Populations.BANDS + 1;

  /** The date column of each table counted by measures. */
  static final Map<String, String> DATE_COLUMN =
      Map.of(
          Warehouse.POLICE_INCIDENTS, "recorded_date",
          Warehouse.ADMISSIONS, "admission_date",
          Warehouse.HOMICIDES, "date_recorded",
          Warehouse.POLICE_UK, "month",
          Warehouse.COUNTS, "first_month",
          Warehouse.RECORDED_CRIME, "first_month");

  /**
   * The police force area an event counts for: where it happened, except in data.police.uk files,
   * where it is the force that recorded it ("Falls within"; a City of London crime located in
   * Westminster is the City's, and a crime with no location still counts for its force).
   */
  static Column force(String table) {
    return table.equals(Warehouse.POLICE_UK) ? col("force_code") : col("pfa_code");
  }

  /**
   * The unit whose data coverage a table is judged by: the police force area for record-level
   * tables (a force sends all its records or none), the local authority for aggregated counts (a
   * third party's file may hold one authority of a force), and the force a row is in for rows
   * counted as published (a CSP's or a force's own).
   */
  static Column coverageUnit(String table, Basis basis) {
    if (basis.published()) {
      return col("covering_force");
    }
    return table.equals(Warehouse.COUNTS) ? col("la_code") : force(table);
  }

  /**
   * How a measure's rows are counted: in which period, and whether each CSP and force row counts
   * for its own area as published (the recorded-crime tables; aggregated counts with no row of a
   * local authority or smaller area) rather than local authorities' cells being summed.
   */
  record Basis(String periodType, boolean published) {}

  /** Aggregated counts' levels counted as published, each row for its own area. */
  static final List<String> PUBLISHED_LEVELS = List.of("csp", "pfa");

  /**
   * The rows of a table a measure counts: for aggregated counts, those of the period type its basis
   * names and of its level: an LSOA, ward or local authority (whose coverage can be judged by local
   * authority), or, for a measure with none of those, a CSP or force counted as published.
   */
  static Column counted(String table, Basis basis) {
    if (table.equals(Warehouse.RECORDED_CRIME)) {
      return col("period_type").equalTo(basis.periodType());
    }
    return table.equals(Warehouse.COUNTS)
        ? level(basis.published()).and(col("period_type").equalTo(basis.periodType()))
        : lit(true);
  }

  /**
   * The aggregated rows of the level counted: CSPs and forces, or what lies in a local authority.
   */
  static Column level(boolean published) {
    return published
        ? col("area_level").isin(PUBLISHED_LEVELS.toArray())
        : col("la_code").isNotNull();
  }

  /** Periods of aggregated rows, finest first. */
  static final List<String> PERIOD_TYPES = List.of("month", "quarter", "fy", "year", "r12");

  /**
   * The period a measure's rows are counted in: a month for record-level tables; for aggregated
   * counts the finest its rows come in (a file that gives months and, as totals, quarters is
   * counted by month, the quarters left out so nothing is counted twice; an ICB's file by financial
   * year is counted by financial year).
   */
  static Basis basis(SparkSession spark, Warehouse wh, MeasureDefinition def) {
    if (def.table().equals(Warehouse.RECORDED_CRIME)) {
      return new Basis("r12", true);
    }
    if (!def.table().equals(Warehouse.COUNTS)) {
      return new Basis("month", false);
    }
    java.util.Set<String> local = new java.util.HashSet<>();
    java.util.Set<String> published = new java.util.HashSet<>();
    for (Row r :
        spark
            .read()
            .parquet(wh.table(def.table()).toString())
            .filter(expr(def.filter()))
            .select(col("period_type"), level(false).as("local"), level(true).as("published"))
            .distinct()
            .collectAsList()) {
      if (r.<Boolean>getAs("local")) {
        local.add(r.getAs("period_type"));
      } else if (r.<Boolean>getAs("published")) {
        published.add(r.getAs("period_type"));
      }
    }
    // local authorities' cells when there are any (a CSP's row beside them would count twice)
    java.util.Set<String> present = local.isEmpty() ? published : local;
    return new Basis(
        PERIOD_TYPES.stream().filter(present::contains).findFirst().orElse("month"),
        local.isEmpty() && !published.isEmpty());
  }

  /**
   * The months of each row: one for record-level tables (the event's), every month from first to
   * last for aggregated counts (a financial year's row covers its 12).
   */
  private static Dataset<Row> withMonth(Dataset<Row> rows, String table) {
    if (!PublishedTable.summed(table)) {
      return rows.withColumn("month", date_format(col(DATE_COLUMN.get(table)), "yyyy-MM"));
    }
    return rows.withColumn(
        "month",
        org.apache.spark.sql.functions.explode(
            expr(
                "transform(sequence(to_date(concat(first_month, '-01')), to_date(concat(last_month,"
                    + " '-01')), interval 1 month), d -> date_format(d, 'yyyy-MM'))")));
  }

  /** The five-year band slot of an event: {@link #UNKNOWN_AGE} without an age column. */
  static Column band(MeasureDefinition def) {
    String age = def.ageColumn();
    if (age.equals(vru.core.config.MeasureCatalogue.NO_AGE)) {
      return lit(UNKNOWN_AGE);
    }
    return when(col(age).isNull(), lit(UNKNOWN_AGE))
        .when(col(age).geq(90), lit(UNKNOWN_AGE - 1))
        .otherwise(floor(col(age).divide(5)).cast("int"));
  }

  /**
   * The months a table covers: from its first to its last event, less any month in between with no
   * rows at all in a table averaging at least {@value #GAP_MIN_PER_MONTH} rows a month (there an
   * empty month means data missing; in a rarer table, such as homicides, it is a true zero).
   */
  /**
   * @param forces in a table averaging at least {@value #GAP_MIN_PER_MONTH} rows a month, the
   *     months each police force area with rows covers (its own first to last month when it too
   *     averages that many, else the table's): an area outside its force's range (a force absent
   *     altogether) has no data, never 0; empty in a rarer table (a force with no homicide in the
   *     whole table is a true zero)
   */
  record Coverage(
      String table,
      boolean published,
      YearMonth first,
      YearMonth last,
      List<YearMonth> gaps,
      Map<String, YearMonth[]> forces) {
    static final int GAP_MIN_PER_MONTH = 20;

    /**
     * The forces among {@code pfas} with no data for some month of {@code p}, each with those
     * months; empty when the table is too sparse to tell or every force has data.
     */
    Map<String, List<YearMonth>> forcesMissing(List<String> pfas, Period p) {
      Map<String, List<YearMonth>> out = new TreeMap<>();
      if (forces.isEmpty()) {
        return out;
      }
      for (String pfa : pfas) {
        YearMonth[] range = forces.get(pfa);
        for (YearMonth m = p.first(); !m.isAfter(p.last()); m = m.plusMonths(1)) {
          if (range == null || m.isBefore(range[0]) || m.isAfter(range[1])) {
            out.computeIfAbsent(pfa, k -> new ArrayList<>()).add(m);
          }
        }
      }
      return out;
    }

    /** The months of {@code p} the table does not cover. */
    List<YearMonth> missing(Period p) {
      List<YearMonth> out = new ArrayList<>();
      for (YearMonth m = p.first(); !m.isAfter(p.last()); m = m.plusMonths(1)) {
        if (m.isBefore(first) || m.isAfter(last) || gaps.contains(m)) {
          out.add(m);
        }
      }
      return out;
    }

    int index(YearMonth m) {
      return (int) first.until(m, java.time.temporal.ChronoUnit.MONTHS);
    }

    int months() {
      return index(last) + 1;
    }
  }

  final Coverage coverage;
  private final Map<String, long[][]> byArea = new HashMap<>();

  /** The areas with a row (the ones a published table gives, for {@link #listed}). */
  private final java.util.Set<String> listed = new java.util.HashSet<>();

  /**
   * Why a published table by CSP and force gives {@code members} no value, or empty when it lists
   * each: a local authority is not in it, nor a CSP it has no row for (never a 0).
   */
  java.util.Optional<String> unlisted(List<String> members) {
    if (!coverage.published()) {
      return java.util.Optional.empty();
    }
    for (String m : members) {
      if (!listed.contains(m)) {
        return java.util.Optional.of(
            (coverage.table().equals(Warehouse.RECORDED_CRIME)
                    ? "no data: the recorded_crime table gives community safety partnerships and"
                        + " police force areas, and has no row for "
                    : "no data: this measure's aggregate_counts rows are of community safety"
                        + " partnerships and police force areas, and include no row for ")
                + vru.core.geo.Geography.reference().nameOf(m).orElse(m)
                + " ("
                + m
                + ")");
      }
    }
    return java.util.Optional.empty();
  }

  /** Cells suppressed by the provider, by area and month (aggregated counts only). */
  private final Map<String, long[]> suppressed = new HashMap<>();

  private Counts(Coverage coverage) {
    this.coverage = coverage;
  }

  static Coverage coverage(SparkSession spark, Warehouse wh, String table, Basis basis) {
    String date = DATE_COLUMN.get(table);
    TreeMap<YearMonth, Long> months = new TreeMap<>();
    Map<String, YearMonth[]> forces = new TreeMap<>();
    Map<String, Long> forceRows = new HashMap<>();
    for (Row r :
        PublishedTable.read(spark, wh, table)
            .filter(counted(table, basis))
            .transform(rows -> withMonth(rows, table))
            .groupBy(coverageUnit(table, basis).as("pfa_code"), col("month"))
            .agg(count(lit(1)).as("n"))
            .collectAsList()) {
      String pfa = r.getAs("pfa_code");
      String label = r.getAs("month");
      long n = r.<Long>getAs("n");
      if (label == null) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            n
                + " rows of the "
                + table
                + " table have no "
                + date
                + ": the warehouse is damaged; ingest the source again into a new warehouse");
      }
      YearMonth month = YearMonth.parse(label);
      months.merge(month, n, Long::sum);
      if (pfa != null) {
        forces.merge(
            pfa,
            new YearMonth[] {month, month},
            (a, b) ->
                new YearMonth[] {
                  a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]
                });
        forceRows.merge(pfa, n, Long::sum);
      }
    }
    if (months.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, "the " + table + " table has no rows: ingest its source first");
    }
    YearMonth first = months.firstKey();
    YearMonth last = months.lastKey();
    long span = first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1;
    long total = months.values().stream().mapToLong(Long::longValue).sum();
    List<YearMonth> gaps = new ArrayList<>();
    // an aggregate lists the areas it covers: an area in it is covered from its first month to its
    // last (a cell it leaves out inside them is a true 0), an area not in it has no data
    boolean aggregate = PublishedTable.summed(table);
    boolean dense = aggregate || total >= Coverage.GAP_MIN_PER_MONTH * span;
    if (dense) {
      for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
        if (!months.containsKey(m)) {
          gaps.add(m);
        }
      }
    }
    // a force's own first and last month bound its data when it is dense enough to tell (its
    // rows average the same minimum a month); a sparser force present in the table covers the
    // table's months (its quiet months are true zeros); an absent force covers none
    for (Map.Entry<String, YearMonth[]> f : forces.entrySet()) {
      YearMonth[] range = f.getValue();
      long spanned = range[0].until(range[1], java.time.temporal.ChronoUnit.MONTHS) + 1;
      if (!aggregate && forceRows.get(f.getKey()) < Coverage.GAP_MIN_PER_MONTH * spanned) {
        f.setValue(new YearMonth[] {first, last});
      }
    }
    return new Coverage(
        table, basis.published(), first, last, gaps, dense ? Map.copyOf(forces) : Map.of());
  }

  static Counts of(
      SparkSession spark, Warehouse wh, MeasureDefinition def, Coverage coverage, Basis basis) {
    Dataset<Row> cells =
        PublishedTable.read(spark, wh, def.table())
            .filter(expr(def.filter()).and(counted(def.table(), basis)))
            .groupBy(
                col("la_code"),
                col("csp_code"),
                force(def.table()).as("pfa_code"),
                date_format(col(DATE_COLUMN.get(def.table())), "yyyy-MM").as("month"),
                band(def).as("band"),
                (PublishedTable.summed(def.table()) ? col("period_type") : lit("month")).as("type"),
                (PublishedTable.summed(def.table())
                        ? col("last_month")
                        : date_format(col(DATE_COLUMN.get(def.table())), "yyyy-MM"))
                    .as("last"))
            .agg(
                // aggregated counts are summed, a cell suppressed by the provider counted apart;
                // every other table's rows are events
                PublishedTable.summed(def.table())
                    ? coalesce(org.apache.spark.sql.functions.sum(col("count")), lit(0L)).as("n")
                    : count(lit(1)).as("n"),
                PublishedTable.summed(def.table())
                    ? org.apache
                        .spark
                        .sql
                        .functions
                        .sum(when(col("suppressed"), 1L).otherwise(0L))
                        .as("s")
                    : lit(0L).as("s"));
    Counts c = new Counts(coverage);
    // the periods longer than a month the rows come in, by type, each as first/last month
    Map<String, java.util.SortedSet<String>> blocks = new TreeMap<>();
    for (Row r : cells.collectAsList()) {
      // a row of a longer period (a financial year's count) is held in its first month: only a
      // period made of whole such blocks can be counted (blockReason)
      String month = r.getAs("month");
      String type = r.getAs("type");
      if (!type.equals("month")) {
        blocks
            .computeIfAbsent(type, k -> new java.util.TreeSet<>())
            .add(month + "/" + r.<String>getAs("last"));
      }
      int m = coverage.index(YearMonth.parse(month));
      int band = r.<Integer>getAs("band");
      long n = r.<Long>getAs("n");
      long hidden = r.<Long>getAs("s");
      for (String unit : List.of("la_code", "csp_code", "pfa_code")) {
        String code = r.getAs(unit);
        if (code != null) {
          c.listed.add(code);
          c.byArea.computeIfAbsent(code, k -> new long[coverage.months()][SLOTS])[m][band] += n;
          if (hidden > 0) {
            c.suppressed.computeIfAbsent(code, k -> new long[coverage.months()])[m] += hidden;
          }
        }
      }
    }
    c.blockRule = Blocks.of(coverage.table(), blocks);
    return c;
  }

  /**
   * Why {@code p} cannot be counted from the measure's rows, or empty when it can: an aggregate's
   * row of a longer period (a quarter, financial year, calendar year or rolling year) gives no
   * month inside it, so a period counts only when it starts where such a row starts and ends where
   * one ends. Overlapping rolling years (12 months to March and to June) cannot be added at all.
   */
  java.util.Optional<String> blockReason(Period p) {
    return blockRule.reason(p);
  }

  /** The boundaries of the longer periods, worked out once when the counts are read. */
  private Blocks blockRule = Blocks.NONE;

  /** An area's counts by month and slot; all zero when it had no events. */
  long[][] of(String code) {
    return byArea.computeIfAbsent(code, k -> new long[coverage.months()][SLOTS]);
  }

  /** The cells suppressed by the provider in several areas, by month. */
  long[] suppressed(List<String> codes) {
    long[] total = new long[coverage.months()];
    for (String code : codes) {
      long[] v = suppressed.get(code);
      if (v != null) {
        for (int m = 0; m < total.length; m++) {
          total[m] += v[m];
        }
      }
    }
    return total;
  }

  /** The sum of several areas' counts. */
  long[][] sum(List<String> codes) {
    long[][] total = new long[coverage.months()][SLOTS];
    for (String code : codes) {
      long[][] v = of(code);
      for (int m = 0; m < total.length; m++) {
        for (int s = 0; s < SLOTS; s++) {
          total[m][s] += v[m][s];
        }
      }
    }
    return total;
  }
}
