package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;

/**
 * A measure counted from aggregated counts (issue 24): its cells are summed; an area the aggregate
 * does not list has no data, and an area made of them is incomplete, never a total of the others; a
 * period holding a cell the provider suppressed has no count or rate, only its lower bound; counts
 * by financial year give financial years, never months.
 */
class AggregateMeasureTest {
  static final String BIRMINGHAM = "E08000025";
  static final String COVENTRY = "E08000026";
  static final String SOLIHULL = "E08000029";
  static final String WEST_MIDLANDS = "E23000014";

  /** The aggregate_counts columns these tests write. */
  static final StructType COUNTS =
      new StructType()
          .add("indicator", DataTypes.StringType)
          .add("area_code", DataTypes.StringType)
          .add("area_level", DataTypes.StringType)
          .add("la_code", DataTypes.StringType)
          .add("csp_code", DataTypes.StringType)
          .add("pfa_code", DataTypes.StringType)
          .add("period_type", DataTypes.StringType)
          .add("period", DataTypes.StringType)
          .add("first_month", DataTypes.StringType)
          .add("last_month", DataTypes.StringType)
          .add("financial_year", DataTypes.IntegerType)
          .add("count", DataTypes.LongType)
          .add("suppressed", DataTypes.BooleanType)
          .add("marker", DataTypes.StringType)
          .add("age_band", DataTypes.StringType);

