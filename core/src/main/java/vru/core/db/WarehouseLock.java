package vru.core.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The one writer of a warehouse at a time: a PostgreSQL session advisory lock keyed by the
 * warehouse's absolute path, held on its own connection from before a job reads what the warehouse
 * holds until after it has published (ingest, metrics). Two ingests started together on one
 * warehouse could otherwise both find a crime reference new and both publish it; the second is
 * refused at once, naming the job that holds the lock. The lock goes with the connection, so a
 * killed job never leaves it held.
 */
public final class WarehouseLock implements AutoCloseable {
  private final Connection connection;

  private WarehouseLock(Connection connection) {
    this.connection = connection;
  }

  /**
   * Takes the warehouse's lock for {@code jobRun} (recording the warehouse as the job's scope, so a
   * refused job can be told which job holds it).
   *
   * @param what the job, for the message ({@code ingest}, {@code metrics})
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when another job holds it
   */
  public static WarehouseLock acquire(Database db, Path warehouse, UUID jobRun, String what) {
    String root = warehouse.toAbsolutePath().normalize().toString();
    Connection c = null;
    try {
      c = db.connect();
      if (jobRun != null) {
        try (PreparedStatement ps =
            c.prepareStatement("update job_run set warehouse = ? where id = ?")) {
          ps.setString(1, root);
          ps.setObject(2, jobRun);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("select pg_try_advisory_lock(hashtextextended(?, 23))")) {
        ps.setString(1, "vru warehouse " + root);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return new WarehouseLock(c);
          }
        }
      }
      String holder = holder(c, root, jobRun);
      c.close();
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "another job is writing to the warehouse "
              + root
              + holder
              + ", so this "
              + what
              + " was not started: run it again when that one has finished ('vru jobs' lists"
              + " them)");
    } catch (SQLException e) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (SQLException ignored) {
        // the lock, if taken, goes with the connection
      }
      throw JobRuns.unavailable(e);
    }
  }

  private static String holder(Connection c, String root, UUID self) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select id, command, started_at from job_run where warehouse = ? and status ="
                + " 'running' and id is distinct from ? order by started_at desc limit 1")) {
      ps.setString(1, root);
      ps.setObject(2, self);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? " ("
                + rs.getString("command")
                + " job "
                + rs.getObject("id")
                + ", started "
                + rs.getTimestamp("started_at").toInstant()
                + ")"
            : "";
      }
    }
  }

  /** Releases the lock (closing its connection). */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the session ends with the connection, and the lock with it
    }
  }
}
