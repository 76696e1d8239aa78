package vru.core.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.Version;
import vru.core.api.VruException;

/** Records every command that runs: what, with which parameters, when, and how it ended. */
public final class JobRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;
  private final Clock clock;

  public JobRuns(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A recorded job run. */
  public record JobRun(
      UUID id,
      String command,
      String parameters,
      String toolVersion,
      Instant startedAt,
      Optional<Instant> finishedAt,
      String status,
      Optional<String> errorCode,
      Optional<String> errorMessage) {

    /** Seconds from start to end, or empty while it runs. */
    public Optional<Duration> duration() {
      return finishedAt.map(f -> Duration.between(startedAt, f));
    }
  }

  /** Records the start of a command and returns the new run's id. */
  public UUID start(String command, Map<String, ?> parameters) {
    UUID id = UUID.randomUUID();
    String json;
    try {
      json = JSON.writeValueAsString(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job parameters are not serialisable: " + parameters, e);
    }
    update(
        "insert into job_run(id, command, parameters, tool_version, started_at, status)"
            + " values (?, ?, ?::jsonb, ?, ?, 'running')",
        id,
        command,
        json,
        Version.current(),
        Timestamp.from(clock.instant()));
    return id;
  }

  /** Marks a run as succeeded. */
  public void succeed(UUID id) {
    update(
        "update job_run set status = 'succeeded', finished_at = ? where id = ?",
        Timestamp.from(clock.instant()),
        id);
  }

  /** Marks a run as failed with the error that ended it. */
  public void fail(UUID id, ErrorCode code, String message) {
    update(
        "update job_run set status = 'failed', finished_at = ?, error_code = ?, error_message = ?"
            + " where id = ?",
        Timestamp.from(clock.instant()),
        code.name(),
        message,
        id);
  }

  /** The most recent runs, newest first. */
  public List<JobRun> recent(int limit) {
    String sql =
        "select id, command, parameters::text, tool_version, started_at, finished_at, status,"
            + " error_code, error_message from job_run order by started_at desc limit ?";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      List<JobRun> runs = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp finished = rs.getTimestamp(6);
          runs.add(
              new JobRun(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getTimestamp(5).toInstant(),
                  Optional.ofNullable(finished).map(Timestamp::toInstant),
                  rs.getString(7),
                  Optional.ofNullable(rs.getString(8)),
                  Optional.ofNullable(rs.getString(9))));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private void update(String sql, Object... args) {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  static VruException unavailable(SQLException e) {
    return new VruException(ErrorCode.DATABASE_UNAVAILABLE, "database error: " + e.getMessage(), e);
  }
}
