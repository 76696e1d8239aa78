package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
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
import vru.core.api.FinancialYear;
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
  static MetricsResult result;

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
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    db = TestDatabase.fresh("metrics");
    job = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    Warehouse wh = new Warehouse(dir);
    // West Midlands FY2023: 12 knife crimes, one a month from April 2023, 3 of them with victims
    // under 25; one non-knife crime; Gwent: one knife crime with no victim age in March 2025
    List<Row> crimes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // 8 in the force's first local authority, 4 in its second
      var l = i < 8 ? WM_LA : WM_LA2;
      crimes.add(
          crime(
              WEST_MIDLANDS,
              LocalDate.of(2023, 4, 10).plusMonths(i),
              true,
              i < 3 ? 20 : 40,
              l,
              i < 8 ? "E01900001" : "E01900002"));
    }
    crimes.add(crime(WEST_MIDLANDS, LocalDate.of(2023, 4, 11), false, 18, WM_LA, "E01900001"));
    crimes.add(crime(GWENT, LocalDate.of(2025, 3, 20), true, null, null, null));
    writeCrimes(wh, crimes);
    List<Row> population = new ArrayList<>();
    for (int year : new int[] {2023, 2024}) {
      for (String pfa : vru.core.geo.Geography.reference().pfas().keySet()) {
        // each force's population sits in its first local authority; West Midlands has every
        // five-year band, the others two
        String la = firstLa(pfa).la().code();
        for (String band : vru.metrics.stats.Dsr.ESP2013_BANDS) {
          long n =
              switch (band) {
                case "20-24" -> 100_000L;
                case "40-44" -> 300_000L;
                default -> pfa.equals(WEST_MIDLANDS) ? 10_000L : 0L;
              };
          if (n > 0) {
            population.add(RowFactory.create(year, pfa, band, n, la, "P"));
          }
        }
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
                .add("la_code", DataTypes.StringType)
                .add("sex", DataTypes.StringType))
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
    result = Metrics.compute(request(wh, job));
    panel = result.annual();
  }

  static MetricsRequest request(Warehouse wh, UUID run) {
    return new MetricsRequest(
        spark,
        db,
        run,
        wh,
        List.of("knife_crime"),
        Optional.of(
            new MetricsRequest.Partnership("wm-vru", "West Midlands VRU", List.of(WEST_MIDLANDS))));
  }

  static Row crime(
      String pfa,
      LocalDate date,
      boolean knife,
      Integer age,
      vru.core.geo.Geography.Link l,
      String lsoa) {
    return RowFactory.create(
        pfa,
        new FinancialYear(date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1)
            .startYear(),
        java.sql.Date.valueOf(date),
        knife,
        age,
        l == null ? null : l.la().code(),
        l == null ? null : l.csp().code(),
        lsoa);
  }

  static void writeCrimes(Warehouse wh, List<Row> crimes) {
    spark
        .createDataFrame(
            crimes,
            new StructType()
                .add("pfa_code", DataTypes.StringType)
                .add("financial_year", DataTypes.IntegerType)
                .add("recorded_date", DataTypes.DateType)
                .add("knife", DataTypes.BooleanType)
                .add("victim_age", DataTypes.IntegerType)
                .add("la_code", DataTypes.StringType)
                .add("csp_code", DataTypes.StringType)
                .add("lsoa_code", DataTypes.StringType))
        .write()
        .mode(org.apache.spark.sql.SaveMode.Append)
        .parquet(wh.table(Warehouse.POLICE_INCIDENTS).toString());
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
    assertThat(all.count()).hasValue(12);
    CrudeRate expected = CrudeRate.of(12, 570_000, 100_000);
    assertThat(all.rate().orElseThrow()).isEqualTo(expected);
    PanelRow young = cell(WEST_MIDLANDS, 2023, "0-24");
    assertThat(young.count()).hasValue(3);
    assertThat(young.rate().orElseThrow().value()).isCloseTo(3e5 / 140_000, within(1e-12));
    assertThat(young.rate().orElseThrow().method()).isEqualTo("exact");
  }

  @Test
  void aForceWithNoEventsInAYearHasAZeroCountNotAMissingRow() {
    PanelRow gwent2023 = cell(GWENT, 2023, "all");
    assertThat(gwent2023.count()).hasValue(0);
    assertThat(gwent2023.rate().orElseThrow().value()).isZero();
  }

  @Test
  void countriesAndThePartnershipAggregateTheirForces() {
    assertThat(cell("K04000001", 2023, "all").count()).hasValue(12);
    assertThat(cell("W92000004", 2024, "all").count()).hasValue(1);
    assertThat(cell("wm-vru", 2023, "all").rate().orElseThrow().denominator()).isEqualTo(570_000);
    // the denominator is the year's own estimate, and the published row says so
    assertThat(cell("wm-vru", 2023, "all").populationYear()).hasValue(2023);
    assertThat(cell("wm-vru", 2023, "all").populationCarriedForward()).isFalse();
    assertThat(cell("E92000001", 2023, "all").rate().orElseThrow().denominator())
        .isEqualTo(38 * 400_000 + 570_000);
    // the West Midlands region: West Midlands, Staffordshire, West Mercia and Warwickshire
    PanelRow region = cell("E12000005", 2023, "all");
    assertThat(region.areaLevel()).isEqualTo("region");
    assertThat(region.count()).hasValue(12);
    assertThat(region.rate().orElseThrow().denominator()).isEqualTo(570_000 + 3 * 400_000);
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
      assertThat(rs.getDouble(2)).isCloseTo(12e5 / 570_000, within(1e-12));
    }
  }

  @Test
  void programmeMonitoringIsTotalledPerInterventionAreaAndYearAndPublished() {
    List<ProgrammeValue> v = ProgrammeStore.of(db, result.run());
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
  void whoIsAffectedIsCountedBySexAgeBandAndLsoaForThePartnershipWithItsResidents() {
    java.util.Map<String, BreakdownValue> v = new java.util.HashMap<>();
    for (BreakdownValue b : BreakdownStore.of(db, result.run(), "wm-vru")) {
      assertThat(b.measure()).isEqualTo("knife_crime");
      v.put(b.financialYear() + "/" + b.dimension() + "/" + b.category(), b);
    }
    // the 12 knife crimes of FY2023/24 (not the other crime, not Gwent's): 3 aged 20, 9 aged 40
    assertThat(v.get("2023/age/15-24").events()).isEqualTo(3);
    assertThat(v.get("2023/age/35-49").events()).isEqualTo(9);
    assertThat(v).doesNotContainKey("2023/age/0-14");
    // residents of the band: 15-19 and 20-24 (10,000 + 100,000); 35-39, 40-44 and 45-49
    assertThat(v.get("2023/age/15-24").population()).isEqualTo(110_000);
    assertThat(v.get("2023/age/35-49").population()).isEqualTo(320_000);
    // the table records no sex: every event is "not recorded", and a persons-only population
    // table gives no residents by sex
    assertThat(v.get("2023/sex/U").events()).isEqualTo(12);
    assertThat(v.get("2023/sex/U").population()).isNaN();
    assertThat(v.get("2023/lsoa/E01900001").events()).isEqualTo(8);
    assertThat(v.get("2023/lsoa/E01900002").events()).isEqualTo(4);
    // Gwent is not in the partnership: its FY2024/25 crime is not in the breakdown
    assertThat(v.keySet()).noneMatch(k -> k.startsWith("2024/"));
    assertThat(BreakdownStore.of(db, result.run(), "E23000014")).isEmpty();
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
                    List.of(file)))
            .annual();
    PanelRow wm =
        own.stream()
            .filter(
                p ->
                    p.areaCode().equals(WEST_MIDLANDS)
                        && p.financialYear() == 2023
                        && p.ageBand().equals("all"))
            .findFirst()
            .orElseThrow();
    assertThat(wm.count()).hasValue(3);
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
    assertThat(la.count()).hasValue(8);
    assertThat(la.rate().orElseThrow().denominator()).isEqualTo(570_000);
    PanelRow la2 = cell(WM_LA2.la().code(), 2023, "all");
    assertThat(la2.count()).hasValue(4);
    assertThat(la2.rate()).isEmpty();
    assertThat(la2.missingReason())
        .contains("no population estimate for this area for mid-2023 or any earlier year");
    PanelRow csp = cell(WM_LA.csp().code(), 2023, "all");
    assertThat(csp.areaLevel()).isEqualTo("csp");
    assertThat(csp.count().getAsLong()).isGreaterThanOrEqualTo(8);
    // a partnership's run gives rows to the local areas of its own forces only (all its review,
    // comparisons and evaluation read); every force still has its rows
    assertThat(localAreas(panel, "la"))
        .isEqualTo(
            vru.core.geo.Geography.reference().links().stream()
                .filter(l -> l.pfa().code().equals(WEST_MIDLANDS))
                .map(l -> l.la().code())
                .collect(java.util.stream.Collectors.toSet()));
    assertThat(cell(GWENT, 2024, "all").count()).hasValue(1);
  }

  @Test
  void allAreasGivesEveryLocalAuthorityAndCspRowsAndIsADifferentRunFromThePartnershipsOwn()
      throws Exception {
    Warehouse wh = copy("all-areas");
    JobRuns runs = new JobRuns(db, java.time.Clock.systemUTC());
    MetricsResult own = Metrics.compute(request(wh, runs.start("test", Map.of())));
    MetricsRequest r = request(wh, runs.start("test", Map.of()));
    List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    MetricsResult all = Metrics.compute(r.withAllAreas(true).withProgress(progress::add));
    assertThat(all.published()).isTrue();
    assertThat(all.run()).isNotEqualTo(own.run());
    assertThat(localAreas(all.annual(), "la"))
        .hasSize(vru.core.geo.Geography.reference().las().size());
    assertThat(localAreas(all.annual(), "csp"))
        .hasSize(vru.core.geo.Geography.reference().csps().size());
    assertThat(all.rows()).isGreaterThan(own.rows());
    // one line per measure, with its rows and time
    assertThat(progress).hasSize(1);
    assertThat(progress.get(0)).matches("  knife_crime +[0-9,]+ rows  \\([0-9.]+ s\\)");
  }

  static java.util.Set<String> localAreas(List<PanelRow> rows, String level) {
    return rows.stream()
        .filter(p -> p.areaLevel().equals(level))
        .map(PanelRow::areaCode)
        .collect(java.util.stream.Collectors.toSet());
  }

  static Map<String, Object> value(UUID run, String area, String period, String age)
      throws Exception {
    try (Connection c = db.connect();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "select period_type, count, denominator, rate, missing_reason, dsr, dsr_lower_95,"
                    + " dsr_upper_95, dsr_missing_reason from measure_value where job_run_id = ?"
                    + " and measure = 'knife_crime' and area_code = ? and period = ? and age_band"
                    + " = ?")) {
      ps.setObject(1, run);
      ps.setString(2, area);
      ps.setString(3, period);
      ps.setString(4, age);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(area + " " + period).isTrue();
        Map<String, Object> m = new java.util.HashMap<>();
        for (int i = 1; i <= 9; i++) {
          m.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return m;
      }
    }
  }

  @Test
  void monthsQuartersAndRollingYearsArePublishedAndAWindowWithAMissingMonthIsMissing()
      throws Exception {
    Map<String, Object> june = value(job, WEST_MIDLANDS, "2023-06", "all");
    assertThat(june.get("period_type")).isEqualTo("month");
    assertThat(june.get("count")).isEqualTo(1L);
    // a month's denominator is its financial year's mid-year population (not annualised)
    assertThat(june.get("denominator")).isEqualTo(570_000L);
    assertThat(value(job, WEST_MIDLANDS, "2023-Q2", "all").get("count")).isEqualTo(3L);
    assertThat(value(job, WEST_MIDLANDS, "2023-Q2", "0-24").get("count")).isEqualTo(3L);
    Map<String, Object> ye = value(job, WEST_MIDLANDS, "YE2024-03", "all");
    assertThat(ye.get("period_type")).isEqualTo("r12");
    assertThat(ye.get("count")).isEqualTo(12L);
    assertThat((Double) ye.get("rate")).isCloseTo(12e5 / 570_000, within(1e-12));
    // the data start in April 2023: the 12 months ending February 2024 include March 2023
    Map<String, Object> partial = value(job, WEST_MIDLANDS, "YE2024-02", "all");
    assertThat(partial.get("count")).isNull();
    assertThat(partial.get("rate")).isNull();
    assertThat((String) partial.get("missing_reason"))
        .isEqualTo("the police_incidents table has no data for 2023-03");
    assertThat(value(job, WEST_MIDLANDS, "YE2025-03", "all").get("count")).isEqualTo(0L);
    assertThat(value(job, GWENT, "YE2025-03", "all").get("count")).isEqualTo(1L);
  }

  @Test
  void theStandardisedRateIsGivenWhereAgesAndBandPopulationsAllowAndOtherwiseSaysWhy()
      throws Exception {
    long[] counts = new long[19];
    counts[4] = 3; // 20-24
    counts[8] = 9; // 40-44
    double[] pop = new double[19];
    java.util.Arrays.fill(pop, 10_000);
    pop[4] = 100_000;
    pop[8] = 300_000;
    vru.metrics.stats.Dsr expected =
        vru.metrics.stats.Dsr.of(counts, pop, vru.metrics.stats.Dsr.ESP2013, 100_000).orElseThrow();
    PanelRow all = cell(WEST_MIDLANDS, 2023, "all");
    assertThat(all.dsr().orElseThrow().value()).isCloseTo(expected.value(), within(1e-9));
    assertThat(all.dsr().orElseThrow().ci95().lower())
        .isCloseTo(expected.ci95().lower(), within(1e-9));
    Map<String, Object> stored = value(job, WEST_MIDLANDS, "FY2023/24", "all");
    assertThat((Double) stored.get("dsr")).isCloseTo(expected.value(), within(1e-9));
    assertThat((Double) stored.get("dsr_upper_95"))
        .isCloseTo(expected.ci95().upper(), within(1e-9));
    assertThat(cell(WEST_MIDLANDS, 2023, "0-24").dsrMissingReason())
        .contains("fewer than 10 events with a known age");
    assertThat(cell(GWENT, 2024, "all").dsrMissingReason())
        .contains("1 of 1 events (more than 5%) have no age");
    assertThat(cell(GWENT, 2023, "all").dsrMissingReason())
        .contains("no population in age band 0-4");
    // months, quarters and rolling years have no standardised rate
    assertThat(value(job, WEST_MIDLANDS, "YE2024-03", "all").get("dsr")).isNull();
  }

  @Test
  void lsoaCountsGoToTheWarehouseWithTheReasonTheyHaveNoRate() {
    List<Row> rows =
        spark
            .read()
            .parquet(new Warehouse(dir).table(Warehouse.MEASURE_PANEL_LSOA).toString())
            .filter("measure = 'knife_crime' and period = 'FY2023/24'")
            .orderBy("area_code", "age_band")
            .select("area_code", "age_band", "count", "missing_reason", "la_code")
            .collectAsList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).getString(0)).isEqualTo("E01900001");
    assertThat(rows.get(0).getString(1)).isEqualTo("0-24");
    assertThat(rows.get(0).getLong(2)).isEqualTo(3);
    assertThat(rows.get(1).getLong(2)).isEqualTo(8);
    assertThat(rows.get(3).getLong(2)).isEqualTo(4);
    assertThat(rows.get(3).getString(4)).isEqualTo(WM_LA2.la().code());
    assertThat(rows.get(0).getString(3)).contains("no population estimates by LSOA");
  }

  @Test
  void republishingTheSameInputsChangesNothingAndANewInputSupersedesKeepingHistory()
      throws Exception {
    Warehouse wh = copy("copy");
    JobRuns runs = new JobRuns(db, java.time.Clock.systemUTC());
    UUID first = runs.start("test", Map.of());
    MetricsResult a = Metrics.compute(request(wh, first));
    assertThat(a.published()).isTrue();
    UUID second = runs.start("test", Map.of());
    MetricsResult b = Metrics.compute(request(wh, second));
    assertThat(b.published()).isFalse();
    assertThat(b.run()).isEqualTo(first);
    assertThat(b.rows()).isZero();
    assertThat(b.annual()).hasSameSizeAs(a.annual());
    assertThat(rows("select count(*) from measure_value where job_run_id = '" + second + "'"))
        .isZero();
    // a new police file arrives: the next run supersedes the first, whose values stay as history
    writeCrimes(
        wh, List.of(crime(WEST_MIDLANDS, LocalDate.of(2024, 5, 2), true, 30, WM_LA, "E01900001")));
    UUID third = runs.start("test", Map.of());
    MetricsResult c = Metrics.compute(request(wh, third));
    assertThat(c.published()).isTrue();
    assertThat(
            rows(
                "select count(*) from metrics_run where job_run_id = '"
                    + first
                    + "' and superseded_by = '"
                    + third
                    + "'"))
        .isEqualTo(1);
    assertThat(rows("select count(*) from measure_value where job_run_id = '" + first + "'"))
        .isEqualTo(a.rows());
    assertThat(
            rows(
                "select count from measure_value_current where area_code = 'E23000014' and"
                    + " period = 'FY2024/25' and age_band = 'all' and job_run_id = '"
                    + third
                    + "'"))
        .isEqualTo(1);
    assertThat(
            rows("select count(*) from measure_value_current where job_run_id = '" + first + "'"))
        .isZero();
  }

  /** A copy of the test warehouse's police and population tables, for tests that change it. */
  static Warehouse copy(String name) {
    Warehouse wh = new Warehouse(dir.resolve(name));
    for (String t : List.of(Warehouse.POLICE_INCIDENTS, Warehouse.POPULATION)) {
      spark
          .read()
          .parquet(new Warehouse(dir).table(t).toString())
          .write()
          .parquet(wh.table(t).toString());
    }
    return wh;
  }

  static long rows(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void anExportAppliesEachMeasuresDisclosureRuleSoNoWithheldCountCanBeRecovered() throws Exception {
    Path file = dir.resolve("disclosive-measures.yaml");
    java.nio.file.Files.writeString(
        file,
        """
        measures:
          - id: knife_crime_fingertips
            title: Knife crime under the Fingertips rule
            table: police_incidents
            filter: "knife"
            disclosure: fingertips
          - id: knife_crime_hes
            title: Knife crime under the HES rule
            table: police_incidents
            filter: "knife"
            disclosure: hes
        """);
    UUID run = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    Metrics.compute(
        new MetricsRequest(
            spark,
            db,
            run,
            copy("export"),
            List.of("knife_crime_fingertips", "knife_crime_hes"),
            Optional.empty(),
            List.of(file)));
    Path out = dir.resolve("la.csv");
    PanelExport.Summary summary = PanelExport.write(db, run, "la", out);
    assertThat(summary.suppressed()).isPositive();
    List<vru.core.csv.CsvReader.Record> rows = new ArrayList<>();
    try (var r = new vru.core.csv.CsvReader(java.nio.file.Files.newBufferedReader(out))) {
      for (var rec = r.next(); rec != null; rec = r.next()) {
        rows.add(rec);
      }
    }
    Map<String, Integer> col = new java.util.HashMap<>();
    for (int i = 0; i < rows.get(0).fields().size(); i++) {
      col.put(rows.get(0).fields().get(i), i);
    }
    java.util.function.BiFunction<String, String, List<String>> cell =
        (measure, la) ->
            rows.stream()
                .map(vru.core.csv.CsvReader.Record::fields)
                .filter(
                    f ->
                        f.get(col.get("measure")).equals(measure)
                            && f.get(col.get("area_code")).equals(la)
                            && f.get(col.get("period")).equals("FY2023/24")
                            && f.get(col.get("age_band")).equals("all"))
                .findFirst()
                .orElseThrow();
    // HES: 8 is rounded to 10, 4 is withheld with its rate
    assertThat(cell.apply("knife_crime_hes", WM_LA.la().code()).get(col.get("count")))
        .isEqualTo("10");
    List<String> hes4 = cell.apply("knife_crime_hes", WM_LA2.la().code());
    assertThat(hes4.get(col.get("count"))).isEqualTo("*");
    assertThat(hes4.get(col.get("rate"))).isEmpty();
    assertThat(hes4.get(col.get("disclosure_rule"))).isEqualTo("hes");
    // Fingertips: 4 is withheld (primary), and so is at least one other West Midlands LA, so the
    // force's published total of 12 minus the shown LAs leaves more than one unknown
    List<String> ft4 = cell.apply("knife_crime_fingertips", WM_LA2.la().code());
    assertThat(ft4.get(col.get("count"))).isEqualTo("*");
    assertThat(ft4.get(col.get("suppressed"))).isEqualTo("primary");
    List<List<String>> wm =
        rows.stream()
            .skip(1)
            .map(vru.core.csv.CsvReader.Record::fields)
            .filter(
                f ->
                    f.get(col.get("measure")).equals("knife_crime_fingertips")
                        && f.get(col.get("period")).equals("FY2023/24")
                        && f.get(col.get("age_band")).equals("all")
                        && vru.core.geo.Geography.reference()
                            .pfaOf(f.get(col.get("area_code")))
                            .orElse("")
                            .equals(WEST_MIDLANDS))
            .toList();
    assertThat(wm.stream().filter(f -> f.get(col.get("count")).equals("*")).count())
        .isGreaterThanOrEqualTo(2);
    // no shown count under either rule is a small one
    for (var r : rows.subList(1, rows.size())) {
      String n = r.fields().get(col.get("count"));
      if (!n.isEmpty() && !n.equals("*")) {
        long v = Long.parseLong(n);
        assertThat(v == 0 || v > 5).as(r.fields().toString()).isTrue();
      }
    }
  }
}
