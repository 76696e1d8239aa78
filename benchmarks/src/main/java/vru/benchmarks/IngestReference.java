package vru.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vru.ingest.api.SparkSessions;

/**
 * The reference half of tools/bench-ingest.sh: DuckDB (in-process, JDBC) reads the same generated
 * police CSV files and writes Parquet, then runs the metrics-style group-by (knife crimes by force
 * and month) from that Parquet; Spark writes the same CSV to Parquet with no checks (its floor) and
 * runs the same group-by from the warehouse's Parquet, and the filtered count alone (the group-by's
 * floor in Spark). Each is run three times in one JVM; the first (cold) and the best (warm) times
 * are printed.
 *
 * <p>Usage: {@code java -cp cli/target/vru.jar:benchmarks/target/vru-benchmarks.jar
 * vru.benchmarks.IngestReference CSV_DIR WAREHOUSE OUT_DIR}
 */
public final class IngestReference {
  private IngestReference() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]).toAbsolutePath();
    Path warehouse = Path.of(args[1]).toAbsolutePath();
    Path out = Path.of(args[2]).toAbsolutePath();
    Files.createDirectories(out);
    Path parquet = out.resolve("police-duckdb.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      try (ResultSet v = s.executeQuery("SELECT version()")) {
        v.next();
        System.out.println("DuckDB " + v.getString(1) + ", threads: all cores");
      }
      time(
          "duckdb csv -> parquet",
          () ->
              s.execute(
                  "COPY (SELECT * FROM read_csv('"
                      + csv
                      + "/*.csv', header = true, all_varchar = true)) TO '"
                      + parquet
                      + "' (FORMAT parquet)"));
      time(
          "duckdb group-by from parquet",
          () -> {
            try (ResultSet r =
                s.executeQuery(
                    "SELECT force_code, substr(recorded_date, 1, 7) AS month, count(*) FROM '"
                        + parquet
                        + "' WHERE knife_flag = 'Y' GROUP BY 1, 2")) {
              int n = 0;
              while (r.next()) {
                n++;
              }
              System.out.printf(Locale.ROOT, "  (%d groups)%n", n);
            }
          });
    }
    // the same master as the vru ingest it is compared with (tools/bench-ingest.sh --master)
    SparkSession spark =
        SparkSessions.get(Optional.ofNullable(System.getProperty("vru.bench.master")), Map.of());
    // Spark's own floor: the same CSV to Parquet with no checks, every column text (as DuckDB's
    // all_varchar), so the validated ingest can be read against what Spark alone costs here
    StructType text = new StructType();
    try (Stream<Path> files = Files.list(csv)) {
      Path first = files.filter(f -> f.toString().endsWith(".csv")).sorted().findFirst().get();
      try (BufferedReader r = Files.newBufferedReader(first)) {
        for (String column : r.readLine().split(",")) {
          text = text.add(column, DataTypes.StringType);
        }
      }
    }
    StructType schema = text;
    time(
        "spark csv -> parquet, no checks",
        () ->
            spark
                .read()
                .option("header", "true")
                .schema(schema)
                .csv(csv.toString())
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(out.resolve("police-spark").toString()));
    String table = warehouse.resolve("police_incidents").toString();
    time(
        "spark group-by from parquet",
        () ->
            System.out.printf(
                Locale.ROOT,
                "  (%d groups)%n",
                spark
                    .read()
                    .parquet(table)
                    .filter(col("knife"))
                    .groupBy(col("force_code"), col("month"))
                    .agg(count(lit(1)))
                    .collectAsList()
                    .size()));
    // the group-by's floor in Spark: the same files and filter, counted, with no group-by and no
    // shuffle (docs/performance.md, stop 17)
    time(
        "spark filtered count from parquet, no group-by",
        () ->
            System.out.printf(
                Locale.ROOT,
                "  (%d knife crimes)%n",
                spark.read().parquet(table).filter(col("knife")).count()));
    spark.stop();
  }

  interface Job {
    void run() throws Exception;
  }

  private static void time(String what, Job job) throws Exception {
    double first = 0;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      job.run();
      double s = (System.nanoTime() - t) / 1e9;
      if (i == 0) {
        first = s;
      }
      best = Math.min(best, s);
    }
    System.out.printf(Locale.ROOT, "%-32s first %.2f s, best of 3 %.2f s%n", what, first, best);
  }
}
