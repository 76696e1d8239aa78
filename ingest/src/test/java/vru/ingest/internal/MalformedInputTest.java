package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
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
 * What a malformed-input corpus found (issue 23, item 10), each checked on the readers it applies
 * to: a byte-order mark before the header, coordinates out of range, a binary file given as CSV, a
 * damaged gzip, and two years of a published population table in one folder.
 */
class MalformedInputTest {
  static final Path REAL = Path.of(System.getProperty("vru.data.dir", "../data")).resolve("real");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("malformed");
  }

  static List<FileSummary> ingest(String warehouse, String source, Path... files) {
    return new TestIngest(spark, db, dir.resolve("key"))
        .run(new Warehouse(dir.resolve(warehouse)), source, List.of(files), 1.0);
  }

  static List<String> gunzipped(Path file) throws IOException {
    try (var in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void aByteOrderMarkBeforeTheHeaderIsNotARow() throws IOException {
    // Excel's "CSV UTF-8" writes EF BB BF first; the first data row keeps its line number 2
    Path lookup = dir.resolve("bom-lookup.csv");
    Files.writeString(
        lookup,
        "\uFEFFlsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
            + "valid_to\n"
            + "E01900001,A 001A,E08900001,A,E22900001,A,E23000014,West Midlands,,\n");
    assertThat(ingest("bom", "geography", lookup).get(0).rowsQuarantined()).isZero();
    Path crimes = dir.resolve("bom-crimes.csv");
    Files.writeString(
        crimes,
        "\uFEFF"
            + VersionsTest.HEADER
            + "\n"
            + VersionsTest.crime("R1", "E23000014", "2023-05-01", "Y")
            + "\n"
            + VersionsTest.crime("R2", "E23000014", "2023-06-01", "N")
            + "\n");
    FileSummary s = ingest("bom", "police-records", crimes).get(0);
    assertThat(s.rowsRead()).isEqualTo(2);
    assertThat(s.rowsAccepted()).isEqualTo(2);
    assertThat(s.rowsQuarantined()).isZero();
  }

  @Test
  void aByteOrderMarkIsNotPartOfAPublishedTablesHeader() throws IOException {
    for (String[] t :
        new String[][] {
          {"fingertips", "fingertips-93356-countyua.csv"},
          {"prc-tables", "ons-prc-table-c2-ye-jun2025.csv"}
        }) {
      Path plain = REAL.resolve(t[1]);
      Path bom = Files.createDirectories(dir.resolve("bom-" + t[0])).resolve(t[1]);
      byte[] bytes = Files.readAllBytes(plain);
      byte[] with = new byte[bytes.length + 3];
      with[0] = (byte) 0xEF;
      with[1] = (byte) 0xBB;
      with[2] = (byte) 0xBF;
      System.arraycopy(bytes, 0, with, 3, bytes.length);
      Files.write(bom, with);
      FileSummary a = ingest("plain-" + t[0], t[0], plain).get(0);
      FileSummary b = ingest("bom-" + t[0], t[0], bom).get(0);
      assertThat(a.rowsRead()).as(t[0]).isPositive();
      assertThat(b.rowsRead()).as(t[0]).isEqualTo(a.rowsRead());
      assertThat(b.rowsAccepted()).as(t[0]).isEqualTo(a.rowsAccepted());
    }
  }

  @Test
  void aLineWithAnUnterminatedQuoteIsQuarantinedForThatAndKeepsNoClearReference()
      throws IOException {
    Path lookup = dir.resolve("quote-lookup.csv");
    Files.writeString(
        lookup,
        "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
            + "valid_to\n"
            + "E01900001,A 001A,E08900001,A,E22900001,A,E23000014,West Midlands,,\n");
    ingest("quote", "geography", lookup);
    Path crimes = dir.resolve("quote-crimes.csv");
    Files.writeString(
        crimes,
        VersionsTest.HEADER
            + "\n"
            + VersionsTest.crime("CLEAR-OK-1", "E23000014", "2023-05-01", "Y")
            + "\n\"CLEAR-SECRET-2,E23000014,2023-05-02,8N,violence,Y,20,M,E01900001,\n"
            + "CLEAR-SECRET-3,\"E23000014,2023-05-03,8N,violence,Y,20,M,E01900001,\n");
    FileSummary s = ingest("quote", "police-records", crimes).get(0);
    assertThat(s.rowsRead()).isEqualTo(3);
    assertThat(s.rowsQuarantined()).isEqualTo(2);
    assertThat(s.reasons())
        .extracting(FileSummary.Reason::reason)
        .containsOnly("unterminated_quote");
    assertThat(s.reasons().get(0).message()).contains("never closed");
    List<String> raw =
        spark
            .read()
            .parquet(
                new Warehouse(dir.resolve("quote")).table(Warehouse.QUARANTINE).toString()
                    + "/source=police-records")
            .select("raw_line", "value")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " | " + r.getString(1))
            .toList();
    assertThat(raw).hasSize(2).noneMatch(l -> l.contains("CLEAR-SECRET"));
  }

  @Test
  void coordinatesOutsideTheirRangeOrTheUnitedKingdomAreQuarantined() throws IOException {
    List<String> real =
        gunzipped(
            REAL.resolve("police-uk-city-of-london-2024/2024-01-city-of-london-street.csv.gz"));
    List<String> rows = new ArrayList<>(real.subList(0, 1));
    int changed = 0;
    for (String line : real.subList(1, real.size())) {
      List<String> cells = vru.core.geo.CsvLine.split(line);
      if (cells.get(5).isEmpty() || changed == 3) {
        continue;
      }
      // latitude 123.4 is nowhere; 40.4 is Madrid; longitude 181 is nowhere
      String[] bad = {"5:123.4", "5:40.4", "4:181.0"};
      String[] at = bad[changed++].split(":");
      cells = new ArrayList<>(cells);
      cells.set(Integer.parseInt(at[0]), at[1]);
      rows.add(String.join(",", cells.stream().map(c -> "\"" + c + "\"").toList()));
    }
    rows.add(real.get(real.size() - 1));
    Path file = Files.createDirectories(dir.resolve("coords")).resolve("2024-01-test-street.csv");
    Files.write(file, rows);
    FileSummary s = ingest("coords", "police-uk", file).get(0);
    assertThat(s.rowsRead()).isEqualTo(4);
    assertThat(s.rowsQuarantined()).isEqualTo(3);
    assertThat(s.reasons()).extracting(FileSummary.Reason::reason).containsOnly("out_of_range");
    assertThat(s.reasons().get(0).rows()).isEqualTo(3);
  }

  @Test
  void aBinaryFileGivenAsCsvIsRefusedAsNotText() throws IOException {
    Path fake = dir.resolve("binary/crimes.csv");
    Files.createDirectories(fake.getParent());
    // the start of a zip archive (what an .xlsx is), as a misnamed workbook has
    Files.write(fake, new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0, (byte) 0x81});
    assertThatThrownBy(() -> ingest("binary", "police-records", fake))
        .isInstanceOfSatisfying(
            VruException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("crimes.csv: not a text file (byte 6 is binary data)")
        .hasMessageNotContaining("Exception");
    Path damaged = dir.resolve("binary/crimes.csv.gz");
    Files.write(damaged, "crime_reference,force_code\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ingest("binary", "police-records", damaged))
        .isInstanceOfSatisfying(
            VruException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("crimes.csv.gz: not a readable gzip file");
  }

  @Test
  void twoYearsOfTheWardTableLoadFromOneFolderAndAGzippedOneReadsAsPlain() throws IOException {
    List<String> ward =
        gunzipped(REAL.resolve("ons-sape-mid2020/SAPE23DT8a_mid2020_ward_Males.csv.gz"));
    List<String> excerpt = new ArrayList<>(ward.subList(0, 25));
    Path folder = Files.createDirectories(dir.resolve("two-years"));
    Files.write(folder.resolve("ward-2020.csv"), excerpt);
    excerpt.replaceAll(l -> l.replace("Mid-2020", "Mid-2021"));
    try (var out =
        new GZIPOutputStream(Files.newOutputStream(folder.resolve("ward-2021.csv.gz")))) {
      out.write((String.join("\n", excerpt) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    List<FileSummary> s = ingest("two-years", "population", folder);
    assertThat(s).hasSize(2);
    assertThat(s).extracting(FileSummary::rowsAccepted).containsExactly(20L, 20L);
    assertThat(
            spark
                .read()
                .parquet(
                    new Warehouse(dir.resolve("two-years")).table(Warehouse.POPULATION).toString())
                .select("year")
                .distinct()
                .count())
        .isEqualTo(2);
  }
}
