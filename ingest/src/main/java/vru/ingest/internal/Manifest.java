package vru.ingest.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.ingest.api.FileSummary;

/** The {@code source_file} and {@code quarantine_summary} tables: what was ingested, once. */
final class Manifest {
  private final Database db;
  private final String warehouse;

  Manifest(Database db, java.nio.file.Path warehouse) {
    this.db = db;
    this.warehouse = warehouse.toAbsolutePath().normalize().toString();
  }

  /** The published record of these bytes for this source, if any. */
  Optional<Long> published(String source, String sha256) {
    String sql =
        "select id from source_file where warehouse = ? and source_type = ? and sha256 = ? and"
            + " status = 'published'";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, warehouse);
      ps.setString(2, source);
      ps.setString(3, sha256);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * The summary of a file published before (same bytes, same source): its counts then, with {@code
   * alreadyIngested} set, so a rerun's summary says what the warehouse holds of it.
   */
  vru.ingest.api.FileSummary earlier(String source, InputFile input) {
    String sql =
        "select rows_read, rows_accepted, rows_quarantined from source_file where warehouse = ?"
            + " and source_type = ? and sha256 = ? and status = 'published'";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, warehouse);
      ps.setString(2, source);
      ps.setString(3, input.sha256());
      try (ResultSet rs = ps.executeQuery()) {
        boolean found = rs.next();
        return new vru.ingest.api.FileSummary(
            source,
            input.shown(),
            input.sha256(),
            input.size(),
            found ? rs.getLong("rows_read") : 0,
            found ? rs.getLong("rows_accepted") : 0,
            found ? rs.getLong("rows_quarantined") : 0,
            List.of(),
            true);
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /**
   * A file published into this warehouse.
   *
   * @param coverage its coverage cells, or null when it was published before they were recorded
   */
  record Published(
      long id,
      String sha256,
      String path,
      UUID jobRun,
      java.util.List<String> coverage,
      java.time.OffsetDateTime ingestedAt) {}

  /** The files of this source whose rows are in the warehouse now, oldest first. */
  java.util.List<Published> publishedFiles(String source) {
    String sql =
        "select id, sha256, path, job_run_id, coverage, ingested_at from source_file where"
            + " warehouse = ? and source_type = ? and status = 'published' order by id";
    java.util.List<Published> out = new java.util.ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, warehouse);
      ps.setString(2, source);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          java.sql.Array cells = rs.getArray(5);
          out.add(
              new Published(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, UUID.class),
                  cells == null ? null : java.util.List.of((String[]) cells.getArray()),
                  rs.getObject(6, java.time.OffsetDateTime.class)));
        }
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    return out;
  }

  /** Records a file's outcome and its quarantine summary in one transaction. */
  void record(UUID jobRun, FileSummary s, boolean published) {
    record(jobRun, s, published, null, java.util.List.of());
  }

  /**
   * Records a file's outcome, its coverage and quarantine summary, and marks the files it
   * supersedes, in one transaction.
   */
  void record(
      UUID jobRun,
      FileSummary s,
      boolean published,
      java.util.List<String> coverage,
      java.util.List<Long> supersedes) {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      if (published) {
        // a file published before whose rows have left the warehouse is published again
        try (PreparedStatement ps =
            c.prepareStatement(
                "update source_file set status = 'superseded' where warehouse = ? and"
                    + " source_type = ? and sha256 = ? and status = 'published'")) {
          ps.setString(1, warehouse);
          ps.setString(2, s.source());
          ps.setString(3, s.sha256());
          ps.executeUpdate();
        }
      }
      long id;
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into source_file(sha256, source_type, warehouse, path, size_bytes, rows_read,"
                  + " rows_accepted, rows_quarantined, status, job_run_id, coverage)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")) {
        ps.setString(1, s.sha256());
        ps.setString(2, s.source());
        ps.setString(3, warehouse);
        ps.setString(4, s.file().toString());
        ps.setLong(5, s.sizeBytes());
        ps.setLong(6, s.rowsRead());
        ps.setLong(7, s.rowsAccepted());
        ps.setLong(8, s.rowsQuarantined());
        ps.setString(9, published ? "published" : "rejected");
        ps.setObject(10, jobRun);
        ps.setArray(11, coverage == null ? null : c.createArrayOf("text", coverage.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "update source_file set status = 'superseded', superseded_by = ?, superseded_at ="
                  + " now() where id = ? and status = 'published'")) {
        for (long old : supersedes) {
          ps.setLong(1, id);
          ps.setLong(2, old);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into quarantine_summary(source_file_id, reason, rows, example_line,"
                  + " example_value) values (?, ?, ?, ?, ?)")) {
        for (FileSummary.Reason r : s.reasons()) {
          ps.setLong(1, id);
          ps.setString(2, r.reason());
          ps.setLong(3, r.rows());
          ps.setLong(4, r.exampleLine());
          ps.setString(5, r.exampleValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static VruException unavailable(SQLException e) {
    return new VruException(ErrorCode.DATABASE_UNAVAILABLE, "database error: " + e.getMessage(), e);
  }
}
