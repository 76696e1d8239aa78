package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
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
 * The data.police.uk adapter on the real City of London files of 2024 (the repository's data/real),
 * as published: 9,992 rows in 12 files, 398 anti-social behaviour rows with no Crime ID, 964 rows
 * with no location, 208 repeated Crime IDs within a month (counted independently with Python's csv
 * module when the test was written).
 */
class PoliceUkTest {
  static final Path REAL =
      Path.of(System.getProperty("vru.data.dir", "../data"))
          .resolve("real/police-uk-city-of-london-2024");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static List<FileSummary> folder;

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("policeuk");
    folder = ingest(warehouse("folder"), List.of(REAL));
  }

  static Warehouse warehouse(String name) {
    return new Warehouse(dir.resolve(name));
  }

  static List<FileSummary> ingest(Warehouse w, List<Path> inputs) {
    return new TestIngest(spark, db, dir.resolve("key")).run(w, "police-uk", inputs);
  }

  static Dataset<Row> table(Warehouse w, String table) {
    return spark.read().parquet(w.table(table).toString());
  }

  @Test
  void theRealFilesLoadUnchangedAndReconcile() {
    assertThat(folder).hasSize(12);
    long read = folder.stream().mapToLong(FileSummary::rowsRead).sum();
    long accepted = folder.stream().mapToLong(FileSummary::rowsAccepted).sum();
    long quarantined = folder.stream().mapToLong(FileSummary::rowsQuarantined).sum();
    assertThat(read).isEqualTo(9_992);
    for (FileSummary s : folder) {
      assertThat(s.rowsAccepted() + s.rowsQuarantined()).isEqualTo(s.rowsRead());
    }
    // the only rows held back are repeated Crime IDs
    assertThat(quarantined).isEqualTo(208);
    Dataset<Row> q =
        table(warehouse("folder"), Warehouse.QUARANTINE).filter("source = 'police-uk'");
    assertThat(q.select("reason").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("duplicate");
    assertThat(q.count()).isEqualTo(208);
    Dataset<Row> t = table(warehouse("folder"), Warehouse.POLICE_UK);
    assertThat(t.count()).isEqualTo(accepted).isEqualTo(9_992 - 208);
    // no Crime ID is ever accepted twice
    assertThat(t.filter("crime_key is not null").select("crime_key").distinct().count())
        .isEqualTo(t.filter("crime_key is not null").count());
  }

  @Test
  void antisocialBehaviourAndUnlocatedRowsAreKeptWithoutKeyOrArea() {
    Dataset<Row> t = table(warehouse("folder"), Warehouse.POLICE_UK);
    assertThat(t.filter("crime_type = 'Anti-social behaviour'").count()).isEqualTo(398);
    assertThat(t.filter("crime_type = 'Anti-social behaviour' and crime_key is not null").count())
        .isZero();
    long unlocated = t.filter("lsoa_code is null").count();
    assertThat(unlocated).isPositive().isLessThanOrEqualTo(964);
    assertThat(
            t.filter("lsoa_code is null and (la_code is not null or csp_code is not null)").count())
        .isZero();
    // every row falls within the City of London force; located rows have their authority
    assertThat(t.filter("force_code <> 'E23000034' or force_code is null").count()).isZero();
    assertThat(t.filter("lsoa_code is not null and (la_code is null or pfa_code is null)").count())
        .isZero();
    // rows located in a neighbouring borough keep that borough: Camden 027B is in Camden
    Row camden =
        t.filter("lsoa_code = 'E01000916'").select("la_code", "csp_code", "pfa_code").first();
    assertThat(camden.getString(0)).isEqualTo("E09000007");
    assertThat(camden.getString(2)).isEqualTo("E23000001");
    assertThat(t.filter("financial_year is null or month is null").count()).isZero();
    // the raw Crime IDs never reach the warehouse
    assertThat(t.columns()).doesNotContain("crime id", "location", "longitude", "latitude");
  }

  @Test
  void aZipOfTheFilesGivesTheSameTableAndReingestingChangesNothing() throws IOException {
    // the repository keeps the files gzipped; the archive and the folder hold them as published
    Path published = Files.createDirectories(dir.resolve("published"));
    Path zip = dir.resolve("city-of-london-2024.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
        Stream<Path> files = Files.list(REAL)) {
      for (Path f : files.sorted().toList()) {
        Path csv = published.resolve(f.getFileName().toString().replace(".gz", ""));
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
          Files.copy(in, csv);
        }
        out.putNextEntry(new ZipEntry("2024/" + csv.getFileName()));
        Files.copy(csv, out);
        out.closeEntry();
      }
    }
    Warehouse w = warehouse("zip");
    List<FileSummary> fromZip = ingest(w, List.of(zip));
    assertThat(fromZip).hasSize(12);
    assertThat(fromZip.stream().mapToLong(FileSummary::rowsAccepted).sum()).isEqualTo(9_784);
    assertThat(fromZip.stream().mapToLong(FileSummary::rowsAccepted).sum())
        .isEqualTo(folder.stream().mapToLong(FileSummary::rowsAccepted).sum());
    // messages and the manifest name the entry inside the archive, not the extracted copy
    assertThat(fromZip.get(0).file().toString())
        .endsWith("city-of-london-2024.zip!/2024/2024-01-city-of-london-street.csv");
    assertThat(
            table(w, Warehouse.QUARANTINE)
                .filter("file not like '%city-of-london-2024.zip!/2024/%'")
                .count())
        .isZero();
    assertThat(table(w, Warehouse.POLICE_UK).count()).isEqualTo(9_784);
    // the same files again, from the folder this time: recognised by their SHA-256
    List<FileSummary> again = ingest(w, List.of(published));
    assertThat(again).allMatch(FileSummary::alreadyIngested);
    assertThat(sha(again)).isEqualTo(sha(fromZip));
    assertThat(table(w, Warehouse.POLICE_UK).count()).isEqualTo(9_784);
    // the extracted copies are not left behind
    try (Stream<Path> left = Files.walk(w.root())) {
      assertThat(left.filter(p -> p.toString().endsWith(".csv")).toList()).isEmpty();
    }
  }

  @Test
  void badRowsAreQuarantinedWithTheirReason() throws IOException {
    String header =
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
            + "Crime type,Last outcome category,Context";
    String id = "a".repeat(64);
    List<String> lines =
        List.of(
            header,
            id
                + ",2024-01,City of London Police,City of London Police,-0.1,51.5,On or near X,"
                + "E01000916,Camden 027B,Robbery,Under investigation,",
            "b".repeat(64)
                + ",2024-13,City of London Police,City of London Police,,,,,,"
                + "Robbery,,",
            "c".repeat(64) + ",2024-01,Gotham Police,Gotham Police,,,,,,Robbery,,",
            "d".repeat(64)
                + ",2024-01,City of London Police,City of London Police,,,,,,"
                + "Knife crime,,",
            "e".repeat(64)
                + ",2024-01,City of London Police,City of London Police,-0.1,51.5,X,"
                + "E01999999,Atlantis 001A,Robbery,,",
            "not-an-id,2024-01,City of London Police,City of London Police,,,,,,Drugs,,",
            ",2024-01,Metropolitan Police Service,Metropolitan Police Service,,,,,,"
                + "Anti-social behaviour,,");
    Path file = dir.resolve("bad/2024-01-test-street.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
    Warehouse w = warehouse("bad");
    List<FileSummary> s =
        new TestIngest(spark, db, dir.resolve("key")).run(w, "police-uk", List.of(file), 1.0);
    assertThat(s.get(0).rowsRead()).isEqualTo(7);
    assertThat(s.get(0).rowsAccepted()).isEqualTo(2);
    Map<String, String> reasons =
        table(w, Warehouse.QUARANTINE).select("line", "reason", "field").collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> String.valueOf(r.getLong(0)), r -> r.getString(1) + ":" + r.getString(2)));
    assertThat(reasons)
        .containsEntry("3", "bad_date:month")
        .containsEntry("4", "unknown_area:reported by")
        .containsEntry("5", "bad_value:crime type")
        .containsEntry("6", "unknown_area:lsoa name")
        .containsEntry("7", "bad_value:crime id")
        .hasSize(5);
    // "Metropolitan Police Service" is the Metropolitan Police force area
    assertThat(table(w, Warehouse.POLICE_UK).filter("force_code = 'E23000001'").count())
        .isEqualTo(1);
  }

  @Test
  void aWindows1252FileWithCrlfLineEndsIsReadAsWindows1252() throws IOException {
    String header =
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
            + "Crime type,Last outcome category,Context";
    String row =
        "f".repeat(64)
            + ",2024-03,City of London Police,City of London Police,-0.1,51.5,On or near Caf\u00e9"
            + " Street,E01000916,Camden 027B,Robbery,R\u00e9solu \u2013 \u00a3 caution,";
    Path file = dir.resolve("cp1252/2024-03-test-street.csv");
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        (header + "\r\n" + row + "\r\n")
            .getBytes(java.nio.charset.Charset.forName("windows-1252")));
    Warehouse w = warehouse("cp1252-warehouse");
    List<FileSummary> s = ingest(w, List.of(file));
    assertThat(s.get(0).rowsAccepted()).isEqualTo(1);
    assertThat(s.get(0).file()).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(table(w, Warehouse.POLICE_UK).first().<String>getAs("last_outcome"))
        .isEqualTo("R\u00e9solu \u2013 \u00a3 caution");
    // the re-encoded copy is not left behind
    try (Stream<Path> left = Files.walk(w.root())) {
      assertThat(left.filter(p -> p.toString().endsWith(".csv")).toList()).isEmpty();
    }
  }

  @Test
  void aMisnamedColumnIsAnInputErrorNamingTheClosestName() throws IOException {
    Path file = dir.resolve("header/2024-01-test-street.csv");
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(
          ("CrimeID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
                  + "Crime type,Last outcome category,Context\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> ingest(warehouse("header"), List.of(file)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("missing column 'crime id' (the file has 'crimeid')")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
  }

  private static List<String> sha(List<FileSummary> s) {
    return s.stream().map(FileSummary::sha256).sorted().toList();
  }
}