  @TempDir static Path dir;
  static List<PanelRow> panel;
  static List<PanelRow> months;
  static Database database;
  static java.util.UUID run;
  static final List<String> WARNINGS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void twoAuthorities() throws Exception {
    SparkSession spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    Database db = TestDatabase.fresh("aggregate_measure");
    Warehouse wh = new Warehouse(dir);
    // FY2024/25: 30 violent crimes a month in Birmingham and in Coventry, but Coventry's January
    // is suppressed by the provider; a quarterly row that a monthly measure does not count
    List<Row> rows = new ArrayList<>();
    for (YearMonth m = YearMonth.of(2024, 4);
        !m.isAfter(YearMonth.of(2025, 3));
        m = m.plusMonths(1)) {
      for (String la : List.of(BIRMINGHAM, COVENTRY)) {
        boolean hidden = la.equals(COVENTRY) && m.equals(YearMonth.of(2025, 1));
        rows.add(
            RowFactory.create(
                "Violence and sexual offences",
                la,
                "la",
                la,
                la.equals(BIRMINGHAM) ? "E22000335" : "E22000336",
                WEST_MIDLANDS,
                "month",
                m.toString(),
                m.toString(),
                m.toString(),
                2024,
                hidden ? null : 30L,
                hidden,
                hidden ? "*" : null,
                null));
      }
    }
    rows.add(
        RowFactory.create(
            "Violence and sexual offences",
            BIRMINGHAM,
            "la",
            BIRMINGHAM,
            "E22000335",
            WEST_MIDLANDS,
            "quarter",
            "2024-Q2",
            "2024-04",
            "2024-06",
            2024,
            999L,
            false,
            null,
            null));
    // an ICB's knife admissions by local authority, financial year and age band: Birmingham's two
    // years in full, Coventry's FY2024/25 under-25 cell suppressed by the provider
    int[][] admissions = {{2023, 41, 57}, {2024, 38, 66}};
    for (int[] y : admissions) {
      for (int b = 0; b < 2; b++) {
        rows.add(
            knife(BIRMINGHAM, "E22000335", y[0], b == 0 ? "0-24" : "25+", (long) y[1 + b], null));
      }
    }
    rows.add(knife(COVENTRY, "E22000336", 2024, "0-24", null, "[c]"));
    rows.add(knife(COVENTRY, "E22000336", 2024, "25+", 12L, null));
    // a force's robberies by CSP and month, as published: Birmingham 10 a month, Coventry 4 a
    // month but its June suppressed, and the force's own total (which includes its other CSPs and
    // what no CSP holds, so it is not their sum); the ICB's row is of no level measured here
    for (YearMonth m = YearMonth.of(2024, 4);
        !m.isAfter(YearMonth.of(2025, 3));
        m = m.plusMonths(1)) {
      boolean june = m.equals(YearMonth.of(2024, 6));
      rows.add(published("E22000335", "csp", m, 10L));
      rows.add(published("E22000336", "csp", m, june ? null : 4L));
      rows.add(published(WEST_MIDLANDS, "pfa", m, 100L));
      rows.add(published("E54000055", "health", m, 7L));
    }
    // a CSP's own row beside its local authority's cells: not counted, which would count twice
    rows.add(
        RowFactory.create(
            "Violence and sexual offences",
            "E22000335",
            "csp",
            null,
            "E22000335",
            WEST_MIDLANDS,
            "month",
            "2024-05",
            "2024-05",
            "2024-05",
            2024,
            500L,
            false,
            null,
            null));
    spark.createDataFrame(rows, COUNTS).write().parquet(wh.table(Warehouse.COUNTS).toString());
    List<Row> population = new ArrayList<>();
    for (String band : vru.metrics.stats.Dsr.ESP2013_BANDS) {
      population.add(RowFactory.create(2024, WEST_MIDLANDS, band, 60_000L, BIRMINGHAM, "P"));
      population.add(RowFactory.create(2024, WEST_MIDLANDS, band, 20_000L, COVENTRY, "P"));
      population.add(RowFactory.create(2024, WEST_MIDLANDS, band, 10_000L, SOLIHULL, "P"));
    }
    spark
        .createDataFrame(
            population,
            new StructType()
                .add("year", DataTypes.IntegerType)
                .add("pfa_code", DataTypes.StringType)
                .add("age_band", DataTypes.StringType)
                .add("population", DataTypes.LongType)
                .add("la_code", DataTypes.StringType)
                .add("sex", DataTypes.StringType))
        .write()
        .parquet(wh.table(Warehouse.POPULATION).toString());
    Path measures = dir.resolve("measures.yaml");
    Files.writeString(
        measures,
        """
        measures:
          - id: street_violence
            title: Violence and sexual offences, from the partner's counts
            table: aggregate_counts
            filter: "indicator = 'Violence and sexual offences'"
            multiplier: 1000
          - id: robbery_by_csp
            title: Robbery, from the force's counts by CSP
            table: aggregate_counts
            filter: "indicator = 'Robbery'"
            multiplier: 1000
          - id: knife_admissions_icb
            title: Knife admissions, from the ICB's counts by financial year
            table: aggregate_counts
            filter: "indicator = 'knife_admissions'"
            multiplier: 100000
            disclosure: hes
        """);
    MetricsResult result =
        Metrics.compute(
            new MetricsRequest(
                    spark,
                    db,
                    new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                    wh,
                    List.of(
                        "street_violence",
                        "robbery_by_csp",
                        "knife_admissions_icb",
                        "knife_admissions"),
                    Optional.of(
                        new MetricsRequest.Partnership("brum", "Birmingham", List.of(BIRMINGHAM))),
                    List.of(measures))
                .withProgress(WARNINGS::add));
    panel = result.annual();
    database = db;
    run = result.run();
    months = PanelStore.monthly(db, result.run(), "Birmingham", List.of("brum"));
  }

  /** A monthly robbery count of a CSP, force or ICB as its own row; null when suppressed. */
  static Row published(String area, String level, YearMonth m, Long count) {
    return RowFactory.create(
        "Robbery",
        area,
        level,
        null,
        level.equals("csp") ? area : null,
        level.equals("health") ? null : WEST_MIDLANDS,
        "month",
        m.toString(),
        m.toString(),
        m.toString(),
        2024,
        count,
        count == null,
        count == null ? "[c]" : null,
        null);
  }

  /** A row of an ICB's admissions: one local authority, financial year and age band. */
  static Row knife(String la, String csp, int fy, String band, Long count, String marker) {
    YearMonth first = YearMonth.of(fy, 4);
    return RowFactory.create(
        "knife_admissions",
        la,
        "la",
        la,
        csp,
        WEST_MIDLANDS,
        "fy",
        String.format("FY%d/%02d", fy, (fy + 1) % 100),
        first.toString(),
        first.plusMonths(11).toString(),
        fy,
        count,
        marker != null,
        marker,
        band);
  }

  static PanelRow fy(String area) {
    return fy("street_violence", area, 2024);
  }

