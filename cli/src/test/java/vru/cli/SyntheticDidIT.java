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

/**
 * vru did with the designs for one treated area (sdid, sc, did-sdid) and for everyone treated at
 * once (its), as a process: R synthdid's and sandwich's numbers on the reference data, the
 * documented JSON fields, and bad input as exit 3 with a message.
 */
class SyntheticDidIT {
  static final Path REFERENCE =
      Path.of("../evaluation/src/test/resources/vru/evaluation/reference").toAbsolutePath();

  @TempDir Path dir;

  Path prop99() throws Exception {
    Path f = dir.resolve("prop99.csv");
    Files.writeString(
        f, Files.readString(REFERENCE.resolve("california_prop99.csv")).replace(';', ','));
    return f;
  }

  static String[] sdid(Path panel, String estimator, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "did",
                "--panel",
                panel.toString(),
                "--unit",
                "State",
                "--time",
                "Year",
                "--outcome",
                "PacksPerCapita",
                "--treatment",
                "treated",
                "--estimator",
                estimator,
                "--format",
                "json"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void sdidOnProposition99IsRsEstimateWithEveryWeightAndPlaceboInference() throws Exception {
    VruProcess.Result r = VruProcess.run(sdid(prop99(), "sdid", "--replications", "50"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    for (String field :
        List.of(
            "estimator",
            "estimate",
            "se",
            "se_method",
            "ci_lower",
            "ci_upper",
            "p_value",
            "unit_weights",
            "time_weights",
            "permutation",
            "effective_controls",
            "pre_rmspe")) {
      assertThat(j.has(field)).as(field).isTrue();
    }
    assertThat(j.get("estimator").asText()).isEqualTo("sdid");
    assertThat(j.get("estimate").asDouble()).isCloseTo(-15.6038278727, within(15.6038278727e-6));
    assertThat(j.get("se_method").asText()).isEqualTo("placebo");
    assertThat(j.get("se_why").asText()).contains("one treated unit");
    assertThat(j.get("se").asDouble()).isPositive();
    assertThat(j.get("unit_weights").size()).isEqualTo(38);
    assertThat(j.get("time_weights").size()).isEqualTo(19);
    double sum = 0;
    for (JsonNode w : j.get("unit_weights")) {
      sum += w.asDouble();
    }
    assertThat(sum).isCloseTo(1, within(1e-9));
    assertThat(j.get("unit_weights").get("Nevada").asDouble()).isCloseTo(0.124895, within(1e-3));

    VruProcess.Result sc = VruProcess.run(sdid(prop99(), "sc", "--se", "none"));
    assertThat(sc.exitCode()).as(sc.err()).isZero();
    JsonNode s = new ObjectMapper().readTree(sc.out());
    assertThat(s.get("estimate").asDouble()).isCloseTo(-19.6196634709, within(19.62e-6));
    assertThat(s.get("se").isNull()).isTrue();
  }

  @Test
  void itsOnTheMonthlyExampleIsRsSegmentedRegressionWithNeweyWestErrors() throws Exception {
    VruProcess.Result r =
        VruProcess.run(
            "did",
            "--series",
            REFERENCE.resolve("its_example.csv").toString(),
            "--time",
            "month",
            "--outcome",
            "value",
            "--start",
            "2024-01",
            "--seasonal",
            "--estimator",
            "its",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("lag").asInt()).isEqualTo(3);
    JsonNode c = j.get("coefficients");
    assertThat(c.get("trend").get("estimate").asDouble())
        .isCloseTo(0.0860521223877506, within(0.0860521223877506e-6));
    assertThat(c.get("level_change").get("se").asDouble())
        .isCloseTo(1.23773617114964, within(1.23773617114964e-6));
    assertThat(c.get("slope_change").get("se").asDouble())
        .isCloseTo(0.0599206780827331, within(0.0599206780827331e-6));
    assertThat(j.get("estimate").asDouble())
        .isEqualTo(c.get("level_change").get("estimate").asDouble());
    assertThat(j.get("series").size()).isEqualTo(96);
    assertThat(j.get("cumulative_difference").get("estimate").asDouble()).isNegative();
  }

  /**
   * Six units over 2015–2022, treated where {@code treated} holds, rows where {@code present} does.
   */
  VruProcess.Result smallPanel(
      String estimator,
      java.util.function.BiPredicate<Integer, Integer> treated,
      java.util.function.BiPredicate<Integer, Integer> present)
      throws Exception {
    Path f = dir.resolve(estimator + "-panel.csv");
    StringBuilder s = new StringBuilder("unit,year,y,w\n");
    for (int u = 0; u < 6; u++) {
      for (int y = 2015; y <= 2022; y++) {
        if (present.test(u, y)) {
          s.append("u").append(u).append(',').append(y).append(',').append(u + y % 3);
          s.append(',').append(treated.test(u, y) ? 1 : 0).append('\n');
        }
      }
    }
    Files.writeString(f, s);
    return VruProcess.run(
        "did",
        "--panel",
        f.toString(),
        "--unit",
        "unit",
        "--time",
        "year",
        "--outcome",
        "y",
        "--treatment",
        "w",
        "--estimator",
        estimator);
  }

  @Test
  void aStaggeredPanelAShortSeriesAndAGapAreInputErrors() throws Exception {
    // two treated units starting in different years: staggered, not a block
    VruProcess.Result r =
        smallPanel(
            "sdid", (u, y) -> (u == 4 && y >= 2019) || (u == 5 && y >= 2020), (u, y) -> true);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("2 different periods (2019, 2020)", "--estimator cs");
    // one treated unit with a missing year
    VruProcess.Result g =
        smallPanel("sc", (u, y) -> u == 4 && y >= 2019, (u, y) -> !(u == 4 && y == 2017));
    assertThat(g.exitCode()).isEqualTo(3);
    assertThat(g.err()).contains("unit u4 has no row for 2017");

    Path shortSeries = dir.resolve("short.csv");
    StringBuilder t = new StringBuilder("month,value\n");
    for (int m = 1; m <= 12; m++) {
      t.append(String.format("2023-%02d,%d%n", m, 50 + m));
    }
    Files.writeString(shortSeries, t);
    VruProcess.Result its =
        VruProcess.run(
            "did",
            "--series",
            shortSeries.toString(),
            "--time",
            "month",
            "--outcome",
            "value",
            "--start",
            "2023-06",
            "--estimator",
            "its");
    assertThat(its.exitCode()).isEqualTo(3);
    assertThat(its.err()).contains("5 period(s) before the start", "at least 8");
  }
}
