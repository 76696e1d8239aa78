package vru.ingest.api;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;

/**
 * The files published into a warehouse and what was held back from them, as the ingest stage
 * recorded them: the provenance a report's data annex lists. Later stages read it here, never from
 * ingest's tables.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /**
   * One published file.
   *
   * @param source the source name
   * @param path the file as it was named when ingested
   * @param ingested the day it was ingested
   * @param rowsRead data rows read
   * @param rowsAccepted rows published
   * @param rowsQuarantined rows held back with a reason
   * @param sha256 the file's SHA-256
   */
  public record File(
      String source,
      Path path,
      LocalDate ingested,
      long rowsRead,
      long rowsAccepted,
      long rowsQuarantined,
      String sha256) {}

  /** Rows of one source held back for one reason, over every published file. */
  public record Quarantined(String source, String reason, long rows) {}

  /** Every published file of a warehouse and its quarantine counts by source and reason. */
  public record Listing(List<File> files, List<Quarantined> quarantined) {}

  /**
   * The warehouse's published files, by source and path, and their quarantine counts.
   *
   * @throws VruException {@link ErrorCode#DATABASE_UNAVAILABLE} when the database cannot be read
   */
  public static Listing published(Database db, Path warehouse) {
    String where = warehouse.toAbsolutePath().normalize().toString();
    String files =
        "select f.source_type, f.path, f.ingested_at, f.rows_read, f.rows_accepted,"
            + " f.rows_quarantined, f.sha256 from source_file f where f.status = 'published'"
            + " and f.warehouse = ? order by f.source_type, f.path";
    String reasons =
        "select f.source_type, s.reason, sum(s.rows) as rows from quarantine_summary s join source_file f"
            + " on f.id = s.source_file_id where f.status = 'published' and f.warehouse = ? group"
            + " by f.source_type, s.reason order by f.source_type, s.reason";
    List<File> out = new ArrayList<>();
    List<Quarantined> held = new ArrayList<>();
    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement(files)) {
        ps.setString(1, where);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(
                new File(
                    rs.getString("source_type"),
                    Path.of(rs.getString("path")),
                    rs.getTimestamp("ingested_at").toLocalDateTime().toLocalDate(),
                    rs.getLong("rows_read"),
                    rs.getLong("rows_accepted"),
                    rs.getLong("rows_quarantined"),
                    rs.getString("sha256")));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(reasons)) {
        ps.setString(1, where);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            held.add(
                new Quarantined(
                    rs.getString("source_type"), rs.getString("reason"), rs.getLong("rows")));
          }
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read the source files: " + e.getMessage(), e);
    }
    return new Listing(List.copyOf(out), List.copyOf(held));
  }
}
