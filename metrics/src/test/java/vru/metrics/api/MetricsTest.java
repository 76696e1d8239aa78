package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import vru.metrics.stats.CrudeRate;

class MetricsTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static UUID job;
  static List<PanelRow> panel;

  static final String WEST_MIDLANDS = "E23000014";
  static final String GWENT = "W15000002";
  static final vru.core.geo.Geography.Link WM_LA = firstLa(WEST_MIDLANDS);
  static final vru.core.geo.Geography.Link WM_LA2 =
      vru.core.geo.Geography.reference().links().stream()
          .filter(
              l -> l.pfa().code().equals(WEST_MIDLANDS) && !l.la().code().equals(WM_LA.la().code()))
          .findFirst()
          .orElseThrow();

  static vru.core.geo.Geography.Link firstLa(String pfa) {
    return vru.core.geo.Geography.reference().links().stream()
        .filter(l -> l.pfa().code().equals(pfa))
        .findFirst()
        .orElseThrow();
  }

  @BeforeAll
  static void compute() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    db = TestDatabase.fresh("metrics");
    job = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    Warehouse wh = new Warehouse(dir);
    // West Midlands FY2023: 12 knife crimes, 3 of them with victims under 25; one non-knife crime
    List<Row> crimes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // 8 in the force's first local authority, 4 in its second
      var l = i < 8 ? WM_LA : WM_LA2;
      crimes.add(
          RowFactory.create(
              WEST_MIDLANDS, 2023, true, i < 3 ? 20 : 40, l.la().code(), l.csp().code()));
    }
    crimes.add(
        RowFactory.create(WEST_MIDLANDS, 2023, false, 18, WM_LA.la().code(), WM_LA.csp().code()));
    crimes.add(RowFactory.create(GWENT, 2024, true, null, null, null));
    spark
        .createDataFrame(
            crimes,
            new StructType()
                .add("pfa_code", DataTypes.StringType)
                .add("financial_year", DataTypes.IntegerType)
                .add("knife", DataTypes.BooleanType)
                .add("victim_age", DataTypes.IntegerType)
                .add("la_code", DataTypes.StringType)
                .add("csp_code", DataTypes.StringType))
        .write()
        .parquet(wh.table(Warehouse.POLICE_INCIDENTS).toString());
    List<Row> population = new ArrayList<>();
    for (int year : new int[] {2023, 2024}) {
      for (String pfa : vru.core.geo.Geography.reference().pfas().keySet()) {
        // each force's population sits in its first local authority
        String la = firstLa(pfa).la().code();
        population.add(RowFactory.create(year, pfa, "20-24", 100_000L, la));
        population.add(RowFactory.create(year, pfa, "40-44", 300_000L, la));
      }
    }
    spark
        .createDataFrame(
            population,
            new StructType()
                .add("year", DataTypes.IntegerType)
                .add("pfa_code", DataTypes.StringType)
                .add("age_band", DataTypes.StringType)
                .add("population", DataTypes.LongType)
                .add("la_code", DataTypes.StringType))
        .write()
        .parquet(wh.table(Warehouse.POPULATION).toString());
    // programme monitoring: 13 months of mentoring in West Midlands across two financial years
    List<Row> programme = new ArrayList<>();
    for (int m = 0; m < 13; m++) {
      programme.add(
          RowFactory.create("mentoring", WEST_MIDLANDS, m < 12 ? 2023 : 2024, 10L, 7L, 4L, 100.0));
    }
    spark
        .createDataFrame(
            programme,
            new StructType()
                .add("intervention", DataTypes.StringType)
                .add("area_code", DataTypes.StringType)
                .add("financial_year", DataTypes.IntegerType)
                .add("referrals", DataTypes.LongType)
                .add("starts", DataTypes.LongType)
                .add("completions", DataTypes.LongType)
                .add("cost_gbp", DataTypes.DoubleType))
        .write()
        .parquet(wh.table(Warehouse.PROGRAMME).toString());
    panel =
        Metrics.compute(
            new MetricsRequest(
                spark,
                db,
                job,
                wh,
                List.of("knife_crime"),
                Optional.of(
                    new MetricsRequest.Partnership(
                        "wm-vru", "West Midlands VRU", List.of(WEST_MIDLANDS)))));
  }

  static PanelRow cell(String area, int fy, String age) {
    return panel.stream()
        .filter(
            p -> p.areaCode().equals(area) && p.financialYear() == fy && p.ageBand().equals(age))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void countsAndRatesPerForceYearAndAgeGroup() {
    PanelRow all = cell(WEST_MIDLANDS, 2023, "all");
    assertThat(all.count()).isEqualTo(12);
    CrudeRate expected = CrudeRate.of(12, 400_000, 100_000);
    assertThat(all.rate().orElseThrow()).isEqualTo(expected);
    PanelRow young = cell(WEST_MIDLANDS, 2023, "0-24");
    assertThat(young.count()).isEqualTo(3);
    assertThat(young.rate().orElseThrow().value()).isCloseTo(3.0, within(1e-12));
    assertThat(young.rate().orElseThrow().method()).isEqualTo("exact");
  }

  @Test
  void aForceWithNoEventsInAYearHasAZeroCountNotAMissingRow() {
    PanelRow gwent2023 = cell(GWENT, 2023, "all");
    assertThat(gwent2023.count()).isZero();
    assertThat(gwent2023.rate().orElseThrow().value()).isZero();
  }

  @Test
  void countriesAndThePartnershipAggregateTheirForces() {
    assertThat(cell("K04000001", 2023, "all").count()).isEqualTo(12);
    assertThat(cell("W92000004", 2024, "all").count()).isEqualTo(1);
    assertThat(cell("wm-vru", 2023, "all").rate().orElseThrow().denominator()).isEqualTo(400_000);
    assertThat(cell("E92000001", 2023, "all").rate().orElseThrow().denominator())
        .isEqualTo(39 * 400_000);
  }

  @Test
  void thePanelIsPublishedToPostgresql() throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count, rate from measure_value where measure = 'knife_crime' and area_code"
                    + " = 'E23000014' and period = 'FY2023/24' and age_band = 'all'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(12);
      assertThat(rs.getDouble(2)).isCloseTo(3.0, within(1e-12));
    }
  }

  @Test
  void programmeMonitoringIsTotalledPerInterventionAreaAndYearAndPublished() {
    List<ProgrammeValue> v = ProgrammeStore.latest(db);
    assertThat(v).hasSize(2);
    ProgrammeValue fy2023 = v.get(0);
    assertThat(fy2023.financialYear()).isEqualTo(2023);
    assertThat(fy2023.months()).isEqualTo(12);
    assertThat(fy2023.referrals()).isEqualTo(120);
    assertThat(fy2023.series("starts")).isEqualTo(84);
    assertThat(fy2023.costGbp()).isEqualTo(1200.0);
    assertThat(v.get(1).months()).isEqualTo(1);
  }

  @Test
  void aPartnershipsOwnMeasureIsComputedAndEveryValueCarriesItsDefinitionAndRule()
      throws Exception {
    Path file = dir.resolve("local-measures.yaml");
    java.nio.file.Files.writeString(
        file,
        """
        measures:
          - id: knife_crime_victims_under_30
            title: Knife crime with victims under 30
            table: police_incidents
            filter: "knife and victim_age < 30"
            version: 3
        """);
    UUID run = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    List<PanelRow> own =
        Metrics.compute(
            new MetricsRequest(
                spark,
                db,
                run,
                new Warehouse(dir),
                List.of("knife_crime_victims_under_30"),
                Optional.empty(),
                List.of(file)));
    PanelRow wm =
        own.stream()
            .filter(
                p ->
                    p.areaCode().equals(WEST_MIDLANDS)
                        && p.financialYear() == 2023
                        && p.ageBand().equals("all"))
            .findFirst()
            .orElseThrow();
    assertThat(wm.count()).isEqualTo(3);
    try (var c = db.connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "select distinct v.definition_version, v.disclosure_rule, d.source from measure_value v"
                    + " join metrics_run_definition r on r.job_run_id = v.job_run_id and r.measure ="
                    + " v.measure join measure_definition d on d.measure = r.measure and d.version ="
                    + " r.version and d.sha256 = r.sha256 where"
                    + " v.job_run_id = '"
                    + run
                    + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(3);
      assertThat(rs.getString(2)).isEqualTo("none");
      assertThat(rs.getString(3)).isEqualTo(file.toString());
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void everyPublishedValueHasItsComparisons() throws Exception {
    try (var c = db.connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "select (select count(*) from measure_value where job_run_id = '"
                    + job
                    + "'),"
                    + " count(*), count(*) filter (where benchmark_label in ('Similar', 'Better',"
                    + " 'Worse')), count(funnel_label) from measure_comparison where job_run_id = '"
                    + job
                    + "'")) {
      rs.next();
      assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
      assertThat(rs.getLong(3)).isPositive();
      assertThat(rs.getLong(4)).isPositive();
    }
  }

  @Test
  void localAuthoritiesAndCommunitySafetyPartnershipsHaveTheirOwnRows() {
    PanelRow la = cell(WM_LA.la().code(), 2023, "all");
    assertThat(la.areaLevel()).isEqualTo("la");
    assertThat(la.count()).isEqualTo(8);
    assertThat(la.rate().orElseThrow().denominator()).isEqualTo(400_000);
    PanelRow la2 = cell(WM_LA2.la().code(), 2023, "all");
    assertThat(la2.count()).isEqualTo(4);
    assertThat(la2.rate()).isEmpty();
    assertThat(la2.missingReason()).contains("no population estimate for this area and year");
    PanelRow csp = cell(WM_LA.csp().code(), 2023, "all");
    assertThat(csp.areaLevel()).isEqualTo("csp");
    assertThat(csp.count()).isGreaterThanOrEqualTo(8);
    long las =
        panel.stream()
            .filter(p -> p.areaLevel().equals("la"))
            .map(PanelRow::areaCode)
            .distinct()
            .count();
    assertThat(las).isEqualTo(vru.core.geo.Geography.reference().las().size());
  }
}
