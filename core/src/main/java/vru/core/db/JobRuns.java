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

  /**
   * The session this process holds its running jobs' advisory locks on, one per database: while a
   * job's lock is held its process is alive; a job marked running whose lock can be taken by
   * another session has lost its process.
   */
  private static final Map<String, Connection> LIFE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final String JOB_KEY = "select %s(hashtextextended('vru job ' || ?, 23))";

  /**
   * Marks every job still recorded as running whose process has gone (no session holds its lock) as
   * interrupted; called at the start of every job, and by {@code vru jobs}.
   *
   * @return how many were marked
   */
  public int markInterrupted() {
    int marked = 0;
    try (Connection c = db.connect()) {
      List<UUID> running = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement("select id from job_run where status = 'running'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          running.add(rs.getObject(1, UUID.class));
        }
      }
      for (UUID id : running) {
        boolean orphan;
        try (PreparedStatement ps =
            c.prepareStatement(String.format(JOB_KEY, "pg_try_advisory_lock"))) {
          ps.setString(1, id.toString());
          try (ResultSet rs = ps.executeQuery()) {
            orphan = rs.next() && rs.getBoolean(1);
          }
        }
        if (!orphan) {
          continue;
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "update job_run set status = 'interrupted', finished_at = ?, error_message = ?"
                    + " where id = ? and status = 'running'")) {
          ps.setTimestamp(1, Timestamp.from(clock.instant()));
          ps.setString(
              2,
              "the process running this job stopped before it finished (killed, out of memory, or"
                  + " the machine restarted); run the command again");
          ps.setObject(3, id);
          marked += ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(String.format(JOB_KEY, "pg_advisory_unlock"))) {
          ps.setString(1, id.toString());
          ps.executeQuery().close();
        }
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    return marked;
  }

  private void alive(UUID id, boolean alive) {
    try {
      lockOnLife(id, alive);
    } catch (SQLException first) {
      // the life session was ended under us (a test database dropped and made again): once more
      try {
        Connection dead = LIFE.remove(db.url());
        if (dead != null) {
          dead.close();
        }
        lockOnLife(id, alive);
      } catch (SQLException e) {
        throw unavailable(e);
      }
    }
  }

  private void lockOnLife(UUID id, boolean alive) throws SQLException {
    Connection life = LIFE.get(db.url());
    if (life == null || life.isClosed()) {
      if (!alive) {
        return;
      }
      life = db.connect();
      LIFE.put(db.url(), life);
    }
    synchronized (life) {
      try (PreparedStatement ps =
          life.prepareStatement(
              String.format(JOB_KEY, alive ? "pg_advisory_lock" : "pg_advisory_unlock"))) {
        ps.setString(1, id.toString());
        ps.executeQuery().close();
      }
    }
  }

  /** Records the start of a command and returns the new run's id. */
  public UUID start(String command, Map<String, ?> parameters) {
    markInterrupted();
    UUID id = UUID.randomUUID();
    String json;
    try {
      json = JSON.writeValueAsString(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job parameters are not serialisable: " + parameters, e);
    }
    // the lock first: a row marked running whose lock no session holds is a dead job's, so
    // another process starting now must never see the row before the lock
    alive(id, true);
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

  /**
   * Records what a run worked on: the warehouse (its absolute path), the partnership and the
   * metrics run whose panel it read. Evaluations, assessments and reports are read back by this
   * scope, never across warehouses.
   */
  public static void scope(
      Database db, UUID id, java.nio.file.Path warehouse, String partnershipId, UUID panelRun) {
    String sql = "update job_run set warehouse = ?, partnership_id = ?, panel_run = ? where id = ?";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, warehouse.toAbsolutePath().normalize().toString());
      ps.setString(2, partnershipId);
      ps.setObject(3, panelRun);
      ps.setObject(4, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** Marks a run as succeeded. */
  public void succeed(UUID id) {
    alive(id, false);
    update(
        "update job_run set status = 'succeeded', finished_at = ? where id = ?",
        Timestamp.from(clock.instant()),
        id);
  }

  /** Marks a run as failed with the error that ended it. */
  public void fail(UUID id, ErrorCode code, String message) {
    alive(id, false);
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
