package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;

/**
 * Measures from Fingertips indicators, ingested from the real export (indicator 93356, County & UA,
 * 2015–2017) and a crafted file in the same layout with pooled financial years (indicator 11201): a
 * published value and interval are kept exactly as published and labelled so; an area Fingertips
 * does not publish (a force, the partnership) is recomputed from its local authorities' published
 * counts and denominators, which reproduces Fingertips' own intervals; a value Fingertips does not
 * publish is no value with its note, and makes a sum over it incomplete.
 */
class FingertipsMeasureTest {
  static final Path REAL =
      Path.of(System.getProperty("vru.data.dir", "../data"))
          .resolve("real/fingertips-93356-countyua.csv");
  static final String WEST_MIDLANDS = "E23000014";
  static final List<String> WEST_MIDLANDS_LAS =
      List.of(
          "E08000025",
          "E08000026",
          "E08000027",
          "E08000028",
          "E08000029",
          "E08000030",
          "E08000031");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static Warehouse wh;
  static Path measures;
  static MetricsResult result;
  static Map<String, Map<String, String>> real2015 = new HashMap<>();

  @BeforeAll
  static void ingestAndMeasure() throws Exception {
    spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    db = TestDatabase.fresh("fingertips_measure");
    wh = new Warehouse(dir.resolve("warehouse"));
    UUID job = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    Path crafted = Path.of("src/test/resources/fingertips/violence-11201-pooled.csv");
    Ingest.run(
        new IngestRequest(
            spark,
            db,
            job,
            wh,
            dir.resolve("key"),
            "fingertips",
            List.of(REAL, crafted),
            IngestRequest.DEFAULT_MAX_QUARANTINED,
            x -> {}));
    measures = dir.resolve("measures.yaml");
    Files.writeString(
        measures,
        """
        measures:
          - id: campylobacter
            title: Campylobacter incidence, as published
            table: fingertips
            filter: "indicator_id = 93356 and sex = 'Persons' and age = 'All ages' and category_type is null"
          - id: campylobacter_recomputed
            title: Campylobacter incidence, recomputed
            table: fingertips
            filter: "indicator_id = 93356 and sex = 'Persons' and age = 'All ages' and category_type is null"
            values: recomputed
          - id: violence_admissions_ft
            title: Hospital admissions for violence (including sexual violence)
            table: fingertips
            filter: "indicator_id = 11201 and sex = 'Persons' and age = 'All ages'"
            disclosure: fingertips
        """);
    result =
        Metrics.compute(
            new MetricsRequest(
                spark,
                db,
                new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                wh,
                List.of("campylobacter", "campylobacter_recomputed", "violence_admissions_ft"),
                Optional.of(
                    new MetricsRequest.Partnership("brum", "Birmingham", List.of("E08000025"))),
                List.of(measures)));
    // the real file read with a plain CSV reader, not through vru
    try (CsvReader r = new CsvReader(Files.newBufferedReader(REAL, StandardCharsets.UTF_8))) {
      List<String> header = r.next().fields();
      for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), i < rec.fields().size() ? rec.fields().get(i) : "");
        }
        if (m.get("Time period").equals("2015")
            && m.get("Age").equals("All ages")
            && m.get("Category Type").isEmpty()) {
          real2015.put(m.get("Area Code"), m);
        }
      }
    }
  }

  static List<PanelRow> rolling;

  static PanelRow row(String measure, String area, Period period) {
    if (rolling == null) {
      rolling = PanelStore.rolling(db, result.run(), "Birmingham", List.of());
    }
    return rolling.stream()
        .filter(
            p ->
                p.measure().equals(measure)
                    && p.areaCode().equals(area)
                    && p.ageBand().equals("all")
                    && p.period().equals(period))
        .findFirst()
        .or(
            () ->
                pooled(area, measure, period).stream()
                    .filter(p -> p.ageBand().equals("all"))
                    .findFirst())
        .orElseThrow(() -> new AssertionError("no row for " + measure + " " + area + " " + period));
  }

  /** Rows of other period types, read from the warehouse panel. */
  static List<PanelRow> pooled(String area, String measure, Period period) {
    return spark
        .read()
        .parquet(wh.table(Warehouse.MEASURE_PANEL).toString())
        .filter(
            "measure = '"
                + measure
                + "' and area_code = '"
                + area
                + "' and period_type = '"
                + period.type().key()
                + "' and period = '"
                + period.label()
                + "'")
        .collectAsList()
        .stream()
        .map(
            r ->
                new PanelRow(
                    measure,
                    r.getAs("age_band"),
                    area,
                    r.getAs("area_level"),
                    r.getAs("area_name"),
                    period,
                    r.getAs("count") == null
                        ? java.util.OptionalLong.empty()
                        : java.util.OptionalLong.of(r.<Long>getAs("count")),
                    r.getAs("rate") == null
                        ? Optional.empty()
                        : Optional.of(
                            new vru.metrics.stats.CrudeRate(
                                r.<Long>getAs("count"),
                                r.<Double>getAs("denominator"),
                                100_000,
                                r.<Double>getAs("rate"),
                                new vru.metrics.stats.Interval(
                                    r.<Double>getAs("lower_95"), r.<Double>getAs("upper_95")),
                                new vru.metrics.stats.Interval(
                                    r.<Double>getAs("lower_95"), r.<Double>getAs("upper_95")),
                                r.getAs("method"))),
                    Optional.empty(),
                    Optional.ofNullable(r.getAs("missing_reason")),
                    Optional.empty()))
        .toList();
  }

  static final Period Y2015 = Period.rolling12(YearMonth.of(2015, 12));

  static double real(String area, String column) {
    return Double.parseDouble(real2015.get(area).get(column));
  }

  @Test
  void aPublishedValueAndIntervalAreKeptExactlyAsPublished() {
    for (String area : List.of("E08000025", "E09000033", "E92000001")) {
      PanelRow r = row("campylobacter", area, Y2015);
      var rate = r.rate().orElseThrow(() -> new AssertionError(area + ": " + r.missingReason()));
      assertThat(rate.method()).isEqualTo("published");
      assertThat(rate.value()).as(area).isEqualTo(real(area, "Value"));
      assertThat(rate.ci95().lower()).as(area).isEqualTo(real(area, "Lower CI 95.0 limit"));
      assertThat(rate.ci95().upper()).as(area).isEqualTo(real(area, "Upper CI 95.0 limit"));
      assertThat(r.count()).hasValue(Long.parseLong(real2015.get(area).get("Count")));
    }
    // a region published without an interval: recomputed from its own count and denominator
    PanelRow region = row("campylobacter", "E12000005", Y2015);
    assertThat(region.count()).hasValue(5481);
    assertThat(region.rate().orElseThrow().method()).isEqualTo("byar");
    assertThat(region.rate().orElseThrow().value())
        .isCloseTo(real("E12000005", "Value"), within(1e-9));
    // the calendar year is the rolling year ending December
    assertThat(row("campylobacter", "E08000025", Y2015).periodLabel()).isEqualTo("YE2015-12");
  }

  @Test
  void recomputedFromCountAndDenominatorGivesFingertipsOwnIntervals() {
    int compared = 0;
    for (Map.Entry<String, Map<String, String>> e : real2015.entrySet()) {
      if (e.getValue().get("Value").isEmpty()
          || !vru.core.geo.Geography.reference().las().containsKey(e.getKey())) {
        continue;
      }
      PanelRow r = row("campylobacter_recomputed", e.getKey(), Y2015);
      var rate = r.rate().orElseThrow();
      assertThat(rate.method()).isNotEqualTo("published");
      double published = real(e.getKey(), "Value");
      // Byar's limits at every count, as Fingertips computes crude rates: 1e-3 relative
      assertThat(rate.value()).isCloseTo(published, within(1e-6 * published));
      assertThat(rate.ci95().lower())
          .as(e.getKey())
          .isCloseTo(
              real(e.getKey(), "Lower CI 95.0 limit"),
              within(1e-3 * real(e.getKey(), "Lower CI 95.0 limit")));
      assertThat(rate.ci95().upper())
          .as(e.getKey())
          .isCloseTo(
              real(e.getKey(), "Upper CI 95.0 limit"),
              within(1e-3 * real(e.getKey(), "Upper CI 95.0 limit")));
      compared++;
    }
    assertThat(compared).isGreaterThan(100);
  }

  @Test
  void aForceIsRecomputedFromItsLocalAuthoritiesPublishedCountsAndDenominators() {
    long count = 0;
    double denominator = 0;
    for (String la : WEST_MIDLANDS_LAS) {
      count += Long.parseLong(real2015.get(la).get("Count"));
      denominator += real(la, "Denominator");
    }
    PanelRow force = row("campylobacter", WEST_MIDLANDS, Y2015);
    assertThat(force.count()).hasValue(count);
    assertThat(force.rate().orElseThrow().method()).isEqualTo("byar");
    assertThat(force.rate().orElseThrow().value())
        .isCloseTo(count / denominator * 100_000, within(1e-9));
    // the partnership of Birmingham alone: Birmingham's published value
    PanelRow brum = row("campylobacter", "brum", Y2015);
    assertThat(brum.count()).hasValue(Long.parseLong(real2015.get("E08000025").get("Count")));
    assertThat(brum.rate().orElseThrow().method()).isEqualTo("published");
    assertThat(brum.rate().orElseThrow().value()).isEqualTo(real("E08000025", "Value"));
  }

  @Test
  void aValueFingertipsDoesNotPublishIsNoValueWithItsNoteNeverZero() {
    PanelRow city = row("campylobacter", "E09000001", Y2015);
    assertThat(city.count()).isEmpty();
    assertThat(city.rate()).isEmpty();
    assertThat(city.missingReason().orElseThrow())
        .contains("not published by Fingertips")
        .contains("Value for Hackney and City of London combined");
    // a district of a county: a County & UA file has no row for it
    PanelRow maidstone = row("campylobacter", "E07000110", Y2015);
    assertThat(maidstone.missingReason().orElseThrow())
        .contains("the fingertips table has no row for Maidstone");
    // Kent's force is made of its districts and Medway: incomplete, never a sum of the others
    PanelRow kent = row("campylobacter", "E23000032", Y2015);
    assertThat(kent.count()).isEmpty();
    assertThat(kent.missingReason().orElseThrow()).startsWith("incomplete: 12 of its 13");
  }

  @Test
  void pooledFinancialYearsAreOnePeriodAndASuppressedValueMakesTheForceIncomplete() {
    Period pooled = Period.pooled(YearMonth.of(2016, 4), YearMonth.of(2019, 3));
    assertThat(pooled.label()).isEqualTo("FY2016/17 to FY2018/19");
    assertThat(Period.parse(Period.Type.POOLED, pooled.label())).isEqualTo(pooled);
    PanelRow brum = row("violence_admissions_ft", "E08000025", pooled);
    assertThat(brum.count()).hasValue(4410);
    // a standardised value as published, not count / denominator
    assertThat(brum.rate().orElseThrow().value())
        .isCloseTo(4410 / 3_420_000.0 * 1e5 * 0.97, within(1e-4));
    PanelRow force = row("violence_admissions_ft", WEST_MIDLANDS, pooled);
    assertThat(force.count()).hasValue(4410 + 1170 + 760 + 1230 + 400 + 890 + 1010);
    Period later = Period.pooled(YearMonth.of(2017, 4), YearMonth.of(2020, 3));
    PanelRow solihull = row("violence_admissions_ft", "E08000029", later);
    assertThat(solihull.missingReason().orElseThrow())
        .contains("Value suppressed for disclosure control");
    assertThat(row("violence_admissions_ft", WEST_MIDLANDS, later).missingReason().orElseThrow())
        .startsWith("incomplete: 1 of its 7 local authorities (Solihull)");
    // a single financial year published for Birmingham only is an FY value
    assertThat(result.annual())
        .filteredOn(
            p ->
                p.measure().equals("violence_admissions_ft")
                    && p.areaCode().equals("E08000025")
                    && p.ageBand().equals("all"))
        .singleElement()
        .satisfies(p -> assertThat(p.count()).hasValue(1400));
  }

  @Test
  void theExportSaysWhichValuesAreAsPublishedAndWhichRecomputed() throws Exception {
    Path la = dir.resolve("la.csv");
    PanelExport.write(db, result.run(), "la", la);
    assertThat(Files.readAllLines(la))
        .anyMatch(
            l ->
                l.startsWith("campylobacter,all,E08000025,")
                    && l.contains(",fingertips (as published),"))
        .anyMatch(
            l ->
                l.startsWith("campylobacter_recomputed,all,E08000025,")
                    && l.contains(
                        ",fingertips (recomputed from published counts and denominators),"));
  }

  @Test
  void aFilterThatSelectsTwoRowsForOneAreaAndPeriodNamesThemAndWhatToAdd() throws Exception {
    Path loose = dir.resolve("loose.yaml");
    Files.writeString(
        loose,
        """
        measures:
          - id: campylobacter_loose
            title: Campylobacter, every age
            table: fingertips
            filter: "indicator_id = 93356 and category_type is null"
        """);
    assertThatThrownBy(
            () ->
                Metrics.compute(
                    new MetricsRequest(
                        spark,
                        db,
                        new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                        wh,
                        List.of("campylobacter_loose"),
                        Optional.empty(),
                        List.of(loose))))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("its filter selects two Fingertips rows for")
        .hasMessageContaining("age All ages")
        .hasMessageContaining("age 0-9 yrs")
        .hasMessageContaining("add sex, age and category_type to the filter");
  }
}
