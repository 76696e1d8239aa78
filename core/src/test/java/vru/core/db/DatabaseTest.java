package vru.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

class DatabaseTest {
  static Database db;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh("core");
  }

  @Test
  void migrationsCreateTheCoreTablesInTheVruSchema() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select table_name from information_schema.tables where table_schema = 'vru'"
                    + " order by 1")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables)
        .contains(
            "area",
            "area_hierarchy",
            "partnership",
            "partnership_area",
            "job_run",
            "source_file",
            "quarantine_summary",
            "measure_value");
  }

  @Test
  void migratingTwiceAppliesNothingNew() {
    assertThat(db.migrate().migrationsExecuted).isZero();
  }

  @Test
  void jobRunsRecordSuccessAndFailureWithDuration() {
    Clock clock = Clock.fixed(Instant.parse("2025-04-01T10:00:00Z"), ZoneOffset.UTC);
    JobRuns runs = new JobRuns(db, clock);
    UUID ok = runs.start("ingest", Map.of("source", "police-records"));
    runs.succeed(ok);
    UUID bad = runs.start("metrics", Map.of());
    runs.fail(bad, ErrorCode.INPUT_INVALID, "bad file");

    List<JobRuns.JobRun> recent = runs.recent(10);
    assertThat(recent).extracting(JobRuns.JobRun::id).contains(ok, bad);
    JobRuns.JobRun failed = recent.stream().filter(r -> r.id().equals(bad)).findFirst().get();
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.errorCode()).contains("INPUT_INVALID");
    assertThat(failed.errorMessage()).contains("bad file");
    JobRuns.JobRun succeeded = recent.stream().filter(r -> r.id().equals(ok)).findFirst().get();
    assertThat(succeeded.parameters()).contains("police-records");
    assertThat(succeeded.duration()).hasValueSatisfying(d -> assertThat(d).isZero());
  }

  @Test
  void aPartnershipIsRecordedWithItsAreasAndReplacedOnTheNextSave() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vru-partnership");
    java.nio.file.Path yaml = dir.resolve("vru.yaml");
    java.nio.file.Files.writeString(
        yaml,
        "partnership:\n  id: wm\n  name: WM\n  areas: [E23000014]\n  start: 2019-04-01\n"
            + "programme-areas:\n  - {area: E23000001, start: 2019-04-01}\nbaseline: FY2018/19\n");
    vru.core.config.PartnershipConfig config = vru.core.config.ConfigLoader.load(yaml);
    Partnerships.save(db, config);
    Partnerships.save(db, config);
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select role, count(*) from partnership_area where partnership_id = 'wm' group by"
                    + " role order by role")) {
      java.util.Map<String, Long> roles = new java.util.TreeMap<>();
      while (rs.next()) {
        roles.put(rs.getString(1), rs.getLong(2));
      }
      // member: West Midlands; programme: West Midlands and the Met; comparison: the other 41
      assertThat(roles)
          .containsEntry("member", 1L)
          .containsEntry("programme", 2L)
          .containsEntry("comparison", 41L);
    }
  }

  @Test
  void anUnreachableServerIsReportedAsDatabaseUnavailable() {
    DatabaseSettings nowhere =
        DatabaseSettings.fromEnvironment(Optional.of("jdbc:postgresql://127.0.0.1:1/none"));
    assertThatThrownBy(() -> Database.open(nowhere))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/none")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
  }
}
