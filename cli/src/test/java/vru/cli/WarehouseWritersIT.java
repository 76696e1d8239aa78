package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.db.Database;
import vru.core.db.TestDatabase;

/**
 * One writer per warehouse (issue 23, item 3): two ingests of files sharing crime references,
 * started together as two processes, never publish a crime twice, and a job that finds the
 * warehouse being written to is refused at once, naming the job that writes.
 */
class WarehouseWritersIT {
  @TempDir Path dir;
  Path warehouse;

  static final String HEADER =
      "crime_reference,force_code,recorded_date,offence_code,offence_group,knife_flag,victim_age,"
          + "victim_sex,lsoa_code,outcome";

  @BeforeEach
  void geography() throws Exception {
    warehouse = dir.resolve("wh");
    Path lookup = dir.resolve("lookup.csv");
    Files.writeString(
        lookup,
        "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
            + "valid_to\n"
            + "E01900001,A 001A,E08900001,A,E22900001,A,E23000014,West Midlands,,\n");
    VruProcess.Result g = ingest("geography", lookup);
    assertThat(g.exitCode()).as(g.err()).isZero();
  }

  VruProcess.Result ingest(String source, Path file) throws Exception {
    return VruProcess.run(
        "ingest",
        "--source",
        source,
        "--input",
        file.toString(),
        "--warehouse",
        warehouse.toString());
  }

  Path crimes(String name, String month) throws Exception {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (int i = 1; i <= 10; i++) {
      b.append("R")
          .append(i)
          .append(",E23000014,2023-")
          .append(month)
          .append("-0")
          .append(1 + i % 9)
          .append(",8N,violence,Y,20,M,E01900001,\n");
    }
    Path f = dir.resolve(name);
    Files.writeString(f, b);
    return f;
  }

  @Test
  void twoIngestsStartedTogetherNeverPublishACrimeTwice() throws Exception {
    // the same ten crime references, in two different files (different months)
    Path a = crimes("a.csv", "05");
    Path b = crimes("b.csv", "06");
    List<Process> both = new ArrayList<>();
    List<Path> errs = new ArrayList<>();
    for (Path f : List.of(a, b)) {
      Path err = dir.resolve(f.getFileName() + ".err");
      errs.add(err);
      both.add(
          VruProcess.start(
              err,
              "ingest",
              "--source",
              "police-records",
              "--input",
              f.toString(),
              "--warehouse",
              warehouse.toString()));
    }
    for (Process p : both) {
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    }
    // each either ran alone (the later one superseding the earlier file, or finding every crime
    // a repeat: exit 4), or was refused because the other was writing (exit 3)
    for (int i = 0; i < 2; i++) {
      int code = both.get(i).exitValue();
      String err = Files.readString(errs.get(i));
      assertThat(code).as(err).isIn(0, 3, 4);
      if (code == 3) {
        assertThat(err)
            .contains("another job is writing to the warehouse " + warehouse)
            .contains("(ingest job ")
            .doesNotContain("Exception");
      }
    }
    // whatever the timing, ten crimes are published once each
    assertThat(publishedRows()).isEqualTo(10);
  }

  @Test
  void aJobThatFindsTheWarehouseBeingWrittenIsRefusedNamingTheWriter() throws Exception {
    Database db = Database.open(TestDatabase.settings("cli"));
    try (Connection writer = db.connect();
        PreparedStatement lock =
            writer.prepareStatement("select pg_advisory_lock(hashtextextended(?, 23))")) {
      // another process holds the warehouse's lock, as a running ingest does
      lock.setString(1, "vru warehouse " + warehouse.toAbsolutePath().normalize());
      lock.executeQuery().close();
      VruProcess.Result r = ingest("police-records", crimes("c.csv", "07"));
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.err().strip().lines().reduce((x, y) -> y).orElse(""))
          .startsWith("vru: another job is writing to the warehouse " + warehouse)
          .endsWith("run it again when that one has finished ('vru jobs' lists them)");
    }
    // the lock went with the writer's connection: the same ingest now runs
    VruProcess.Result after = ingest("police-records", dir.resolve("c.csv"));
    assertThat(after.exitCode()).as(after.err()).isZero();
  }

  long publishedRows() throws Exception {
    Database db = Database.open(TestDatabase.settings("cli"));
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select coalesce(sum(rows_accepted), 0) from source_file where warehouse = ? and"
                    + " source_type = 'police-records' and status = 'published'")) {
      ps.setString(1, warehouse.toAbsolutePath().normalize().toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
