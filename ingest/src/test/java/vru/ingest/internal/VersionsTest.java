package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.SparkSessions;

/**
 * A new version of a file for the same source and period replaces the old one's rows, which are
 * kept as history; a file for another force or year adds; a file covering part of an earlier one is
 * refused. Each test has its own warehouse; each ingest is its own job run, as each {@code vru
 * ingest} command is.
 */
class VersionsTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static SparkSession spark;
  static Database db;
  Warehouse warehouse;

  static final String HEADER =
      "crime_reference,force_code,recorded_date,offence_code,offence_group,knife_flag,victim_age,"
          + "victim_sex,lsoa_code,outcome";

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("versions");
  }

  @BeforeEach
  void geography() throws IOException {
    warehouse = new Warehouse(dir.resolve("warehouse"));
    Path lookup = dir.resolve("lookup.csv");
    Files.writeString(
        lookup,
        "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
            + "valid_to\n"
            + "E01900001,A 001A,E08900001,A,E22900001,A,E23000014,West Midlands,,\n"
            + "E01900002,B 001A,E09900002,B,E22900002,B,E23000001,Metropolitan,,\n");
    ingest("geography", lookup);
  }

  List<FileSummary> ingest(String source, Path... files) {
    return new TestIngest(spark, db, shared.resolve("key")).run(warehouse, source, List.of(files));
  }

  Path crimes(String name, String... rows) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, HEADER + "\n" + String.join("\n", rows) + "\n");
    return f;
  }

  static String crime(String ref, String force, String date, String knife) {
    String lsoa = force.equals("E23000014") ? "E01900001" : "E01900002";
    return ref + "," + force + "," + date + ",8N,violence," + knife + ",20,M," + lsoa + ",";
  }

  List<Row> incidents() {
    return spark
        .read()
        .parquet(warehouse.table(Warehouse.POLICE_INCIDENTS).toString())
        .select("file_id", "knife", "force_code", "financial_year")
        .orderBy("file_id")
        .collectAsList();
  }

  String status(Path file) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select f.status, coalesce(n.path, '') from source_file f left join source_file n"
                    + " on n.id = f.superseded_by where f.path = ? and f.warehouse = ? order by"
                    + " f.id desc limit 1")) {
      ps.setString(1, file.toString());
      ps.setString(2, warehouse.root().toAbsolutePath().normalize().toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) + " " + rs.getString(2) : "none";
      }
    }
  }

  static String fileId(Path f) {
    try {
      return InputFile.inspect(f).sha256().substring(0, 16);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aCorrectedExtractReplacesTheOldOnesRowsWhichAreKeptAsHistory() throws Exception {
    Path v1 =
        crimes(
            "wm-2023-v1.csv",
            crime("R1", "E23000014", "2023-05-01", "N"),
            crime("R2", "E23000014", "2023-06-01", "N"),
            crime("R3", "E23000014", "2024-02-01", "N"));
    Path v2 =
        crimes(
            "wm-2023-v2.csv",
            crime("R1", "E23000014", "2023-05-01", "Y"),
            crime("R2", "E23000014", "2023-06-01", "Y"),
            crime("R4", "E23000014", "2023-07-01", "Y"),
            crime("R5", "E23000014", "2023-08-01", "Y"));
    ingest("police-records", v1);
    List<FileSummary> s = ingest("police-records", v2);

    assertThat(s.get(0).replaces()).containsExactly(v1.toString());
    List<Row> rows = incidents();
    assertThat(rows).hasSize(4).allMatch(r -> r.getString(0).equals(fileId(v2)) && r.getBoolean(1));
    Path history = warehouse.history(Warehouse.POLICE_INCIDENTS).resolve("file_id=" + fileId(v1));
    assertThat(spark.read().parquet(history.toString()).count()).isEqualTo(3);
    assertThat(status(v1)).isEqualTo("superseded " + v2);
    assertThat(status(v2)).isEqualTo("published ");

    // going back to the first version is a new version too
    List<FileSummary> back = ingest("police-records", v1);
    assertThat(back.get(0).alreadyIngested()).isFalse();
    assertThat(back.get(0).replaces()).containsExactly(v2.toString());
    assertThat(incidents()).hasSize(3).allMatch(r -> r.getString(0).equals(fileId(v1)));
    assertThat(status(v2)).isEqualTo("superseded " + v1);
  }

  @Test
  void anotherForceOrAnotherYearIsAddedNotReplaced() throws Exception {
    Path wm = crimes("wm.csv", crime("R1", "E23000014", "2023-05-01", "N"));
    Path met = crimes("met.csv", crime("M1", "E23000001", "2023-05-01", "N"));
    Path wmLater = crimes("wm-2024.csv", crime("R9", "E23000014", "2024-05-01", "N"));
    ingest("police-records", wm);
    ingest("police-records", met);
    List<FileSummary> s = ingest("police-records", wmLater);

    assertThat(s.get(0).replaces()).isEmpty();
    assertThat(incidents()).hasSize(3);
    assertThat(List.of(status(wm), status(met), status(wmLater))).containsOnly("published ");
  }

  @Test
  void aFileCoveringPartOfAPublishedOneIsRefusedAndChangesNothing() throws Exception {
    Path twoYears =
        crimes(
            "wm-two-years.csv",
            crime("R1", "E23000014", "2022-05-01", "N"),
            crime("R2", "E23000014", "2023-05-01", "N"));
    Path oneYear = crimes("wm-2023.csv", crime("R2", "E23000014", "2023-05-01", "Y"));
    ingest("police-records", twoYears);

    assertThatThrownBy(() -> ingest("police-records", oneYear))
        .isInstanceOf(VruException.class)
        .hasMessageContaining(oneYear.toString())
        .hasMessageContaining("(force code, financial year) E23000014 2023 of " + twoYears)
        .hasMessageContaining("but not (force code, financial year) E23000014 2022")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
    assertThat(incidents()).hasSize(2).allMatch(r -> r.getString(0).equals(fileId(twoYears)));
    assertThat(status(oneYear)).isEqualTo("rejected ");
    assertThat(status(twoYears)).isEqualTo("published ");
  }

  @Test
  void twoVersionsOfTheSamePeriodInOneRunAreRefused() throws Exception {
    Path a = crimes("a.csv", crime("R1", "E23000014", "2023-05-01", "N"));
    Path b = crimes("b.csv", crime("R2", "E23000014", "2023-06-01", "N"));

    assertThatThrownBy(() -> ingest("police-records", a, b))
        .hasMessageContaining(b + " covers (force code, financial year) E23000014 2023, as " + a)
        .hasMessageContaining("in the same run");
    assertThat(incidents()).hasSize(1).allMatch(r -> r.getString(0).equals(fileId(a)));
  }

  @Test
  void aRecordAlreadyPublishedForAnotherPeriodIsQuarantinedAsADuplicateNotCountedTwice()
      throws Exception {
    Path y2023 =
        crimes(
            "wm-2023.csv",
            crime("R1", "E23000014", "2023-05-01", "N"),
            crime("R2", "E23000014", "2023-06-01", "N"));
    // the next year's extract repeats R2, re-dated into 2024-25; 29 new records besides
    List<String> later = new ArrayList<>();
    for (int i = 0; i < 29; i++) {
      later.add(crime("N" + i, "E23000014", "2024-05-01", "N"));
    }
    later.add(4, crime("R2", "E23000014", "2024-06-01", "Y"));
    Path y2024 = crimes("wm-2024.csv", later.toArray(new String[0]));
    ingest("police-records", y2023);
    FileSummary s = ingest("police-records", y2024).get(0);

    assertThat(s.rowsRead()).isEqualTo(30);
    assertThat(s.rowsAccepted()).isEqualTo(29);
    assertThat(s.rowsQuarantined()).isEqualTo(1);
    assertThat(s.replaces()).isEmpty();
    FileSummary.Reason r = s.reasons().get(0);
    assertThat(r.reason()).isEqualTo("duplicate");
    assertThat(r.field()).isEqualTo("crime_reference");
    assertThat(r.exampleLine()).isEqualTo(6);
    assertThat(r.message())
        .contains("is already published from " + y2023 + " (ingested ")
        .contains("which covers another force code and financial year")
        .doesNotContain("R2");
    // the published record keeps its first file and period; R2 is in the warehouse once
    List<Row> rows = incidents();
    assertThat(rows).hasSize(31);
    assertThat(rows.stream().filter(x -> x.getString(0).equals(fileId(y2023)))).hasSize(2);
    Row quarantined =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .filter("reason = 'duplicate'")
            .select("line", "value", "raw_line")
            .first();
    assertThat(quarantined.getLong(0)).isEqualTo(6);
    assertThat(quarantined.getString(1)).matches("[0-9a-f]{64}");
    assertThat(quarantined.getString(2)).startsWith(quarantined.getString(1) + ",E23000014");

    // a corrected 2023 extract with R2 again is a new version of its file, not a duplicate
    Path corrected =
        crimes(
            "wm-2023-v2.csv",
            crime("R1", "E23000014", "2023-05-01", "Y"),
            crime("R2", "E23000014", "2023-06-01", "Y"));
    FileSummary v2 = ingest("police-records", corrected).get(0);
    assertThat(v2.rowsQuarantined()).isZero();
    assertThat(v2.replaces()).containsExactly(y2023.toString());
    assertThat(incidents()).hasSize(31);
  }

  @Test
  void aPublishedRecordRepeatedTwiceInALaterExtractIsOneDuplicateOfEachKindCountedOnce()
      throws Exception {
    Path y2023 = crimes("wm-2023.csv", crime("R2", "E23000014", "2023-06-01", "N"));
    // lines 2-3 and 5 are new; line 4 repeats R2 from 2023, line 6 repeats it again; line 7
    // repeats a new record of this extract; 60 new records follow (3 of 66 is under the 5%)
    List<String> rows =
        new ArrayList<>(
            List.of(
                crime("N1", "E23000014", "2024-05-01", "N"),
                crime("N2", "E23000014", "2024-05-02", "N"),
                crime("R2", "E23000014", "2024-06-01", "Y"),
                crime("N3", "E23000014", "2024-05-03", "N"),
                crime("R2", "E23000014", "2024-06-02", "Y"),
                crime("N1", "E23000014", "2024-05-01", "N")));
    for (int i = 0; i < 60; i++) {
      rows.add(crime("M" + i, "E23000014", "2024-07-01", "N"));
    }
    Path y2024 = crimes("wm-2024.csv", rows.toArray(new String[0]));
    ingest("police-records", y2023);
    FileSummary s = ingest("police-records", y2024).get(0);

    // R2 at line 6 is both a repeat of line 4 and of the published record: it is failed once
    assertThat(s.rowsRead()).isEqualTo(66);
    assertThat(s.rowsAccepted()).isEqualTo(63);
    assertThat(s.rowsQuarantined()).isEqualTo(3);
    assertThat(s.reasons()).singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(3));
    Map<Long, String> byLine =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .select("line", "message")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getLong(0), r -> r.getString(1)));
    assertThat(byLine).containsOnlyKeys(4L, 6L, 7L);
    assertThat(byLine.get(4L)).contains("is already published from " + y2023);
    assertThat(byLine.get(6L)).endsWith("repeats an earlier row");
    assertThat(byLine.get(7L)).endsWith("repeats an earlier row");
    assertThat(incidents()).hasSize(64);
  }

  @Test
  void aNewReleaseOfAPublishedTableForTheSamePeriodReplacesIt() throws Exception {
    Path real =
        Path.of(System.getProperty("vru.data.dir", "../data"))
            .resolve("real/ons-prc-table-c2-ye-jun2025.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(real));
    // a revised release: the same table with one more line of preamble
    lines.add(1, "Revised release,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
    Path revised = dir.resolve("c2-revised.csv");
    Files.write(revised, lines);
    ingest("prc-tables", real);
    long before =
        spark.read().parquet(warehouse.table(Warehouse.RECORDED_CRIME).toString()).count();
    List<FileSummary> s = ingest("prc-tables", revised);

    assertThat(s.get(0).replaces()).containsExactly(real.toAbsolutePath().normalize().toString());
    assertThat(spark.read().parquet(warehouse.table(Warehouse.RECORDED_CRIME).toString()).count())
        .isEqualTo(before);
    assertThat(
            Files.isDirectory(
                warehouse.history(Warehouse.RECORDED_CRIME).resolve("file_id=" + fileId(real))))
        .isTrue();
  }
}
