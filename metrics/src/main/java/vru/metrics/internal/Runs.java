package vru.metrics.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import vru.core.api.ErrorCode;
import vru.core.api.Version;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;

/**
 * Which metrics run is current for a scope (a partnership, or all areas) and warehouse. A run's
 * fingerprint covers every input: the files of the warehouse tables it reads (their paths, which
 * carry each ingested file's checksum, and sizes), the measure definitions, the partnership's areas
 * and the baseline, and the tool version. The same fingerprint as the current run means the same
 * results, so nothing is published again; a different one supersedes it.
 */
final class Runs {
  private Runs() {}

  static String scope(MetricsRequest request) {
    return request.partnership().map(p -> "partnership:" + p.id()).orElse("all-areas");
  }

  static String warehouse(MetricsRequest request) {
    return request.warehouse().root().toAbsolutePath().normalize().toString();
  }

  static String fingerprint(MetricsRequest request, Collection<MeasureDefinition> defs) {
    StringBuilder s = new StringBuilder();
    s.append("tool ").append(Version.current()).append('\n');
    s.append("scope ").append(scope(request)).append('\n');
    // what a run publishes: a run from before a part was added is not the same result
    s.append("publishes panel programme breakdown\n");
    request
        .partnership()
        .ifPresent(
            p ->
                s.append("areas ")
                    .append(p.areas())
                    .append(" similar ")
                    .append(p.similar())
                    .append(" name ")
                    .append(p.name())
                    .append('\n'));
    s.append("baseline ").append(request.baselineYear()).append('\n');
    s.append("local areas ").append(request.allAreas() ? "all" : "partnership").append('\n');
    TreeSet<String> tables = new TreeSet<>();
    tables.add(Warehouse.POPULATION);
    tables.add(Warehouse.PROGRAMME);
    tables.add(Warehouse.GEOGRAPHY);
    for (MeasureDefinition d : defs) {
      s.append("measure ").append(Definitions.sha256(Definitions.describeJson(d))).append('\n');
      tables.add(d.table());
    }
    for (String t : tables) {
      Path dir = request.warehouse().table(t);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          s.append(request.warehouse().root().relativize(f))
              .append(' ')
              .append(Files.size(f))
              .append('\n');
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Definitions.sha256(s.toString());
  }

  /**
   * Whether the measure panel in the warehouse was written by a run the database never recorded
   * (the process died after moving it into place and before its commit), or has no panel or no
   * record of its run at all: then an unchanged fingerprint does not mean the panel is right, and
   * it is published again.
   */
  static boolean panelOnDiskIsUnrecorded(MetricsRequest request) {
    Path marker = request.warehouse().table(Warehouse.MEASURE_PANEL).resolve(PanelJob.RUN_MARKER);
    String run;
    try {
      run = Files.readString(marker).trim();
    } catch (IOException e) {
      return true;
    }
    try (Connection c = request.database().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select 1 from metrics_run where job_run_id::text = ? and warehouse = ?")) {
      ps.setString(1, run);
      ps.setString(2, warehouse(request));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return false;
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read metrics runs: " + e.getMessage(), e);
    }
    org.slf4j.LoggerFactory.getLogger(Runs.class)
        .warn(
            "the measure panel in {} was left by metrics job {}, which did not finish; publishing"
                + " it again",
            request.warehouse().root(),
            run);
    return true;
  }

  /** The current run with this fingerprint, if there is one. */
  static Optional<UUID> unchanged(MetricsRequest request, String fingerprint) {
    String sql =
        "select job_run_id from metrics_run where scope = ? and warehouse = ? and superseded_by is"
            + " null and fingerprint = ?";
    try (Connection c = request.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, scope(request));
      ps.setString(2, warehouse(request));
      ps.setString(3, fingerprint);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of((UUID) rs.getObject(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot read metrics runs: " + e.getMessage(), e);
    }
  }

  /**
   * Records the run on the run's connection (committed with its rows): its fingerprint, the
   * ingested files behind the warehouse, and that it supersedes the scope's previous current run.
   */
  static void record(Connection c, MetricsRequest request, String fingerprint, long rows)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update metrics_run set superseded_by = ? where scope = ? and warehouse = ? and"
                + " superseded_by is null")) {
      ps.setObject(1, request.jobRun());
      ps.setString(2, scope(request));
      ps.setString(3, warehouse(request));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into metrics_run(job_run_id, scope, warehouse, fingerprint, rows) values (?,"
                + " ?, ?, ?, ?)")) {
      ps.setObject(1, request.jobRun());
      ps.setString(2, scope(request));
      ps.setString(3, warehouse(request));
      ps.setString(4, fingerprint);
      ps.setLong(5, rows);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into metrics_run_input(job_run_id, source_type, sha256) select distinct ?,"
                + " source_type, sha256 from source_file where warehouse = ? and status ="
                + " 'published'")) {
      ps.setObject(1, request.jobRun());
      ps.setString(2, warehouse(request));
      ps.executeUpdate();
    }
  }
}
