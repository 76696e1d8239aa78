package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.ingest.api.SparkSessions;

/**
 * The same ingest on a real Spark standalone cluster (a master and a worker on loopback, started
 * from the project's own shaded jar, the executors in their own JVMs) and in local mode: the same
 * summaries and the same warehouse table. The worker needs a SPARK_HOME with {@code jars/} (here
 * the shaded jar alone) and a {@code RELEASE} file (see docs/architecture.md).
 */
class StandaloneClusterIT {
  static final Path REAL =
      Path.of(System.getProperty("vru.data.dir", "../data"))
          .resolve("real/police-uk-city-of-london-2024")
          .toAbsolutePath()
          .normalize();

  @TempDir Path dir;

  @Test
  void anIngestOnAStandaloneMasterAndWorkerGivesWhatLocalModeGives() throws Exception {
    Path jar = VruProcess.ROOT.resolve("cli/target/vru.jar");
    Path options = VruProcess.ROOT.resolve("cli/vru.jvm-options");
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.createSymbolicLink(home.resolve("jars/vru.jar"), jar);
    Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 (the vru shaded jar)\n");
    int port = freePort();
    int ui = freePort();
    String url = "spark://127.0.0.1:" + port;
    List<Process> cluster = new ArrayList<>();
    try {
      Path masterLog = dir.resolve("master.log");
      cluster.add(
          start(
              home,
              masterLog,
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--webui-port",
              String.valueOf(ui)));
      cluster.add(
          start(
              home,
              dir.resolve("worker.log"),
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              "2",
              "--memory",
              "2g",
              "--work-dir",
              dir.resolve("work").toString(),
              "--webui-port",
              String.valueOf(freePort()),
              url));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      // the master's status page says when the worker has registered
      while (!aliveWorkers(ui)) {
        assertThat(System.nanoTime())
            .as(log(masterLog) + log(dir.resolve("worker.log")))
            .isLessThan(deadline);
        assertThat(cluster).allMatch(Process::isAlive);
        Thread.sleep(200);
      }

      List<String> submit = new ArrayList<>(List.of("java", "@" + options, "-cp", jar.toString()));
      submit.addAll(
          List.of(
              "org.apache.spark.deploy.SparkSubmit",
              "--class",
              "vru.cli.Main",
              "--master",
              url,
              "--conf",
              "spark.ui.enabled=false",
              "--conf",
              "spark.cores.max=2",
              "--conf",
              "spark.executor.memory=1g",
              "--conf",
              "spark.executor.extraJavaOptions="
                  + String.join(" ", Files.readAllLines(options)).trim(),
              jar.toString(),
              "ingest",
              "--source",
              "police-uk",
              "--input",
              REAL.toString(),
              "--warehouse",
              dir.resolve("on-cluster").toString(),
              "--json"));
      Path out = dir.resolve("submit.out");
      Path err = dir.resolve("submit.err");
      ProcessBuilder pb =
          new ProcessBuilder(submit).redirectOutput(out.toFile()).redirectError(err.toFile());
      environment(pb, home);
      Process p = pb.start();
      assertThat(p.waitFor(8, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(log(err)).isZero();
      assertThat(log(err)).contains("ready on " + url);

      VruProcess.Result local =
          VruProcess.run(
              "ingest",
              "--source",
              "police-uk",
              "--input",
              REAL.toString(),
              "--warehouse",
              dir.resolve("local").toString(),
              "--json");
      assertThat(local.exitCode()).as(local.err()).isZero();

      // the same summary for every file
      assertThat(summaries(log(out))).isEqualTo(summaries(local.out())).hasSize(12);
      // and the same table, row for row
      SparkSession spark = SparkSessions.get(Optional.of("local[1]"), Map.of());
      Dataset<Row> a = spark.read().parquet(dir.resolve("on-cluster/police_uk_street").toString());
      Dataset<Row> b = spark.read().parquet(dir.resolve("local/police_uk_street").toString());
      assertThat(a.count()).isEqualTo(9_784).isEqualTo(b.count());
      assertThat(a.exceptAll(b).count()).isZero();
      assertThat(b.exceptAll(a).count()).isZero();
    } finally {
      for (Process c : cluster) {
        c.descendants().forEach(ProcessHandle::destroyForcibly);
        c.destroyForcibly();
      }
    }
  }

  private Process start(Path home, Path log, String main, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "@" + VruProcess.ROOT.resolve("cli/vru.jvm-options"),
                "-Xmx512m",
                "-cp",
                VruProcess.ROOT.resolve("cli/target/vru.jar").toString(),
                main));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb, home);
    return pb.start();
  }

  private static void environment(ProcessBuilder pb, Path home) {
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("VRU_DB_NAME", "vru_test_cli");
    pb.environment().remove("VRU_DB_URL");
  }

  /** file name → rows read, accepted, quarantined. */
  private static Map<String, List<Long>> summaries(String json) throws IOException {
    Map<String, List<Long>> out = new java.util.TreeMap<>();
    for (JsonNode f : new ObjectMapper().readTree(json)) {
      out.put(
          Path.of(f.get("file").asText()).getFileName().toString(),
          List.of(
              f.get("rows_read").asLong(),
              f.get("rows_accepted").asLong(),
              f.get("rows_quarantined").asLong()));
    }
    return out;
  }

  private static boolean aliveWorkers(int ui) {
    try (var in = new java.net.URL("http://127.0.0.1:" + ui + "/json/").openStream()) {
      return new ObjectMapper().readTree(in).path("aliveworkers").asInt() >= 1;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  private static String log(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
