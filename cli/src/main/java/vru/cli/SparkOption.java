package vru.cli;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import vru.ingest.api.SparkSessions;

/** {@code --master}: where Spark runs (spark-submit's setting wins; default local[*]). */
final class SparkOption {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master, e.g. spark://host:7077 (default: local[*], or spark-submit's).")
  String master;

  SparkSession session() {
    long start = System.nanoTime();
    SparkSession s = SparkSessions.get(Optional.ofNullable(master));
    SparkProgress.attach(s);
    Console.progress(
        "  Spark %s ready on %s (%s)",
        s.version(), s.sparkContext().master(), Console.seconds(start));
    return s;
  }
}
