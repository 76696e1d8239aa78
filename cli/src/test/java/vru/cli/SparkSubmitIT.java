package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar through Spark's own launcher (what {@code spark-submit --class vru.cli.Main
 * vru.jar} runs): the master comes from spark-submit, not from vru.
 */
class SparkSubmitIT {
  @TempDir Path dir;

  @Test
  void theJarRunsUnderSparkSubmitWithItsMaster() throws Exception {
    Path jar = VruProcess.ROOT.resolve("cli/target/vru.jar");
    Path lookup = dir.resolve("lookup.csv");
    Files.writeString(
        lookup,
        "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,valid_to\n"
            + "E01900001,Birmingham 001A,E08000025,Birmingham,E22000209,Birmingham,E23000014,West Midlands,2011-01-01,\n");
    List<String> command = new ArrayList<>(List.of("java"));
    command.add("@" + VruProcess.ROOT.resolve("cli/vru.jvm-options"));
    command.addAll(
        List.of(
            "-cp",
            jar.toString(),
            "org.apache.spark.deploy.SparkSubmit",
            "--class",
            "vru.cli.Main",
            "--master",
            "local[2]",
            "--conf",
            "spark.ui.enabled=false",
            jar.toString(),
            "ingest",
            "--source",
            "geography",
            "--input",
            lookup.toString(),
            "--warehouse",
            dir.resolve("wh").toString()));
    Path out = dir.resolve("out.txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("VRU_DB_NAME", "vru_test_cli");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("ready on local[2]", "1 rows read, 1 accepted, 0 quarantined");
  }
}
