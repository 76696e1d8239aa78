package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vru did as a process: JSON against R's numbers, events from populations, clear errors. */
class DidCommandIT {
  static final Path MPDTA =
      Path.of(System.getProperty("vru.data.dir", "../data"))
          .resolve("reference/mpdta.csv")
          .toAbsolutePath();
  static final String[] COLUMNS = {
    "--panel",
    MPDTA.toString(),
    "--unit",
    "countyreal",
    "--time",
    "year",
    "--outcome",
    "lemp",
    "--cohort",
    "first.treat"
  };

  @TempDir Path dir;

  static String[] args(String... more) {
    List<String> a = new ArrayList<>(List.of("did"));
    a.addAll(List.of(COLUMNS));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void csDynamicAsJsonHasTheDocumentedFieldsAndRsNumbers() throws Exception {
    VruProcess.Result r = VruProcess.run(args("--aggregate", "dynamic", "--format", "json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    for (String field :
        List.of(
            "estimator",
            "control",
            "aggregate",
            "estimate",
            "se",
            "ci_lower",
            "ci_upper",
            "p_value",
            "n_units",
            "n_periods",
            "n_clusters",
            "att_gt",
            "effects",
            "pretest",
            "excluded",
            "bootstrap",
            "provenance")) {
      assertThat(j.has(field)).as(field).isTrue();
    }
    assertThat(j.get("estimate").asDouble()).isCloseTo(-0.0772398214573161, within(1e-10));
    assertThat(j.get("se").asDouble()).isCloseTo(0.0199649890618492, within(1e-10));
    assertThat(j.get("att_gt")).hasSize(12);
    assertThat(j.get("effects").get(0).get("key").asText()).isEqualTo("-3");
    assertThat(j.get("pretest").get("statistic").asDouble()).isCloseTo(7.7912366272, within(1e-8));
    assertThat(j.get("pretest").get("df").asInt()).isEqualTo(5);
    assertThat(j.get("n_units").asInt()).isEqualTo(500);
    assertThat(j.get("provenance").get("sha256").asText()).hasSize(64);
    assertThat(j.get("bootstrap").isNull()).isTrue();
  }

  @Test
  void theBootstrapIsReproducibleForASeed() throws Exception {
    VruProcess.Result a =
        VruProcess.run(args("--bootstrap", "999", "--seed", "42", "--format", "json"));
    VruProcess.Result b =
        VruProcess.run(args("--bootstrap", "999", "--seed", "42", "--format", "json"));
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(a.out()).isEqualTo(b.out());
    JsonNode j = new ObjectMapper().readTree(a.out());
    assertThat(j.get("bootstrap").get("draws").asInt()).isEqualTo(999);
    assertThat(j.get("bootstrap").get("seed").asLong()).isEqualTo(42);
  }

  @Test
  void financialYearsCountsAndPopulationsGiveEventsPrevented() throws Exception {
    StringBuilder csv = new StringBuilder("area,fy,crimes,residents,start\n");
    for (int u = 0; u < 12; u++) {
      for (int y = 2015; y <= 2022; y++) {
        String start = u < 6 ? "2019/20" : "";
        double rate = 50 + u + 0.5 * (y - 2015) - (u < 6 && y >= 2019 ? 5 : 0) + ((u * 7 + y) % 3);
        long pop = 200_000 + 10_000 * u;
        long count = Math.round(rate * pop / 100_000);
        csv.append("A")
            .append(u)
            .append(',')
            .append(y)
            .append('/')
            .append(String.format("%02d", (y + 1) % 100))
            .append(',')
            .append(count)
            .append(',')
            .append(pop)
            .append(',')
            .append(start)
            .append('\n');
      }
    }
    Path file = dir.resolve("panel.csv");
    Files.writeString(file, csv);
    VruProcess.Result r =
        VruProcess.run(
            "did",
            "--panel",
            file.toString(),
            "--unit",
            "area",
            "--time",
            "fy",
            "--outcome",
            "crimes",
            "--cohort",
            "start",
            "--population",
            "residents",
            "--outcome-kind",
            "count",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("time_axis").asText()).isEqualTo("financial years");
    assertThat(j.get("estimate").asDouble()).isCloseTo(-5, within(1.0));
    assertThat(j.get("att_gt").get(0).get("group").asText()).isEqualTo("2019/20");
    JsonNode events = j.get("events");
    // 5 fewer per 100,000 over 6 areas × 4 years of about 225,000 residents: about 270 fewer
    assertThat(events.get("difference").asDouble()).isBetween(-330.0, -210.0);
    assertThat(events.get("population").asDouble()).isEqualTo(4 * (6 * 200_000 + 10_000 * 15));
  }

  @Test
  void twfeWithFewClustersSuggestsAndRunsTheWildBootstrap() throws Exception {
    VruProcess.Result r = VruProcess.run(args("--estimator", "twfe", "--cluster", "year"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("note: only 5 clusters").contains("--bootstrap 999");
    VruProcess.Result w = VruProcess.run(args("--estimator", "bacon"));
    assertThat(w.out()).contains("later vs earlier treated").contains("weight 0.0539");
  }

  @Test
  void badPanelsAndOptionsAreOneLineErrorsWithTheRightExitCode() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "u,t,y,g\na,2019,1.5,0\na,2020,lots,0\n");
    VruProcess.Result r =
        VruProcess.run(
            "did",
            "--panel",
            bad.toString(),
            "--unit",
            "u",
            "--time",
            "t",
            "--outcome",
            "y",
            "--cohort",
            "g");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().strip())
        .isEqualTo("vru: " + bad + " line 3, column 'y': 'lots' is not a number");
    VruProcess.Result e = VruProcess.run(args("--estimator", "synthetic"));
    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.err()).contains("unknown estimator 'synthetic'");
    VruProcess.Result dup = VruProcess.run(args("--estimator", "2x2"));
    assertThat(dup.exitCode()).isEqualTo(3);
    assertThat(dup.err()).doesNotContain("Exception").contains("cohorts 2004, 2006, 2007");
  }

  @Test
  void aPanelWhereNoUnitIsEverTreatedSaysSo() throws Exception {
    StringBuilder csv = new StringBuilder("u,t,y,g\n");
    for (int u = 0; u < 4; u++) {
      for (int t = 2018; t <= 2021; t++) {
        csv.append("a")
            .append(u)
            .append(',')
            .append(t)
            .append(',')
            .append(u + t % 7)
            .append(",0\n");
      }
    }
    Path never = dir.resolve("never.csv");
    Files.writeString(never, csv);
    VruProcess.Result r =
        VruProcess.run(
            "did",
            "--panel",
            never.toString(),
            "--unit",
            "u",
            "--time",
            "t",
            "--outcome",
            "y",
            "--cohort",
            "g");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("no post-treatment effect can be estimated: no unit is treated within the panel")
        .doesNotContain("estimated: \n")
        .doesNotEndWith(": ");
  }
}
