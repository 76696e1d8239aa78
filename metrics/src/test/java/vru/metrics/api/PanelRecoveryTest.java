package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.db.Database;
import vru.core.db.Faults;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;

/**
 * A metrics run killed after moving its panel into the warehouse and before its database commit
 * (issue 23, item 4): the next run finds the panel unrecorded and publishes again, rather than
 * saying "inputs unchanged" and keeping a panel the database never recorded.
 */
class PanelRecoveryTest {
  @TempDir Path dir;

  @Test
  void aPanelLeftByARunThatDiedBeforeItsCommitIsReplacedByTheNextRun() throws Exception {
    SparkSession spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    Database db = TestDatabase.fresh("panel_recovery");
    Warehouse wh = new Warehouse(dir);
    MissingAreasTest.writeThreeForces(spark, wh);
    JobRuns runs = new JobRuns(db, java.time.Clock.systemUTC());
    MetricsResult first = Metrics.compute(request(spark, db, wh, runs.start("metrics", Map.of())));
    assertThat(first.published()).isTrue();
    assertThat(marker(wh)).isEqualTo(first.run().toString());

    // a measure file changes, so the next run publishes; it dies between the move and the commit
    Path measures = dir.resolve("local.yaml");
    Files.writeString(
        measures,
        "measures:\n  - id: young_knife\n    title: Young\n    table: police_incidents\n"
            + "    filter: \"knife and victim_age < 40\"\n");
    UUID dying = runs.start("metrics", Map.of());
    System.setProperty("vru.fault", "metrics: panel moved, not committed");
    try {
      assertThatThrownBy(() -> Metrics.compute(request(spark, db, wh, dying, measures)))
          .isInstanceOf(Faults.Killed.class);
    } finally {
      System.clearProperty("vru.fault");
    }
    // the warehouse holds the dead run's panel; the database never recorded it
    assertThat(marker(wh)).isEqualTo(dying.toString());
    assertThat(recorded(db, dying)).isFalse();

    // the same inputs as the current recorded run: without the check this said "unchanged"
    UUID next = runs.start("metrics", Map.of());
    MetricsResult again = Metrics.compute(request(spark, db, wh, next));
    assertThat(again.published()).isTrue();
    assertThat(again.run()).isEqualTo(next);
    assertThat(marker(wh)).isEqualTo(next.toString());
    assertThat(recorded(db, next)).isTrue();
    // and once the panel is the recorded one, an unchanged run publishes nothing
    MetricsResult unchanged =
        Metrics.compute(request(spark, db, wh, runs.start("metrics", Map.of())));
    assertThat(unchanged.published()).isFalse();
    assertThat(unchanged.run()).isEqualTo(next);
  }

  static MetricsRequest request(
      SparkSession spark, Database db, Warehouse wh, UUID run, Path... measureFiles) {
    return new MetricsRequest(
        spark,
        db,
        run,
        wh,
        measureFiles.length == 0 ? List.of("knife_crime") : List.of("knife_crime", "young_knife"),
        Optional.of(
            new MetricsRequest.Partnership(
                "wm-vru", "West Midlands VRU", List.of(MissingAreasTest.WEST_MIDLANDS))),
        List.of(measureFiles),
        Optional.empty());
  }

  static String marker(Warehouse wh) throws Exception {
    return Files.readString(wh.table(Warehouse.MEASURE_PANEL).resolve("_vru_run")).trim();
  }

  static boolean recorded(Database db, UUID run) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("select 1 from metrics_run where job_run_id = ?")) {
      ps.setObject(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