  static PanelRow fy(String measure, String area, int year) {
    return panel.stream()
        .filter(
            p ->
                p.measure().equals(measure)
                    && p.areaCode().equals(area)
                    && p.financialYear() == year
                    && p.ageBand().equals("all"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anAreaTheAggregateListsIsTheSumOfItsMonthlyCellsWithARate() {
    PanelRow b = fy(BIRMINGHAM);
    assertThat(b.count()).hasValue(360);
    assertThat(b.rate().orElseThrow().value())
        .isCloseTo(360.0 / (19 * 60_000) * 1_000, within(1e-9));
    assertThat(fy("brum").count()).hasValue(360);
  }

  @Test
  void aPeriodWithACellSuppressedByTheProviderHasNoCountOnlyItsLowerBound() {
    PanelRow c = fy(COVENTRY);
    assertThat(c.count()).isEmpty();
    assertThat(c.rate()).isEmpty();
    assertThat(c.missingReason().orElseThrow())
        .isEqualTo("incomplete: 1 cell suppressed by the provider; the count is at least 330");
  }

  @Test
  void anAreaTheAggregateDoesNotListHasNoDataAndItsForceIsIncomplete() {
    assertThat(fy(SOLIHULL).count()).isEmpty();
    assertThat(fy(SOLIHULL).missingReason().orElseThrow()).startsWith("no data: Solihull");
    PanelRow force = fy(WEST_MIDLANDS);
    assertThat(force.count()).isEmpty();
    assertThat(force.missingReason().orElseThrow())
        .contains("incomplete: 5 of its 7 local authorities");
  }

  @Test
  void countsByCspAndForceCountEachRowForItsOwnAreaAsPublished() {
    PanelRow birmingham = fy("robbery_by_csp", "E22000335", 2024);
    assertThat(birmingham.count()).hasValue(120);
    assertThat(birmingham.rate().orElseThrow().value())
        .isCloseTo(120.0 / (19 * 60_000) * 1_000, within(1e-9));
    // the force's own row, not the sum of the CSPs given
    assertThat(fy("robbery_by_csp", WEST_MIDLANDS, 2024).count()).hasValue(1_200);
    // a CSP with a month suppressed: only its lower bound; a CSP the file has no row for: no data
    PanelRow coventry = fy("robbery_by_csp", "E22000336", 2024);
    assertThat(coventry.count()).isEmpty();
    assertThat(coventry.missingReason().orElseThrow())
        .isEqualTo("incomplete: 1 cell suppressed by the provider; the count is at least 44");
    assertThat(fy("robbery_by_csp", "E22000339", 2024).missingReason().orElseThrow())
        .startsWith("no data: this measure's aggregate_counts rows are of community safety")
        .contains("Solihull (E22000339)");
    // a local authority, and a partnership of local authorities, have none: never 0
    assertThat(fy("robbery_by_csp", BIRMINGHAM, 2024).count()).isEmpty();
    assertThat(fy("robbery_by_csp", "brum", 2024).missingReason().orElseThrow())
        .startsWith("no data:");
    // what no area's value counts is said, with the number of rows and why
    assertThat(WARNINGS)
        .anyMatch(
            w -> w.contains("robbery_by_csp: 12 rows of ICBs and health boards are not counted"))
        .anyMatch(
            w ->
                w.contains("street_violence: 1 row of community safety partnerships is not")
                    && w.contains("would count its cells twice"));
    assertThat(fy(BIRMINGHAM).count()).hasValue(360);
  }

  @Test
  void countsByFinancialYearGiveFinancialYearsAndNoMonths() {
    // Birmingham: each year's age bands summed, over its population
    PanelRow b = fy("knife_admissions_icb", BIRMINGHAM, 2024);
    assertThat(b.count()).hasValue(38 + 66);
    assertThat(b.rate().orElseThrow().value())
        .isCloseTo(104.0 / (19 * 60_000) * 100_000, within(1e-9));
    assertThat(fy("knife_admissions_icb", BIRMINGHAM, 2023).count()).hasValue(41 + 57);
    assertThat(fy("knife_admissions_icb", "E22000335", 2024).count()).hasValue(104);
    assertThat(fy("knife_admissions_icb", "brum", 2024).count()).hasValue(104);
    // Coventry: its under-25 cell suppressed, so no total, only the bound the other band gives
    PanelRow c = fy("knife_admissions_icb", COVENTRY, 2024);
    assertThat(c.count()).isEmpty();
    assertThat(c.missingReason().orElseThrow())
        .isEqualTo("incomplete: 1 cell suppressed by the provider; the count is at least 12");
    // a year's count is not spread over its months
    PanelRow may =
        months.stream()
            .filter(
                p ->
                    p.measure().equals("knife_admissions_icb")
                        && p.ageBand().equals("all")
                        && p.periodLabel().equals("2024-05"))
            .findFirst()
            .orElseThrow();
    assertThat(may.count()).isEmpty();
    assertThat(may.missingReason().orElseThrow())
        .contains("are by financial year, which give no value for 2024-05");
    // the monthly measure still counts months only: the quarterly total beside them is left out
    assertThat(fy(BIRMINGHAM).count()).hasValue(360);
  }

  @Test
  void aNationalMeasureIsCountedFromTheAggregateWhenItsRecordsWereNotIngested() throws Exception {
    // no admissions table in this warehouse: knife_admissions is counted from the rows whose
    // indicator is its id, and the run records that definition (the export's source)
    assertThat(fy("knife_admissions", BIRMINGHAM, 2024).count()).hasValue(104);
    assertThat(fy("knife_admissions", COVENTRY, 2024).count()).isEmpty();
    assertThat(fy("knife_admissions", BIRMINGHAM, 2024).rate())
        .isEqualTo(fy("knife_admissions_icb", BIRMINGHAM, 2024).rate());
    try (var c = database.connect();
        var ps =
            c.prepareStatement(
                "select d.definition->>'table', d.definition->>'filter' from"
                    + " metrics_run_definition r join measure_definition d on d.measure ="
                    + " r.measure and d.version = r.version and d.sha256 = r.sha256 where"
                    + " r.job_run_id = ? and r.measure = 'knife_admissions'")) {
      ps.setObject(1, run);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("aggregate_counts");
        assertThat(rs.getString(2)).isEqualTo("indicator = 'knife_admissions'");
      }
    }
  }

  @Test
  void anAggregateGivingATotalBesideItsBandsIsRefusedNotCountedTwice() throws Exception {
    SparkSession spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    Warehouse wh = new Warehouse(dir.resolve("both"));
    List<Row> rows = new ArrayList<>();
    rows.add(knife(BIRMINGHAM, "E22000335", 2024, "0-24", 38L, null));
    rows.add(knife(BIRMINGHAM, "E22000335", 2024, "25+", 66L, null));
    rows.add(knife(BIRMINGHAM, "E22000335", 2024, null, 104L, null));
    // a force's robberies by CSP and month, as published: Birmingham 10 a month, Coventry 4 a
    // month but its June suppressed, and the force's own total (which includes its other CSPs and
    // what no CSP holds, so it is not their sum); the ICB's row is of no level measured here
    for (YearMonth m = YearMonth.of(2024, 4);
        !m.isAfter(YearMonth.of(2025, 3));
        m = m.plusMonths(1)) {
      boolean june = m.equals(YearMonth.of(2024, 6));
      rows.add(published("E22000335", "csp", m, 10L));
      rows.add(published("E22000336", "csp", m, june ? null : 4L));
      rows.add(published(WEST_MIDLANDS, "pfa", m, 100L));
      rows.add(published("E54000055", "health", m, 7L));
    }
    // a CSP's own row beside its local authority's cells: not counted, which would count twice
    rows.add(
        RowFactory.create(
            "Violence and sexual offences",
            "E22000335",
            "csp",
            null,
            "E22000335",
            WEST_MIDLANDS,
            "month",
            "2024-05",
            "2024-05",
            "2024-05",
            2024,
            500L,
            false,
            null,
            null));
    spark.createDataFrame(rows, COUNTS).write().parquet(wh.table(Warehouse.COUNTS).toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Metrics.compute(
                    new MetricsRequest(
                        spark,
                        database,
                        new JobRuns(database, java.time.Clock.systemUTC()).start("test", Map.of()),
                        wh,
                        List.of("knife_admissions"),
                        Optional.empty(),
                        List.of(),
                        Optional.empty())))
        .hasMessageContaining("give both a total and rows by age band")
        .hasMessageContaining("E08000025 FY2024/25")
        .hasMessageContaining("count twice");
  }
}
