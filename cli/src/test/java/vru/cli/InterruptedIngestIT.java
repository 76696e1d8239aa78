package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.ingest.api.SparkSessions;

/**
 * A police-records ingest killed (SIGKILL, no shutdown hooks) while it is publishing, then run
 * again: nothing partial was ever visible, and the warehouse ends as one clean run leaves it.
 */
class InterruptedIngestIT {
  @TempDir Path dir;

  @Test
  void anIngestKilledMidWayLeavesNothingPartialAndARerunCompletesIt() throws Exception {
    generate(2021);
    Path clean = dir.resolve("clean");
    geography(clean);
    VruProcess.Result once = ingestPolice(clean);
    assertThat(once.exitCode()).as(once.err()).isZero();
    SparkSession spark = SparkSessions.get(Optional.of("local[1]"), Map.of());
    Map<String, Long> complete = partitions(spark, clean);
    assertThat(complete).isNotEmpty();
    // the checked rows' working copy is gone once the run is done
    if (Files.isDirectory(clean.resolve("_staging"))) {
      try (Stream<Path> left = Files.walk(clean.resolve("_staging"))) {
        assertThat(left.filter(f -> f.getFileName().toString().startsWith("checked-"))).isEmpty();
      }
    }
    // killed while it writes to staging, and killed once the first file has been published
    for (String trigger : List.of("_staging", "police_incidents")) {
      Path killed = dir.resolve("killed-at" + trigger);
      geography(killed);
      Process p = VruProcess.start(police(killed));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      // the geography ingest left _staging/ behind: "_staging" means this run's checked rows
      while (!(trigger.equals("_staging")
              ? checking(killed)
              : Files.isDirectory(killed.resolve(trigger)))
          && p.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(p.isAlive())
          .as("the ingest was still running when " + trigger + " appeared")
          .isTrue();
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      // Spark's shuffle and spill files were in the warehouse's private _staging, not the shared
      // temporary folder; the killed job is interrupted, not running, for 'vru jobs'
      Path staging = killed.resolve("_staging");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staging)))
          .isEqualTo("rwx------");
      List<Path> sparkDirs;
      try (Stream<Path> s = Files.list(staging)) {
        sparkDirs = s.filter(f -> f.getFileName().toString().startsWith("spark-")).toList();
      }
      assertThat(sparkDirs)
          .anySatisfy(
              d -> {
                try (Stream<Path> in = Files.list(d)) {
                  assertThat(in.map(x -> x.getFileName().toString()))
                      .anyMatch(n -> n.startsWith("blockmgr-"));
                }
              });
      VruProcess.Result jobs = VruProcess.run("jobs");
      assertThat(jobs.exitCode()).as(jobs.err()).isZero();
      assertThat(jobs.out()).contains(" interrupted ");
      assertThat(status(killed)).isEqualTo("interrupted");

      // whatever became visible before the kill is whole files, each exactly as a clean run has it
      Map<String, Long> visible = partitions(spark, killed);
      System.out.printf(
          "killed when %s appeared: %d of %d files were visible, each whole%n",
          trigger, visible.size(), complete.size());
      visible.forEach((file, rows) -> assertThat(rows).as(file).isEqualTo(complete.get(file)));
      assertThat(complete.keySet()).containsAll(visible.keySet());

      VruProcess.Result rerun = ingestPolice(killed);
      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      // the next start removed what the killed job left: its Spark files, its checked rows
      assertThat(sparkDirs).allSatisfy(d -> assertThat(d).doesNotExist());
      assertThat(checking(killed)).isFalse();
      assertThat(partitions(spark, killed)).isEqualTo(complete);
      assertThat(
              spark
                  .read()
                  .parquet(killed.resolve("police_incidents").toString())
                  .select("incident_key")
                  .distinct()
                  .count())
          .isEqualTo(complete.values().stream().mapToLong(Long::longValue).sum());
    }
  }

  @Test
  void aTerminatedIngestSaysHowToCompleteItWithoutAStackTrace() throws Exception {
    generate(2023);
    Path warehouse = dir.resolve("terminated");
    geography(warehouse);
    Path err = dir.resolve("terminated.err");
    Process p = VruProcess.start(err, police(warehouse));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    // the geography ingest left _staging/ behind: wait for this run's checked rows
    while (!checking(warehouse) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(p.isAlive()).as("the ingest was still running when it began to write").isTrue();
    p.destroy(); // SIGTERM, as a scheduler's stop or a terminal's kill sends
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String stderr = Files.readString(err);
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(stderr)
        .contains("vru: ingest stopped before it finished (interrupted or terminated)")
        .contains("Nothing partial is published: run the same command again to complete it")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  /** The status of the latest police-records ingest job into {@code warehouse}. */
  private static String status(Path warehouse) throws Exception {
    vru.core.db.Database db = vru.core.db.Database.open(vru.core.db.TestDatabase.settings("cli"));
    try (java.sql.Connection c = db.connect();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "select status from job_run where command = 'ingest' and parameters->>'warehouse'"
                    + " = ? and parameters->>'source' = 'police-records' order by started_at desc"
                    + " limit 1")) {
      ps.setString(1, warehouse.toAbsolutePath().toString());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    }
  }

  private static boolean checking(Path warehouse) throws Exception {
    Path staging = warehouse.resolve("_staging");
    if (!Files.isDirectory(staging)) {
      return false;
    }
    try (Stream<Path> s = Files.list(staging)) {
      return s.anyMatch(f -> f.getFileName().toString().startsWith("checked-"));
    }
  }

  /** Synthetic data from {@code firstYear} to 2024 at scale 0.01, under {@code dir/data}. */
  private void generate(int firstYear) throws Exception {
    assertThat(
            VruProcess.run(
                    "generate",
                    "--scale",
                    "0.01",
                    "--first-year",
                    String.valueOf(firstYear),
                    "--last-year",
                    "2024",
                    "--out",
                    dir.resolve("data").toString())
                .exitCode())
        .isZero();
  }

  private void geography(Path warehouse) throws Exception {
    VruProcess.Result g =
        VruProcess.run(
            "ingest",
            "--source",
            "geography",
            "--input",
            dir.resolve("data/geography").toString(),
            "--warehouse",
            warehouse.toString());
    assertThat(g.exitCode()).as(g.err()).isZero();
  }

  private VruProcess.Result ingestPolice(Path warehouse) throws Exception {
    return VruProcess.run(police(warehouse));
  }

  /** The arguments of the police-records ingest of the generated data into {@code warehouse}. */
  private String[] police(Path warehouse) {
    return new String[] {
      "ingest",
      "--source",
      "police-records",
      "--input",
      dir.resolve("data/police").toString(),
      "--warehouse",
      warehouse.toString()
    };
  }

  /** Rows per published file partition of the police table. */
  private static Map<String, Long> partitions(SparkSession spark, Path warehouse) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    Path table = warehouse.resolve("police_incidents");
    if (!Files.isDirectory(table)) {
      return out;
    }
    try (Stream<Path> s = Files.list(table)) {
      for (Path part : s.filter(x -> x.getFileName().toString().startsWith("file_id=")).toList()) {
        out.put(part.getFileName().toString(), spark.read().parquet(part.toString()).count());
      }
    }
    return out;
  }
}
