package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
 * A measure counted from a published recorded-crime table by CSP (ONS Table C2's shape): each CSP
 * and force takes its own published count for the rolling year, never a sum of the other rows; a
 * count the table marks unavailable is withheld; a local authority, which the table does not give,
 * has no data; no other period has a value.
 */
class RecordedCrimeMeasureTest {
  static final String WEST_MIDLANDS = "E23000014";
  @TempDir static Path dir;
  static Database db;
  static MetricsResult result;

  @BeforeAll
  static void tableC2() throws Exception {
    SparkSession spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    db = TestDatabase.fresh("recorded_crime_measure");
    Warehouse wh = new Warehouse(dir);
    // year ending June 2025, homicides: the force total 50 (more than its CSPs' 35, as its
    // unassigned row is in it), Birmingham 30, Solihull 5, Coventry unavailable
    List<Row> rows = new ArrayList<>();
    rows.add(row(WEST_MIDLANDS, null, WEST_MIDLANDS, "pfa", 50L));
    rows.add(row(WEST_MIDLANDS, "E22000335", "E22000335", "csp", 30L));
    rows.add(row(WEST_MIDLANDS, "E22000339", "E22000339", "csp", 5L));
    rows.add(row(WEST_MIDLANDS, "E22000336", "E22000336", "csp", null));
    rows.add(row(WEST_MIDLANDS, null, WEST_MIDLANDS, "unassigned", 15L));
    spark
        .createDataFrame(
            rows,
            new StructType()
                .add("period", DataTypes.StringType)
                .add("period_end", DataTypes.DateType)
                .add("pfa_code", DataTypes.StringType)
                .add("csp_code", DataTypes.StringType)
                .add("la_code", DataTypes.StringType)
                .add("area_code", DataTypes.StringType)
                .add("area_level", DataTypes.StringType)
                .add("offence_group", DataTypes.StringType)
                .add("offence_label", DataTypes.StringType)
                .add("count", DataTypes.LongType))
        .write()
        .parquet(wh.table(Warehouse.RECORDED_CRIME).toString());
    List<Row> population = new ArrayList<>();
    for (String band : vru.metrics.stats.Dsr.ESP2013_BANDS) {
      population.add(RowFactory.create(2024, WEST_MIDLANDS, band, 60_000L, "E08000025", "P"));
      population.add(RowFactory.create(2024, WEST_MIDLANDS, band, 10_000L, "E08000029", "P"));
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
          - id: homicide_c2
            title: Homicides, from ONS Table C2
            table: recorded_crime
            filter: "offence_group = 'homicide'"
            multiplier: 1000000
        """);
    result =
        Metrics.compute(
            new MetricsRequest(
                spark,
                db,
                new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                wh,
                List.of("homicide_c2"),
                Optional.of(
                    new MetricsRequest.Partnership("brum", "Birmingham CSP", List.of("E22000335"))),
                List.of(measures)));
  }

  static Row row(String pfa, String csp, String area, String level, Long count) {
    return RowFactory.create(
        "YE2025-06",
        java.sql.Date.valueOf(LocalDate.of(2025, 6, 30)),
        pfa,
        csp,
        null,
        area,
        level,
        "homicide",
        "Homicide",
        count);
  }

  static PanelRow ye(String area) {
    return PanelStore.rolling(db, result.run(), "Birmingham CSP", List.of()).stream()
        .filter(
            p ->
                p.areaCode().equals(area)
                    && p.ageBand().equals("all")
                    && p.periodLabel()
                        .equals(Period.rolling12(java.time.YearMonth.of(2025, 6)).label()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + area));
  }

  @Test
  void eachCspAndForceTakesItsPublishedCountForTheRollingYear() {
    assertThat(ye("E22000335").count()).hasValue(30);
    assertThat(ye("brum").count()).hasValue(30);
    assertThat(ye("brum").rate().orElseThrow().value())
        .isCloseTo(30.0 / (19 * 60_000) * 1_000_000, within(1e-9));
    assertThat(ye("E22000339").count()).hasValue(5);
    // the force's total as published, not the sum of its CSPs
    assertThat(ye(WEST_MIDLANDS).count()).hasValue(50);
  }

  @Test
  void anUnavailableCountIsWithheldAndALocalAuthorityHasNoData() {
    PanelRow coventry = ye("E22000336");
    assertThat(coventry.count()).isEmpty();
    assertThat(coventry.missingReason().orElseThrow())
        .contains("1 cell suppressed by the provider");
    PanelRow la = ye("E08000025");
    assertThat(la.count()).isEmpty();
    assertThat(la.missingReason().orElseThrow())
        .contains("gives community safety partnerships and police force areas");
  }

  @Test
  void noOtherPeriodHasAValue() {
    assertThat(result.annual())
        .filteredOn(p -> p.areaCode().equals("E22000335"))
        .allSatisfy(p -> assertThat(p.count()).isEmpty());
  }
}
