package vru.evaluation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;

/**
 * The pipeline's evaluation on a measure panel of 43 forces × 11 years with a known effect: every
 * estimator run is stored with its components and provenance, and the stored numbers are the
 * returned ones.
 */
class EvaluationTest {
  static Database db;
  static UUID job;
  static List<EvaluationResult> results;

  @BeforeAll
  static void evaluate() {
    db = TestDatabase.fresh("evaluation");
    job = new JobRuns(db, Clock.systemUTC()).start("evaluate", Map.of());
    SplittableRandom r = new SplittableRandom(11);
    List<PanelRow> panel = new ArrayList<>();
    Map<String, LocalDate> starts = new HashMap<>();
    for (int u = 0; u < 43; u++) {
      String code = String.format("E23%06d", u);
      if (u < 18) {
        starts.put(code, LocalDate.of(2019, 9, 1));
      } else if (u < 20) {
        starts.put(code, LocalDate.of(2022, 6, 1));
      }
      double base = 40 + 10 * r.nextDouble();
      for (int fy = 2014; fy <= 2024; fy++) {
        int g = u < 18 ? 2019 : u < 20 ? 2022 : 0;
        double pop = 1_000_000;
        double rate = base + (g > 0 && fy >= g ? -4 : 0) + r.nextGaussian();
        long count = Math.round(rate * pop / 100_000);
        panel.add(
            new PanelRow(
                "knife_crime",
                "all",
                code,
                "pfa",
                "Force " + u,
                fy,
                count,
                Optional.of(CrudeRate.of(count, pop, 100_000)),
                Optional.empty()));
      }
    }
    results =
        Evaluation.run(
            new EvaluationRequest(db, job, panel, List.of("knife_crime"), starts, List.of()));
  }

  @Test
  void theEstimatesFindTheInjectedEffect() {
    EvaluationResult cs =
        results.stream().filter(e -> e.estimate().estimator().equals("cs")).findFirst().get();
    assertThat(cs.estimate().ciLower()).isLessThan(-4);
    assertThat(cs.estimate().ciUpper()).isGreaterThan(-4);
    assertThat(cs.estimate().estimate()).isCloseTo(-4, within(0.5));
  }

  @Test
  void everyRunIsStoredWithItsComponentsAndProvenance() throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select estimator, bootstrap_draws, bootstrap_seed, critical_value, pretest_df,"
                    + " panel_sha256, n_units, n_periods, (select count(*) from evaluation_point p"
                    + " where p.run_id = r.id and kind = 'event_time'), (select count(*) from"
                    + " evaluation_point p where p.run_id = r.id and kind = 'bacon'),"
                    + " details->'simple'->>'estimate' from evaluation_run r where job_run_id = '"
                    + job
                    + "' order by estimator")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("cs");
      assertThat(rs.getInt(2)).isEqualTo(999);
      assertThat(rs.getLong(3)).isEqualTo(Evaluation.SEED);
      assertThat(rs.getDouble(4)).isBetween(1.96, 3.5);
      assertThat(rs.getInt(5)).isPositive();
      assertThat(rs.getString(6)).hasSize(64);
      assertThat(rs.getInt(7)).isEqualTo(43);
      assertThat(rs.getInt(8)).isEqualTo(11);
      // event times -4..5 for the 2019 cohort and -7..2 for 2022 (periods from 2015: varying base)
      assertThat(rs.getInt(9)).isEqualTo(13);
      EvaluationResult cs =
          results.stream().filter(e -> e.estimate().estimator().equals("cs")).findFirst().get();
      assertThat(Double.parseDouble(rs.getString(11))).isEqualTo(cs.estimate().estimate());
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("twfe");
      assertThat(rs.getInt(10)).isEqualTo(3);
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void theLatestResultsReadBackEqualWhatWasReturned() {
    List<EvaluationResult> stored = EvaluationStore.of(db, job);
    assertThat(stored).hasSize(2);
    for (EvaluationResult s : stored) {
      EvaluationResult r =
          results.stream()
              .filter(e -> e.estimate().estimator().equals(s.estimate().estimator()))
              .findFirst()
              .get();
      assertThat(s.estimate().estimate()).isEqualTo(r.estimate().estimate());
      assertThat(s.estimate().se()).isEqualTo(r.estimate().se());
    }
  }

  @Test
  void areasWhoseForceHasNoDataAreLeftOutAndCountedNotComparedAsZero() {
    // 20 forces with data (5 treated from FY2019/20), 5 with none in any year (a warehouse holding
    // only some forces' records): the comparison uses the 20, and says the 5 were left out
    SplittableRandom r = new SplittableRandom(3);
    List<PanelRow> panel = new ArrayList<>();
    Map<String, LocalDate> starts = new HashMap<>();
    for (int u = 0; u < 25; u++) {
      String code = String.format("E23%06d", u);
      if (u < 5) {
        starts.put(code, LocalDate.of(2019, 9, 1));
      }
      for (int fy = 2014; fy <= 2024; fy++) {
        vru.metrics.api.Period p =
            vru.metrics.api.Period.parse(
                vru.metrics.api.Period.Type.FY, String.format("FY%d/%02d", fy, (fy + 1) % 100));
        if (u >= 20) {
          panel.add(
              new PanelRow(
                  "knife_crime",
                  "all",
                  code,
                  "pfa",
                  "Empty " + u,
                  p,
                  java.util.OptionalLong.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of("no data: Empty " + u + " has no data in the police_incidents table"),
                  Optional.empty()));
          continue;
        }
        double rate = 45 + (u < 5 && fy >= 2019 ? -4 : 0) + r.nextGaussian();
        long count = Math.round(rate * 10_000);
        panel.add(
            new PanelRow(
                "knife_crime",
                "all",
                code,
                "pfa",
                "Force " + u,
                fy,
                count,
                Optional.of(CrudeRate.of(count, 1_000_000, 100_000)),
                Optional.empty()));
      }
    }
    UUID partial = new JobRuns(db, Clock.systemUTC()).start("evaluate", Map.of());
    List<EvaluationResult> got =
        Evaluation.run(
            new EvaluationRequest(db, partial, panel, List.of("knife_crime"), starts, List.of()));
    for (EvaluationResult e : got) {
      assertThat(e.estimate().units()).as(e.estimate().estimator()).isEqualTo(20);
      assertThat(e.excluded())
          .as(e.estimate().estimator())
          .anyMatch(
              x ->
                  x.startsWith(
                          "5 area(s) with no data in any year are left out of the comparison,"
                              + " which uses the 20 with data: Empty 20, Empty 21")
                      && x.endsWith("Empty 24"));
      assertThat(e.excluded()).noneMatch(x -> x.startsWith("Empty 20 FY"));
    }
  }
}
