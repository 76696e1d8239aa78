package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;
import vru.ingest.api.SparkSessions;
import vru.ingest.api.generate.GenerateOptions;
import vru.ingest.api.generate.GeneratedFile;
import vru.ingest.api.generate.SyntheticData;

class IngestTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static Warehouse warehouse;
  static SyntheticData.Result generated;

  @BeforeAll
  static void setUp() {
    // small splits, so files are read in many partitions and line numbers cross split boundaries
    spark =
        SparkSessions.get(
            Optional.of("local[2]"),
            Map.of(
                "spark.sql.files.maxPartitionBytes",
                "262144",
                "spark.sql.files.openCostInBytes",
                "0"));
    db = TestDatabase.fresh("ingest");
    warehouse = new Warehouse(dir.resolve("warehouse"));
    generated =
        SyntheticData.generate(
            GenerateOptions.of(dir.resolve("data"), 11, 0.01).withYears(2023, 2024));
    // every generated source in one run, as 'vru run' ingests them: the geography first, then the
    // others two at a time; the tests below check what they published
    TestIngest t = new TestIngest(spark, db, dir.resolve("key"));
    List<IngestRequest> all = new ArrayList<>();
    for (String source : Ingest.ORDER) {
      // not generated: PoliceUkTest, PublishedTablesTest and CountsIngestTest load real files
      if (!List.of("police-uk", "prc-tables", "fingertips", "counts").contains(source)) {
        all.add(
            t.request(
                warehouse,
                source,
                List.of(dir.resolve("data").resolve(folder(source))),
                IngestRequest.DEFAULT_MAX_QUARANTINED));
      }
    }
    List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<List<FileSummary>> done = Ingest.runAll(all, 2, (r, files) -> finished.add(r.source()));
    assertThat(done).hasSameSizeAs(all);
    assertThat(finished).hasSameSizeAs(all).startsWith("geography");
  }

  @Test
  void sourcesIngestedTogetherAllRunAndTheFirstFailureInTheirOrderIsReported() throws IOException {
    Warehouse other = new Warehouse(dir.resolve("together"));
    Path bad = dir.resolve("together-bad.csv");
    Files.writeString(
        bad,
        PoliceRecordsHeader.HEADER
            + "\nR1,E23000014,2024-01-01,8N,g,Y,20,M,E01900001,c\n"
            + "R2,E23000014,2024-13-01,8N,g,Y,20,M,E01900001,c\n");
    TestIngest t = new TestIngest(spark, db, dir.resolve("key"));
    List<IngestRequest> requests =
        List.of(
            t.request(other, "geography", List.of(dir.resolve("data/geography")), 0.05),
            t.request(other, "police-records", List.of(bad), 0.05),
            t.request(other, "homicide-index", List.of(dir.resolve("data/homicide")), 0.05));
    assertThatThrownBy(() -> Ingest.runAll(requests, 2, (r, files) -> {}))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("1 of 2 rows")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.DATA_QUALITY_THRESHOLD);
    // the source beside the failed one ran to its end and was published
    assertThat(other.table(Warehouse.HOMICIDES)).isDirectory();
    assertThat(other.table(Warehouse.POLICE_INCIDENTS)).doesNotExist();
  }

  static String folder(String source) {
    return switch (source) {
      case "police-records" -> "police";
      case "hospital-admissions" -> "hospital";
      case "homicide-index" -> "homicide";
      default -> source;
    };
  }

  static List<FileSummary> ingest(String source, List<Path> inputs) {
    return ingest(source, inputs, IngestRequest.DEFAULT_MAX_QUARANTINED);
  }

  static List<FileSummary> ingest(String source, List<Path> inputs, double threshold) {
    return new TestIngest(spark, db, dir.resolve("key")).run(warehouse, source, inputs, threshold);
  }

  @Test
  void everyDeliberatelyBadRowIsQuarantinedAndEveryGoodRowAccepted() {
    long rows = 0;
    long dirty = 0;
    for (GeneratedFile f : generated.files()) {
      if (f.source().equals("police-records") || f.source().equals("hospital-admissions")) {
        rows += f.rows();
        dirty += f.dirtyTotal();
      }
    }
    long accepted =
        spark.read().parquet(warehouse.table(Warehouse.POLICE_INCIDENTS).toString()).count()
            + spark.read().parquet(warehouse.table(Warehouse.ADMISSIONS).toString()).count();
    long quarantined =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .filter("source in ('police-records', 'hospital-admissions')")
            .count();
    assertThat(quarantined).isEqualTo(dirty);
    assertThat(accepted + quarantined).isEqualTo(rows);
  }

  @Test
  void quarantinedRowsCarryTheirTrueLineNumberAndRawLineWithIdentifiersPseudonymised()
      throws Exception {
    List<Row> sample =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .select("file", "line", "raw_line", "reason", "field")
            .collectAsList();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            HexFormat.of().parseHex(Files.readString(dir.resolve("key")).trim()), "HmacSHA256"));
    long identified = 0;
    assertThat(sample).isNotEmpty();
    Map<String, List<String>> files = new java.util.HashMap<>();
    for (Row r : sample) {
      List<String> lines =
          files.computeIfAbsent(
              r.getString(0),
              f -> {
                try {
                  return Files.readAllLines(Path.of(f), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      List<String> header = vru.core.geo.CsvLine.split(lines.get(0));
      List<String> fields = vru.core.geo.CsvLine.split(lines.get((int) r.getLong(1) - 1));
      String expected = lines.get((int) r.getLong(1) - 1);
      if (fields.size() == header.size() && !expected.contains("\"")) {
        // the identifier columns hold their pseudonyms, the rest is the line as read
        for (int i = 0; i < header.size(); i++) {
          if (List.of("crime_reference", "episode_id", "spell_id", "homicide_ref")
                  .contains(header.get(i))
              && !fields.get(i).isEmpty()) {
            fields.set(
                i,
                HexFormat.of()
                    .formatHex(mac.doFinal(fields.get(i).getBytes(StandardCharsets.UTF_8))));
            identified++;
          }
        }
        expected = String.join(",", fields);
      }
      assertThat(r.getString(2)).isEqualTo(expected);
    }
    assertThat(identified).isGreaterThan(sample.size() / 2);
    assertThat(sample)
        .extracting(r -> r.getString(3))
        .contains(
            "bad_date",
            "unknown_area",
            "missing_value",
            "out_of_range",
            "duplicate",
            "bad_icd10_code");
  }

  @Test
  void quarantinedRowsCarryTheOffendingValueAndAMessageNamingIt() {
    List<Row> dates =
        spark
            .read()
            .parquet(
                warehouse.table(Warehouse.QUARANTINE).resolve("source=police-records").toString())
            .filter("reason = 'bad_date'")
            .select("field", "value", "message")
            .collectAsList();
    assertThat(dates).isNotEmpty();
    for (Row r : dates) {
      assertThat(r.getString(0)).isEqualTo("recorded_date");
      assertThat(r.getString(1)).matches("\\d{4}-13-\\d{2}");
      assertThat(r.getString(2))
          .contains("'recorded_date' is '" + r.getString(1) + "'", "yyyy-MM-dd");
    }
  }

  @Test
  void theSameFileIngestedAgainChangesNothing() {
    List<FileSummary> again = ingest("police-records", List.of(dir.resolve("data/police")));
    assertThat(again).isNotEmpty().allMatch(FileSummary::alreadyIngested);
  }

  @Test
  void aFileWhoseRowsLeftTheWarehouseIsIngestedAgain() throws IOException {
    Path homicides = dir.resolve("data/homicide/homicide-index.csv");
    String sha = InputFile.inspect(homicides).sha256();
    Path partition = warehouse.partition(Warehouse.HOMICIDES, sha);
    long before = spark.read().parquet(partition.toString()).count();
    Publisher.deleteTree(partition);
    List<FileSummary> again = ingest("homicide-index", List.of(homicides));
    assertThat(again.get(0).alreadyIngested()).isFalse();
    assertThat(spark.read().parquet(partition.toString()).count()).isEqualTo(before);
    assertThat(ingest("homicide-index", List.of(homicides)).get(0).alreadyIngested()).isTrue();
  }

  @Test
  void identifiersArePseudonymisedWithHmacSha256() throws Exception {
    Row first =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.HOMICIDES).toString())
            .select("homicide_key")
            .first();
    byte[] key = HexFormat.of().parseHex(Files.readString(dir.resolve("key")).trim());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    List<String> refs =
        Files.readAllLines(dir.resolve("data/homicide/homicide-index.csv")).stream()
            .skip(1)
            .map(
                l ->
                    HexFormat.of()
                        .formatHex(mac.doFinal(l.split(",")[0].getBytes(StandardCharsets.UTF_8))))
            .toList();
    assertThat(refs).contains(first.getString(0));
    assertThat(spark.read().parquet(warehouse.table(Warehouse.HOMICIDES).toString()).columns())
        .doesNotContain("homicide_ref");
  }

  @Test
  void aHeaderWithAMisspelledColumnIsAnInputErrorNamingIt() throws IOException {
    Path bad = dir.resolve("bad-header.csv");
    Files.writeString(
        bad,
        "crime_ref,force_code,recorded_date,offence_code,offence_group,knife_flag,victim_age,"
            + "victim_sex,lsoa_code,outcome\nX,E23000014,2024-01-01,8N,g,Y,20,M,E01900001,c\n");
    assertThatThrownBy(() -> ingest("police-records", List.of(bad)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("missing column 'crime_reference' (the file has 'crime_ref')")
        .hasMessageContaining("line 1")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
  }

  @Test
  void columnsWithNoNameAreNamedByPositionAndIgnoredColumnsAreExpected() {
    assertThat(
            Header.problems(
                List.of("crime_ref", "", "month", "_ignored_4", " "),
                List.of("crime_reference", "month")))
        .containsExactly(
            "missing column 'crime_reference' (the file has 'crime_ref')",
            "unexpected column 'crime_ref' (did you mean 'crime_reference'?)",
            "columns 2, 5 of 5 have no name");
    assertThat(Header.problems(List.of("month", ""), List.of("month")))
        .containsExactly("column 2 of 2 has no name");
  }

  @Test
  void aFileWithTooManyBadRowsIsRejectedAndNothingOfItPublished() throws IOException {
    Path bad = dir.resolve("mostly-bad.csv");
    StringBuilder sb = new StringBuilder(PoliceRecordsHeader.HEADER + "\n");
    sb.append("R1,E23000014,2024-01-01,8N,g,Y,20,M,E01900001,c\n");
    sb.append("R2,E23000014,2024-13-01,8N,g,Y,20,M,E01900001,c\n");
    sb.append("R3,E23000014,2024-01-01,8N,g,maybe,20,M,E01900001,c\n");
    Files.writeString(bad, sb);
    assertThatThrownBy(() -> ingest("police-records", List.of(bad)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("2 of 3 rows")
        .hasMessageContaining("line 3")
        .hasMessageContaining("bad_flag")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.DATA_QUALITY_THRESHOLD);
    String sha = InputFile.inspect(bad).sha256();
    assertThat(warehouse.partition(Warehouse.POLICE_INCIDENTS, sha)).doesNotExist();
  }

  @Test
  void everySourceTheConfigurationAcceptsHasAnAdapter() {
    assertThat(Sources.names()).containsExactlyElementsOf(Ingest.ORDER);
  }

  @Test
  void aMissingInputIsNamed() {
    assertThatThrownBy(() -> ingest("police-records", List.of(dir.resolve("nope.csv"))))
        .hasMessageContaining("nope.csv")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_NOT_FOUND);
  }

  /** The generator's header, kept here so a change to either is noticed. */
  static final class PoliceRecordsHeader {
    static final String HEADER =
        "crime_reference,force_code,recorded_date,offence_code,offence_group,knife_flag,victim_age,"
            + "victim_sex,lsoa_code,outcome";
  }
}
