package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * A community safety partnership counted from data.police.uk street files (issue 24): a crime
 * counts for the force that recorded it and for the local authority where it happened; the files
 * record no ages, so there is no under-25 value (never 0); the partnership is its member CSP, with
 * that CSP's residents; a local authority of a force with no files has no data.
 */
class LocalPartnershipTest {
  static final String CITY_PFA = "E23000034";
  static final String CITY_CSP = "E22000180";
  static final String CITY_LA = "E09000001";
  static final String WESTMINSTER_LA = "E09000033";
  static final String MET = "E23000001";
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static List<PanelRow> panel;

  @BeforeAll
  static void cityOfLondon() {
    spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    db = TestDatabase.fresh("local_partnership");
    Warehouse wh = new Warehouse(dir);
    // FY2024/25: each month 20 violent crimes located in the City and 5 in Westminster, all
    // recorded by the City of London Police, and 3 robberies in the City
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (YearMonth m = YearMonth.of(2024, 4);
        !m.isAfter(YearMonth.of(2025, 3));
        m = m.plusMonths(1)) {
      for (int i = 0; i < 28; i++) {
        boolean westminster = i >= 20 && i < 25;
        rows.add(
            RowFactory.create(
                "k" + n++,
                m.toString(),
                m.getMonthValue() >= 4 ? m.getYear() : m.getYear() - 1,
                CITY_PFA,
                i < 25 ? "Violence and sexual offences" : "Robbery",
                westminster ? "E01004736" : "E01000001",
                westminster ? WESTMINSTER_LA : CITY_LA,
                westminster ? "E22000192" : CITY_CSP,
                westminster ? MET : CITY_PFA));
      }
    }
    spark
        .createDataFrame(
            rows,
            new StructType()
                .add("crime_key", DataTypes.StringType)
                .add("month", DataTypes.StringType)
                .add("financial_year", DataTypes.IntegerType)
                .add("force_code", DataTypes.StringType)
                .add("crime_type", DataTypes.StringType)
                .add("lsoa_code", DataTypes.StringType)
                .add("la_code", DataTypes.StringType)
                .add("csp_code", DataTypes.StringType)
                .add("pfa_code", DataTypes.StringType))
        .write()
        .parquet(wh.table(Warehouse.POLICE_UK).toString());
    List<Row> population = new ArrayList<>();
    for (String band : vru.metrics.stats.Dsr.ESP2013_BANDS) {
      population.add(RowFactory.create(2024, CITY_PFA, band, 500L, CITY_LA, "P"));
      population.add(RowFactory.create(2024, MET, band, 10_000L, WESTMINSTER_LA, "P"));
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
    panel =
        Metrics.compute(
                new MetricsRequest(
                    spark,
                    db,
                    new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                    wh,
                    List.of("policeuk_violence_sexual", "policeuk_robbery"),
                    Optional.of(
                        new MetricsRequest.Partnership(
                            "city-csp", "City of London CSP", List.of(CITY_CSP)))))
            .annual();
  }

  static PanelRow cell(String m, String area, String age) {
    return panel.stream()
        .filter(
            p ->
                p.measure().equals(m)
                    && p.areaCode().equals(area)
                    && p.financialYear() == 2024
                    && p.ageBand().equals(age))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aStreetCrimeCountsForItsForceAndForTheLocalAuthorityWhereItHappened() {
    assertThat(cell("policeuk_violence_sexual", CITY_PFA, "all").count()).hasValue(300);
    assertThat(cell("policeuk_violence_sexual", CITY_LA, "all").count()).hasValue(240);
    assertThat(cell("policeuk_robbery", CITY_LA, "all").count()).hasValue(36);
    // Westminster lies in the Metropolitan Police area, which sent no files: no data, never 60
    PanelRow westminster = cell("policeuk_violence_sexual", WESTMINSTER_LA, "all");
    assertThat(westminster.count()).isEmpty();
    assertThat(westminster.missingReason().orElseThrow()).contains("Metropolitan Police");
  }

  @Test
  void theCspPartnershipIsItsMemberWithItsResidentsAndRatesPerThousand() {
    PanelRow p = cell("policeuk_violence_sexual", "city-csp", "all");
    assertThat(p.areaLevel()).isEqualTo("partnership");
    assertThat(p.count()).hasValue(240);
    assertThat(p.rate().orElseThrow().denominator()).isEqualTo(19 * 500);
    assertThat(p.rate().orElseThrow().value()).isCloseTo(240.0 / 9_500 * 1_000, within(1e-9));
    // every CSP of the country has rows: the partnership is compared with its own level
    assertThat(panel)
        .anyMatch(r -> r.areaLevel().equals("csp") && r.areaCode().equals("E22000192"));
  }

  @Test
  void theFilesRecordNoAgesSoThereIsNoUnder25ValueNeverZero() {
    PanelRow young = cell("policeuk_violence_sexual", "city-csp", "0-24");
    assertThat(young.count()).isEmpty();
    assertThat(young.missingReason().orElseThrow()).contains("records no ages");
    assertThat(cell("policeuk_violence_sexual", "city-csp", "all").dsr()).isEmpty();
  }
}
