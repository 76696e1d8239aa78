package vru.evaluation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.evaluation.api.toc.TocAssessor;
import vru.evaluation.api.toc.TocModel;
import vru.metrics.api.PanelRow;
import vru.metrics.api.ProgrammeValue;
import vru.metrics.stats.CrudeRate;

/** The example model assessed on published-looking data and stored in PostgreSQL. */
class TheoryOfChangeTest {
  @TempDir Path dir;

  @Test
  void theAssessmentIsStoredAsReturnedWithTheModelsChecksum() throws Exception {
    Database db = TestDatabase.fresh("toc");
    UUID job = new JobRuns(db, Clock.systemUTC()).start("toc assess", Map.of());
    Path toc = dir.resolve("toc.yaml");
    try (var in = TocModel.class.getResourceAsStream("example-toc.yaml")) {
      Files.copy(in, toc);
    }
    List<PanelRow> panel = new ArrayList<>();
    for (String m : List.of("knife_crime", "knife_admissions", "homicide")) {
      for (String age : List.of("all", "0-24")) {
        for (int fy = 2018; fy <= 2024; fy++) {
          long count = 400 - 10L * (fy - 2018);
          panel.add(
              new PanelRow(
                  m,
                  age,
                  "wm-vru",
                  "partnership",
                  "West Midlands",
                  fy,
                  count,
                  Optional.of(CrudeRate.of(count, 2_900_000, 100_000)),
                  Optional.empty()));
        }
      }
    }
    List<ProgrammeValue> programme = new ArrayList<>();
    for (String i :
        List.of("mentoring", "a_and_e_navigators", "focused_deterrence", "school_programmes")) {
      for (int fy = 2019; fy <= 2024; fy++) {
        programme.add(new ProgrammeValue(i, "E23000014", fy, 500, 300 + fy - 2019, 200, 1000, 12));
      }
      // a part year is not read as a fall
      programme.add(new ProgrammeValue(i, "E23000014", 2025, 40, 20, 10, 100, 1));
    }
    TheoryOfChange.Data data =
        new TheoryOfChange.Data("wm-vru", List.of("E23000014"), panel, programme, List.of());
    TheoryOfChange.Result r = TheoryOfChange.assess(toc, data, Optional.of(db), job);
    assertThat(r.assessment().indicators()).hasSize(10);
    assertThat(r.assessment().indicators())
        .allMatch(s -> s.latestYear() == 2024, "latest complete year is FY2024/25");
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select a.model_sha256, a.errors, count(i.*), count(*) filter (where i.status ="
                    + " 'insufficient data'), (select count(*) from toc_link_status l where"
                    + " l.assessment_id = a.id) from toc_assessment a join toc_indicator_status i on"
                    + " i.assessment_id = a.id group by a.id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(r.validation().model().sha256());
      assertThat(rs.getInt(2)).isZero();
      assertThat(rs.getInt(3)).isEqualTo(10);
      assertThat(rs.getInt(4)).isZero();
      assertThat(rs.getInt(5)).isEqualTo(16);
    }
    TocAssessor.IndicatorStatus knife =
        r.assessment().indicators().stream()
            .filter(s -> s.id().equals("knife-crime-rate"))
            .findFirst()
            .orElseThrow();
    // 340 vs 400 events on the same population: 15% lower, against a 20% target by 2026
    assertThat(knife.ratio()).isCloseTo(0.85, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(knife.status()).isEqualTo(TocAssessor.Status.ON_TRACK);
    assertThat(r.json())
        .contains("\"indicator\" : \"knife-crime-rate\"")
        .contains("\"status\" : \"on track\"");
  }
}
