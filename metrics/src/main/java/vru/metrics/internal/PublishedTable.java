package vru.metrics.internal;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vru.core.warehouse.Warehouse;

/**
 * The tables whose rows are counts, not events, read in one shape: {@code aggregate_counts} as it
 * is, and the published recorded-crime tables by CSP ({@code recorded_crime}, ONS Table C2 and its
 * like) as rolling-year counts of CSPs and police force areas. A CSP row counts for its CSP and a
 * force-total row for its force, each as published (a force's "Unassigned" and other parts without
 * a CSP are in its total, in no CSP), so nothing is summed twice; an unavailable count ({@code
 * [x]}) is one the provider withheld. The tables give no local authority: a local authority, and an
 * area made of local authorities, has no value from them. Aggregated counts whose measure has no
 * row of a local authority or smaller area are counted the same way, from their CSP and force rows
 * ({@link Counts#basis}).
 */
final class PublishedTable {
  private PublishedTable() {}

  /** Whether a table's rows are counts to sum (else each row is one event). */
  static boolean summed(String table) {
    return table.equals(Warehouse.COUNTS) || table.equals(Warehouse.RECORDED_CRIME);
  }

  /** The table's rows; recorded crime in the shape of aggregated counts. */
  static Dataset<Row> read(SparkSession spark, Warehouse wh, String table) {
    Dataset<Row> rows = spark.read().parquet(wh.table(table).toString());
    if (table.equals(Warehouse.COUNTS)) {
      // a CSP's own row counts for the CSP, not also for its force (whose own row, when given,
      // counts for the force); the force is the one whose coverage it shows
      return rows.withColumn("covering_force", col("pfa_code"))
          .withColumn("pfa_code", when(col("area_level").notEqual("csp"), col("pfa_code")));
    }
    if (!table.equals(Warehouse.RECORDED_CRIME)) {
      return rows;
    }
    return rows.filter(col("area_level").isin("csp", "pfa"))
        .withColumn("first_month", date_format(add_months(col("period_end"), -11), "yyyy-MM"))
        .withColumn("last_month", date_format(col("period_end"), "yyyy-MM"))
        .withColumn("period_type", lit("r12"))
        .withColumn("suppressed", col("count").isNull())
        .withColumn("la_code", lit(null).cast("string"))
        // its coverage is by force: a force the table lists (by a CSP row or its total) is covered
        .withColumn("covering_force", col("pfa_code"))
        .withColumn("csp_code", when(col("area_level").equalTo("csp"), col("csp_code")))
        .withColumn("pfa_code", when(col("area_level").equalTo("pfa"), col("pfa_code")));
  }
}
