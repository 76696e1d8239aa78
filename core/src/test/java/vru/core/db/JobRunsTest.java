package vru.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A job whose process died stays "running" in the table; the next start marks it interrupted, and
 * never a job whose process lives (issue 23, item 12).
 */
class JobRunsTest {
  @Test
  void aJobWhoseProcessDiedIsMarkedInterruptedAndALiveOneIsNot() throws Exception {
    Database db = TestDatabase.fresh("job_runs");
    JobRuns runs = new JobRuns(db, Clock.systemUTC());
    UUID alive = runs.start("ingest", Map.of());
    // a row as a killed process leaves it: running, and no session holds its lock
    UUID dead = UUID.randomUUID();
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into job_run(id, command, tool_version, started_at, status) values (?,"
                    + " 'ingest', 'test', now(), 'running')")) {
      ps.setObject(1, dead);
      ps.executeUpdate();
    }
    assertThat(runs.markInterrupted()).isEqualTo(1);
    assertThat(status(db, dead)).isEqualTo("interrupted");
    assertThat(status(db, alive)).isEqualTo("running");
    // a new start marks nothing more; the live job ends as it should
    UUID next = runs.start("metrics", Map.of());
    assertThat(status(db, alive)).isEqualTo("running");
    runs.succeed(alive);
    runs.succeed(next);
    assertThat(status(db, alive)).isEqualTo("succeeded");
    assertThat(runs.recent(10))
        .filteredOn(r -> r.id().equals(dead))
        .singleElement()
        .satisfies(r -> assertThat(r.errorMessage().orElseThrow()).contains("stopped before"));
  }

  static String status(Database db, UUID id) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("select status from job_run where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
