package vru.evaluation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.stats.CrudeRate;

/**
 * The evaluation chooses the design that fits the question and says why: one treated area →
 * synthetic difference-in-differences with placebo inference; several programme areas → the pooled
 * Callaway–Sant'Anna estimate with the partnership's own beside it, and a warning when the
 * pre-trend test rejects; everyone treated at once → an interrupted time series.
 */
class EvaluationDesignTest {
  static Database db;
  static final String WM = "E23000014";

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh("evaluation_design");
  }

  static UUID lastJob;

  static UUID job() {
    lastJob = new JobRuns(db, Clock.systemUTC()).start("evaluate", Map.of());
    return lastJob;
  }

  /** 43 forces × FY2014–2024, rate ~45; {@code effect} from the start in the treated areas. */
  static List<PanelRow> panel(Map<String, Integer> treated, double effect, double preTrend) {
    SplittableRandom r = new SplittableRandom(5);
    List<PanelRow> panel = new ArrayList<>();
    for (int u = 0; u < 43; u++) {
      String code = u == 13 ? WM : String.format("E231%05d", u);
      double base = 40 + 10 * r.nextDouble();
      for (int fy = 2014; fy <= 2024; fy++) {
        Integer g = treated.get(code);
        double rate =
            base
                + (g != null && fy >= g ? effect : 0)
                + (g != null ? preTrend * (fy - 2014) : 0)
                + 0.5 * r.nextGaussian();
        panel.add(row(code, "pfa", fy, rate));
      }
    }
    return panel;
  }

  static PanelRow row(String code, String level, int fy, double rate) {
    double pop = 1_000_000;
    long count = Math.round(rate * pop / 100_000);
    return new PanelRow(
        "knife_crime",
        "all",
        code,
        level,
        code,
        fy,
        count,
        Optional.of(CrudeRate.of(count, pop, 100_000)),
        Optional.empty());
  }

  static EvaluationRequest request(
      List<PanelRow> panel, Map<String, LocalDate> starts, List<PanelRow> monthly, String design) {
    return new EvaluationRequest(
        db,
        job(),
        panel,
        List.of("knife_crime"),
        starts,
        List.of(),
        new PartnershipConfig.Evaluation("never", 0, 199, 7, design),
        Optional.of(
            new EvaluationRequest.Partnership(
                "west-midlands-vru", List.of(WM), LocalDate.of(2019, 4, 1), monthly)));
  }

  @Test
  void oneTreatedAreaIsSyntheticDidWithPlaceboInferenceAndFindsItsEffect() {
    List<EvaluationResult> results =
        Evaluation.run(
            request(
                panel(Map.of(WM, 2019), -4, 0),
                Map.of(WM, LocalDate.of(2019, 4, 1)),
                List.of(),
                "auto"));
    assertThat(results)
        .extracting(e -> e.estimate().estimator())
        .containsExactly("sdid", "sc", "did-sdid");
    EvaluationResult sdid = results.get(0);
    assertThat(sdid.design()).isEqualTo("sdid");
    assertThat(sdid.own()).isTrue();
    assertThat(sdid.why()).contains("one treated area", "placebo");
    assertThat(sdid.estimate().inference()).contains("placebo");
    assertThat(sdid.estimate().ciLower()).isLessThan(-4);
    assertThat(sdid.estimate().ciUpper()).isGreaterThan(-4);
    // stored and read back with the design, scope and reason
    List<EvaluationResult> stored = EvaluationStore.of(db, lastJob);
    assertThat(stored).extracting(EvaluationResult::design).containsOnly("sdid");
    assertThat(stored).allMatch(EvaluationResult::own);
  }

  @Test
  void severalAreasArePooledWithThePartnershipsOwnBesideAndAFailedPretestIsNotBuried() {
    Map<String, Integer> treated = new HashMap<>();
    Map<String, LocalDate> starts = new HashMap<>();
    for (int u = 0; u < 20; u++) {
      String code = u == 13 ? WM : String.format("E231%05d", u);
      int g = u < 12 ? 2019 : 2021;
      treated.put(code, g);
      starts.put(code, LocalDate.of(g, 4, 1));
    }
    // the treated areas rise before the start: parallel trends fail
    List<EvaluationResult> results =
        Evaluation.run(request(panel(treated, -4, 0.8), starts, List.of(), "auto"));
    assertThat(results)
        .extracting(e -> e.estimate().estimator())
        .contains("cs", "twfe", "sdid", "sc", "did-sdid");
    EvaluationResult cs =
        results.stream().filter(e -> e.estimate().estimator().equals("cs")).findFirst().get();
    assertThat(cs.design()).isEqualTo("cs");
    assertThat(cs.own()).isFalse();
    assertThat(cs.why()).contains("20 programme areas", "2 different year(s)");
    assertThat(cs.warnings()).anyMatch(w -> w.contains("pre-trend test rejects"));
    assertThat(results.stream().filter(EvaluationResult::own))
        .allMatch(e -> e.design().equals("cs"));
  }

  @Test
  void everyoneTreatedAtOnceIsAnInterruptedTimeSeriesOnTheMonthlyRate() {
    Map<String, Integer> treated = new HashMap<>();
    Map<String, LocalDate> starts = new HashMap<>();
    for (int u = 0; u < 43; u++) {
      String code = u == 13 ? WM : String.format("E231%05d", u);
      treated.put(code, 2019);
      starts.put(code, LocalDate.of(2019, 4, 1));
    }
    SplittableRandom r = new SplittableRandom(9);
    List<PanelRow> monthly = new ArrayList<>();
    YearMonth first = YearMonth.of(2014, 4);
    for (int t = 0; t < 96; t++) {
      YearMonth m = first.plusMonths(t);
      double rate =
          4
              + 0.01 * t
              + 0.5 * Math.sin(2 * Math.PI * m.getMonthValue() / 12)
              + (m.isBefore(YearMonth.of(2019, 4)) ? 0 : -0.8)
              + 0.1 * r.nextGaussian();
      double pop = 2_900_000;
      long count = Math.round(rate * pop / 100_000);
      monthly.add(
          new PanelRow(
              "knife_crime",
              "all",
              "west-midlands-vru",
              "partnership",
              "West Midlands",
              Period.month(m),
              OptionalLong.of(count),
              Optional.of(CrudeRate.of(count, pop, 100_000)),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    List<EvaluationResult> results =
        Evaluation.run(request(panel(treated, -4, 0), starts, monthly, "auto"));
    assertThat(results).hasSize(1);
    EvaluationResult its = results.get(0);
    assertThat(its.design()).isEqualTo("its");
    assertThat(its.why()).contains("every area with data is treated");
    assertThat(its.estimate().ciLower()).isLessThan(-0.8);
    assertThat(its.estimate().ciUpper()).isGreaterThan(-0.8);
    assertThat(its.eventsPrevented()).isPositive();
  }
}
