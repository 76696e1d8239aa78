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
    return session(Optional.empty());
  }

  /**
   * The session, its local folders (shuffle and spill files, which can hold record-level data)
   * inside {@code warehouse}'s private {@code _staging} rather than the system's shared temporary
   * folder, when Spark runs in this process.
   */
  SparkSession session(java.nio.file.Path warehouse) {
    return session(Optional.of(warehouse));
  }

  private SparkSession session(Optional<java.nio.file.Path> warehouse) {
    long start = System.nanoTime();
    java.util.Map<String, String> settings = new java.util.HashMap<>();
    boolean local =
        (master == null || master.startsWith("local"))
            && !System.getProperty("spark.master", "local").startsWith("spark:");
    if (warehouse.isPresent() && local) {
      java.nio.file.Path dir =
          new vru.core.warehouse.Warehouse(warehouse.get())
              .privateStaging()
              .resolve("spark-" + java.util.UUID.randomUUID());
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      settings.put("spark.local.dir", dir.toAbsolutePath().toString());
    }
    SparkSession s = SparkSessions.get(Optional.ofNullable(master), settings);
    SparkProgress.attach(s);
    Console.progress(
        "  Spark %s ready on %s (%s)",
        s.version(), s.sparkContext().master(), Console.seconds(start));
    return s;
  }
}
