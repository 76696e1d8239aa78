package vru.ingest.api;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the platform's Spark session. The master comes from {@code spark-submit} (the {@code
 * spark.master} property) when present, else from {@code --master}, else {@code local[*]}: never
 * hard-coded, so the same jobs run on a cluster unchanged.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session, created on first use.
   *
   * @param master the {@code --master} option, if given
   */
  public static SparkSession get(Optional<String> master) {
    return get(master, java.util.Map.of());
  }

  /** The session with extra settings (which win over the platform's defaults). */
  public static SparkSession get(Optional<String> master, java.util.Map<String, String> settings) {
    SparkConf conf = new SparkConf(true);
    settings.forEach(conf::set);
    if (!conf.contains("spark.master")) {
      conf.setMaster(master.orElse("local[*]"));
    }
    boolean local = conf.get("spark.master").startsWith("local");
    conf.setIfMissing("spark.app.name", "vru");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", local ? "4" : "64");
    // Invalid values become null and are quarantined with a reason, not thrown mid-job.
    conf.setIfMissing("spark.sql.ansi.enabled", "false");
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.sql.parquet.compression.codec", "snappy");
    // A write partitioned by file (the warehouse tables, quarantine) keeps one open writer per
    // file a task meets instead of sorting the task's rows by file first. The rows arrive grouped
    // by file anyway; at 10M police records the sort's buffers doubled peak memory (5.6 GB against
    // 2.6 GB) for no gain in time. A task meeting more files than this falls back to the sort.
    // Spark's planned writes insert that sort before the writer sees the rows, so they are off.
    conf.setIfMissing("spark.sql.maxConcurrentOutputFileWriters", "16");
    conf.setIfMissing("spark.sql.optimizer.plannedWrite.enabled", "false");
    // sources ingested at once each run in a pool of their own (SourcesTogether.run): with fair
    // scheduling a small source's short jobs are not queued behind a large one's tasks
    conf.setIfMissing("spark.scheduler.mode", "FAIR");
    if (local) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
