package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vru command as a process: help, usage errors, input errors, the database. */
class CommandLineIT {
  @TempDir Path dir;

  @Test
  void helpListsEveryStageAndTheExitCodes() throws Exception {
    VruProcess.Result r = VruProcess.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "Usage: vru",
            "generate",
            "ingest",
            "metrics",
            "evaluate",
            "did",
            "report",
            "run",
            "demo",
            "db",
            "jobs")
        .contains("3   input error");
  }

  @Test
  void anUnknownFlagIsAUsageErrorWithOneClearMessage() throws Exception {
    VruProcess.Result r = VruProcess.run("jobs", "--frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("Unknown option: '--frobnicate'")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingConfigFileIsAnInputErrorNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing-vru.yaml");
    VruProcess.Result r = VruProcess.run("run", "--config", missing.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains(missing.toString()).doesNotContain("\tat ");
  }

  @Test
  void aConfigWithAnUnknownKeyNamesTheKeyAndLine() throws Exception {
    Path yaml = dir.resolve("vru.yaml");
    Files.writeString(
        yaml,
        "partnership:\n  id: x\n  name: X\n  areas: [E23000014]\n  start: 2019-04-01\nbaseline: FY2018/19\nmesures: [homicide]\n");
    VruProcess.Result r = VruProcess.run("metrics", "--config", yaml.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("line 7", "unknown key 'mesures'", "did you mean 'measures'");
  }

  @Test
  void aPublishedRecordedCrimeTableLoadsFromTheCommandLineWithItsSummaryAsJson() throws Exception {
    Path table =
        Path.of(System.getProperty("vru.data.dir", "../data"))
            .resolve("real/ons-prc-table-c2-ye-jun2025.csv")
            .toAbsolutePath();
    VruProcess.Result r =
        VruProcess.run(
            "ingest",
            "--source",
            "prc-tables",
            "--input",
            table.toString(),
            "--warehouse",
            dir.resolve("wh").toString(),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode file =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get(0);
    assertThat(file.get("rows_read").asLong()).isEqualTo(399);
    assertThat(file.get("rows_accepted").asLong()).isEqualTo(397);
    assertThat(file.get("quarantined_by_reason").get("inconsistent_area").get("rows").asLong())
        .isEqualTo(2);
    assertThat(file.get("already_ingested").asBoolean()).isFalse();
    // the same file again: nothing is done, and the summary gives the earlier ingest's counts
    VruProcess.Result again =
        VruProcess.run(
            "ingest",
            "--source",
            "prc-tables",
            "--input",
            table.toString(),
            "--warehouse",
            dir.resolve("wh").toString(),
            "--json");
    assertThat(again.exitCode()).as(again.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode same =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out()).get(0);
    assertThat(same.get("already_ingested").asBoolean()).isTrue();
    assertThat(same.get("rows_read").asLong()).isEqualTo(399);
    assertThat(same.get("rows_accepted").asLong()).isEqualTo(397);
    assertThat(same.get("rows_quarantined").asLong()).isEqualTo(2);
  }

  @Test
  void aBinaryFileIsRefusedAsNotTextWithExitThree() throws Exception {
    Path fake = dir.resolve("report.csv");
    Files.write(
        fake, new byte[] {'%', 'P', 'D', 'F', '-', '1', '.', '7', '\n', 0, 1, 2, (byte) 0xff});
    VruProcess.Result r =
        VruProcess.run(
            "ingest",
            "--source",
            "police-records",
            "--input",
            fake.toString(),
            "--warehouse",
            dir.resolve("wh-binary").toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().strip().lines().reduce((a, b) -> b).orElse(""))
        .startsWith("vru: " + fake.toAbsolutePath() + ": not a text file (byte 10 is binary data)");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void aDatabaseThatAcceptsAndNeverAnswersIsExitFiveNotAHang() throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread accept =
          new Thread(
              () -> {
                java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                  while (true) {
                    held.add(silent.accept()); // accepted, never answered
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      accept.setDaemon(true);
      accept.start();
      long start = System.nanoTime();
      VruProcess.Result r =
          VruProcess.run(
              java.util.Map.of(
                  "VRU_DB_URL",
                  "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/vru",
                  "VRU_DB_CONNECT_TIMEOUT",
                  "3"),
              "jobs");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
      assertThat(seconds).isLessThan(60);
      assertThat(r.err()).contains("cannot connect to PostgreSQL").doesNotContain("Exception");
    }
    VruProcess.Result notAUrl = VruProcess.run(java.util.Map.of("VRU_DB_URL", "not-a-url"), "jobs");
    assertThat(notAUrl.exitCode()).isEqualTo(3);
    assertThat(notAUrl.err())
        .contains("'not-a-url' (VRU_DB_URL or --db) is not a PostgreSQL JDBC URL")
        .doesNotContain("No suitable driver");
  }

  @Test
  void aBadIngestFileIsAnInputErrorNamingTheColumn() throws Exception {
    Path csv = dir.resolve("crimes.csv");
    Files.writeString(csv, "ref,date\n1,2024-01-01\n");
    VruProcess.Result r =
        VruProcess.run(
            "ingest",
            "--source",
            "police-records",
            "--input",
            csv.toString(),
            "--warehouse",
            dir.resolve("wh").toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("crimes.csv line 1", "missing column 'crime_reference'")
        .doesNotContain("\tat ");
  }

  @Test
  void anAggregateTheMappingCannotReadIsExitThreeNamingFileLineColumnAndValue() throws Exception {
    // an unmapped layout, a period no form reads, an area code of no level: each stops the run
    Map<String, String> files =
        Map.of(
            "unmapped.csv",
            "lsoa_code,category,year,month,crime_count\nE01008881,x,2024,5,4\n",
            "period.csv",
            "area_code,indicator,period,count\nE08000025,x,2024,4\nE08000025,x,Spring 2024,4\n",
            "level.csv",
            "area_code,indicator,period,count\nX99000001,x,2024,4\n");
    Map<String, List<String>> says =
        Map.of(
            "unmapped.csv",
            List.of(
                "unmapped.csv line 1: not a layout the counts source reads",
                "lsoa_code, category, year, month, crime_count",
                "--columns"),
            "period.csv",
            List.of("period.csv line 3, column 'period': 'Spring 2024' is not a period"),
            "level.csv",
            List.of("level.csv line 2, column 'area_code': 'X99000001' is not an area code"));
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path csv = dir.resolve(f.getKey());
      Files.writeString(csv, f.getValue());
      VruProcess.Result r =
          VruProcess.run(
              "ingest",
              "--source",
              "counts",
              "--input",
              csv.toString(),
              "--warehouse",
              dir.resolve("wh-counts").toString());
      assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
      assertThat(r.err()).contains(says.get(f.getKey())).doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void aTitleAboveARecordFilesHeaderIsSkippedWithAWarningAndTheJsonStaysClean() throws Exception {
    Path csv = dir.resolve("returns.csv");
    Files.writeString(
        csv,
        "Monthly programme returns\n"
            + "intervention,area_code,month,referrals,starts,completions,cost_gbp\n"
            + "Mentoring,E23000001,2024-04,10,5,2,100.5\n"
            + "Mentoring,E23000001,2024-05,12,6,3,\n");
    VruProcess.Result r =
        VruProcess.run(
            "ingest",
            "--source",
            "programme",
            "--input",
            csv.toString(),
            "--warehouse",
            dir.resolve("wh-returns").toString(),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err())
        .contains(
            "returns.csv: the header is on line 2; the 1 line(s) above it (a title or notes) are"
                + " not read");
    com.fasterxml.jackson.databind.JsonNode file =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get(0);
    assertThat(file.get("file").asText()).isEqualTo(csv.toString());
    assertThat(file.get("rows_read").asLong()).isEqualTo(2);
    assertThat(file.get("rows_accepted").asLong()).isEqualTo(2);
  }

  @Test
  void generateGivesTheSameBytesInSeparateProcesses() throws Exception {
    for (String run : new String[] {"a", "b"}) {
      VruProcess.Result r =
          VruProcess.run(
              "generate",
              "--out",
              dir.resolve(run).toString(),
              "--scale",
              "0.002",
              "--seed",
              "5",
              "--first-year",
              "2022",
              "--last-year",
              "2023");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err()).contains("[1/", "police-records");
    }
    try (var files = Files.walk(dir.resolve("a"))) {
      for (Path a : files.filter(Files::isRegularFile).toList()) {
        Path b = dir.resolve("b").resolve(dir.resolve("a").relativize(a));
        assertThat(Files.mismatch(a, b)).as(a.toString()).isEqualTo(-1L);
      }
    }
  }

  @Test
  void commandsThatNeedNoSparkNeverStartIt() throws Exception {
    Path classes = dir.resolve("classes.log");
    VruProcess.Result r =
        VruProcess.run(
            java.util.Map.of("VRU_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
            "jobs",
            "--limit",
            "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String loaded = Files.readString(classes);
    // picocli's reflection may load a Spark type or two as metadata; starting Spark would load
    // its context, environment and scheduler
    assertThat(loaded)
        .contains("vru.cli.JobsCommand")
        .doesNotContain(
            "org.apache.spark.SparkContext ", "org.apache.spark.SparkEnv ", "DAGScheduler");
  }

  @Test
  void dbStatusShowsTheAppliedMigrations() throws Exception {
    VruProcess.Result r = VruProcess.run("db", "status");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("reachable", "core schema", "Success");
  }

  @Test
  void aBrokenTheoryOfChangeListsEveryProblemWithItsLineAndExits3() throws Exception {
    Path toc = dir.resolve("toc.yaml");
    Files.writeString(
        toc,
        """
        version: "1"
        nodes:
          - id: a
            stage: activites
            title: Mentoring
            owner: Youth service
          - id: b
            stage: long-term-outcomes
            title: Less knife crime
            owner: Partnership
        links:
          - {from: a, to: b, assumption: Mentoring works}
          - {from: b, to: a, assumption: Feedback}
        """);
    VruProcess.Result r = VruProcess.run("toc", "validate", toc.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains(
            toc
                + ":4: error [unknown-stage] node 'a': unknown stage 'activites'; did you mean 'activities'?")
        .contains(":7: error [outcome-without-measure] node 'b'")
        .contains("error(s)")
        .doesNotContain("Exception");
  }
}
