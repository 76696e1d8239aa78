package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
 * The published-table sources on the real files in data/real, as published: ONS Table C2 (police
 * recorded crime by CSP, year ending June 2025) and a Fingertips export. Expected numbers were read
 * from the files with Python's csv module when the test was written.
 */
class PublishedTablesTest {
  static final Path REAL = Path.of(System.getProperty("vru.data.dir", "../data")).resolve("real");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("tables");
  }

  static List<FileSummary> ingest(Warehouse w, String source, Path file, double threshold) {
    return new TestIngest(spark, db, dir.resolve("key")).run(w, source, List.of(file), threshold);
  }

  static Dataset<Row> table(Warehouse w, String table) {
    return spark.read().parquet(w.table(table).toString());
  }

  @Test
  void theRealRecordedCrimeTableLoadsWithItsForceTotalsAndUnassignedRows() {
    Warehouse w = new Warehouse(dir.resolve("prc"));
    List<FileSummary> s =
        ingest(w, "prc-tables", REAL.resolve("ons-prc-table-c2-ye-jun2025.csv"), 0.05);
    // 42 force totals (the City of London, one CSP, has none), 42 "Unassigned" rows, "Manchester
    // Airport" (no CSP code), 314 CSP rows. Two rows name one force under another's code as
    // published ("Unassigned Gwent" under South Wales' W15000003, an empty "unassigned Surrey"
    // under
    // Sussex's E23000032): held back, not counted in the wrong force.
    assertThat(s.get(0).rowsRead()).isEqualTo(399);
    assertThat(s.get(0).rowsAccepted()).isEqualTo(397);
    assertThat(s.get(0).rowsQuarantined()).isEqualTo(2);
    assertThat(s.get(0).reasons())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("inconsistent_area"));
    Dataset<Row> t = table(w, Warehouse.RECORDED_CRIME);
    assertThat(t.count()).isEqualTo(397L * 23);
    assertThat(t.select("period").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("YE2025-06");
    Map<String, Long> levels =
        t
            .filter("offence_group = 'homicide'")
            .groupBy("area_level")
            .count()
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(levels)
        .containsEntry("pfa", 42L)
        .containsEntry("unassigned", 40L)
        .containsEntry("no_csp", 1L)
        .containsEntry("csp", 314L);
    // spot values as published: Avon and Somerset's homicides, Bristol's violence with injury
    assertThat(
            t.filter(
                    "area_code = 'E23000036' and area_level = 'pfa' and offence_group = 'homicide'")
                .first()
                .getLong(9))
        .isEqualTo(8);
    assertThat(
            t.filter("area_code = 'E22000002' and offence_group = 'violence_with_injury'")
                .first()
                .getLong(9))
        .isEqualTo(4_764);
    // "Combined Local Authorities" is no local authority code
    assertThat(t.filter("la_code is not null and la_code not rlike '^[EW]0[6-9]'").count())
        .isZero();
    // a force's CSPs and other rows add up to its total, except Gwent's, whose unassigned row was
    // held back: one crime in three columns
    Dataset<Row> totals =
        t.filter("area_level = 'pfa'")
            .selectExpr("pfa_code as p", "offence_group as o", "count as total");
    List<Row> diff =
        t.filter("area_level <> 'pfa'")
            .groupBy("pfa_code", "offence_group")
            .agg(org.apache.spark.sql.functions.sum("count").as("parts"))
            .join(totals, org.apache.spark.sql.functions.expr("pfa_code = p and offence_group = o"))
            .filter("parts <> total")
            .selectExpr("pfa_code", "parts", "total")
            .collectAsList();
    assertThat(diff).hasSize(3);
    assertThat(diff)
        .allMatch(r -> r.getString(0).equals("W15000002"))
        .allMatch(r -> Math.abs(r.getLong(1) - r.getLong(2)) == 1);
  }

  @Test
  void badRecordedCrimeRowsAreQuarantinedWithTheirReasonAndLine() throws IOException {
    Path file = dir.resolve("c2-bad.csv");
    String offences = "Homicide,Robbery";
    Files.writeString(
        file,
        String.join(
            "\n",
            "\"Table C2: Number of police recorded crimes by CSP, year ending March 2024\",,,,,,,",
            "Source: Police recorded crime from the Home Office,,,,,,,",
            "\"Police Force\nArea code\",\"Police Force\nArea name\",\"Community Safety\n"
                + "Partnership code\",\"Community Safety\nPartnership name\",Local Authority code,"
                + "Local Authority name,"
                + offences,
            "E23000014,West Midlands,,,,,\"1,040 \",30 ",
            "E23000014,West Midlands,E22000209,Birmingham,E08000025,Birmingham,12a ,3",
            "E23999999,Nowhere,,,,,1,1",
            "E23000014,West Midlands,E22999999,Atlantis,E08000025,X,1,1",
            "E23000014,West Midlands,E22000212,Coventry,E08000026,Coventry,1",
            "E23000014,West Midlands,E22000212,Coventry,E08000026,Coventry,[x],5",
            ""),
        StandardCharsets.UTF_8);
    Warehouse w = new Warehouse(dir.resolve("prc-bad"));
    List<FileSummary> s = ingest(w, "prc-tables", file, 1.0);
    assertThat(s.get(0).rowsRead()).isEqualTo(6);
    assertThat(s.get(0).rowsAccepted()).isEqualTo(2);
    Map<Long, String> reasons = new HashMap<>();
    for (Row r : table(w, Warehouse.QUARANTINE).select("line", "reason", "field").collectAsList()) {
      reasons.put(r.getLong(0), r.getString(1) + ":" + r.getString(2));
    }
    // the header spans lines 3 to 7 (a line break in each quoted cell): data starts on line 8
    assertThat(reasons)
        .containsEntry(9L, "bad_number:homicide")
        .containsEntry(10L, "unknown_area:police force area code")
        .containsEntry(11L, "unknown_area:community safety partnership code")
        .containsEntry(12L, "wrong_field_count:(line)")
        .hasSize(4);
    Dataset<Row> t = table(w, Warehouse.RECORDED_CRIME);
    assertThat(t.select("period").first().getString(0)).isEqualTo("YE2024-03");
    assertThat(
            t.filter("area_code = 'E23000014' and offence_group = 'homicide'").first().getLong(9))
        .isEqualTo(1_040);
    assertThat(
            t.filter("area_code = 'E22000212' and offence_group = 'homicide'").first().isNullAt(9))
        .isTrue();
  }

  @Test
  void aTableWithoutItsTitleOrHeaderIsAnInputError() throws IOException {
    Path noHeader = dir.resolve("no-header.csv");
    Files.writeString(noHeader, "a,b,c\n1,2,3\n");
    assertThatThrownBy(() -> ingest(new Warehouse(dir.resolve("x")), "prc-tables", noHeader, 0.05))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("no header row starting 'Police Force Area code'")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
    Path noTitle = dir.resolve("no-title.csv");
    Files.writeString(
        noTitle,
        "Police Force Area code,Police Force Area name,Community Safety Partnership code,"
            + "Community Safety Partnership name,Local Authority code,Local Authority name,Homicide\n"
            + "E23000014,West Midlands,,,,,3\n");
    assertThatThrownBy(() -> ingest(new Warehouse(dir.resolve("y")), "prc-tables", noTitle, 0.05))
        .hasMessageContaining("year ending June 2025");
  }

  @Test
  void theRealFingertipsExportLoadsWithItsMultiLineField() {
    Warehouse w = new Warehouse(dir.resolve("ft"));
    List<FileSummary> s =
        ingest(w, "fingertips", REAL.resolve("fingertips-93356-countyua.csv"), 0.05);
    // 852 data rows; the indicator name's quoted line break does not split a row
    assertThat(s.get(0).rowsRead()).isEqualTo(852);
    assertThat(s.get(0).rowsAccepted() + s.get(0).rowsQuarantined()).isEqualTo(852);
    assertThat(s.get(0).rowsQuarantined()).isZero();
    Dataset<Row> t = table(w, Warehouse.FINGERTIPS);
    assertThat(t.count()).isEqualTo(852);
    Row england =
        t.filter(
                "area_code = 'E92000001' and time_period = '2015' and category = ''"
                    + " or (area_code = 'E92000001' and time_period = '2015' and category is null)")
            .first();
    assertThat(england.getAs("indicator_name").toString())
        .isEqualTo("Campylobacter incidence rate/100,000");
    assertThat((Double) england.getAs("count")).isEqualTo(51_897.0);
    assertThat((Double) england.getAs("value"))
        .isCloseTo(94.7261896202678, org.assertj.core.data.Offset.offset(1e-12));
    assertThat((Long) england.getAs("time_period_sortable")).isEqualTo(20_150_000L);
    // empty 99.8% limits stay empty
    assertThat(t.filter("lower_99_8 is not null").count()).isZero();
  }

  @Test
  void badFingertipsRowsAreQuarantinedAndAMisnamedColumnIsNamed() throws IOException {
    String header =
        String.join(",", Fingertips.COLUMNS.stream().map(PublishedTablesTest::title).toList());
    String ok =
        "93356,Name,,,E06000001,Hartlepool,UA,Persons,All ages,,,2015,94.1,90,98,,,60,63700,,,Similar,Similar,20150000,,";
    Path file = dir.resolve("ft-bad.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            header,
            ok,
            ok,
            ok.replace("E06000001", "Hartlepool!"),
            ok.replace(",94.1,", ",ninety,"),
            ok.replace(",60,63700,", ",-1,63700,"),
            "93356,short row",
            ""));
    Warehouse w = new Warehouse(dir.resolve("ft-bad"));
    List<FileSummary> s = ingest(w, "fingertips", file, 1.0);
    assertThat(s.get(0).rowsRead()).isEqualTo(6);
    assertThat(s.get(0).rowsAccepted()).isEqualTo(1);
    Map<Long, String> reasons = new HashMap<>();
    for (Row r : table(w, Warehouse.QUARANTINE).select("line", "reason", "field").collectAsList()) {
      reasons.put(r.getLong(0), r.getString(1) + ":" + r.getString(2));
    }
    assertThat(reasons)
        .containsEntry(3L, "duplicate:area code")
        .containsEntry(4L, "bad_area_code:area code")
        .containsEntry(5L, "bad_number:value")
        .containsEntry(6L, "out_of_range:count")
        .containsEntry(7L, "wrong_field_count:(line)")
        .hasSize(5);
    Path misnamed = dir.resolve("ft-header.csv");
    Files.writeString(misnamed, header.replace("Area Code", "AreaCode") + "\n" + ok + "\n");
    assertThatThrownBy(() -> ingest(new Warehouse(dir.resolve("z")), "fingertips", misnamed, 0.05))
        .hasMessageContaining("missing column 'area code' (the file has 'areacode')");
  }

  @Test
  void reingestingTheSameTableChangesNothing() {
    Warehouse w = new Warehouse(dir.resolve("again"));
    Path file = REAL.resolve("ons-prc-table-c2-ye-jun2025.csv");
    ingest(w, "prc-tables", file, 0.05);
    List<FileSummary> again = ingest(w, "prc-tables", file, 0.05);
    assertThat(again).allMatch(FileSummary::alreadyIngested);
    assertThat(table(w, Warehouse.RECORDED_CRIME).count()).isEqualTo(397L * 23);
  }

  private static String title(String lower) {
    return switch (lower) {
      case "area code" -> "Area Code";
      default -> lower;
    };
  }
}
