package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;

/**
 * A warehouse holding three forces' police records (issue 23, item 2): the other forces, their
 * local authorities and CSPs have no data (never 0); England, Wales, England and Wales and the
 * regions over a force with no data are incomplete (never a total of the forces that have data);
 * nothing is compared with them.
 */
class MissingAreasTest {
  static final String WEST_MIDLANDS = "E23000014";
  static final String MERSEYSIDE = "E23000004";
  static final String GWENT = "W15000002";
  static final String METROPOLITAN = "E23000001";
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static MetricsResult result;

  @BeforeAll
  static void threeForcesOnly() {
    spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    db = TestDatabase.fresh("missing_areas");
    Warehouse wh = new Warehouse(dir);
    writeThreeForces(spark, wh);
    result =
        Metrics.compute(
            new MetricsRequest(
                    spark,
                    db,
                    new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                    wh,
                    List.of("knife_crime"),
                    Optional.of(
                        new MetricsRequest.Partnership(
                            "wm-vru", "West Midlands VRU", List.of(WEST_MIDLANDS))))
                // every local authority, so those of a force with no data can be looked at
                .withAllAreas(true));
  }

  /** Police records of three forces, and every force's population, into {@code wh}. */
  static void writeThreeForces(SparkSession spark, Warehouse wh) {
    List<Row> crimes = new ArrayList<>();
    // ten knife crimes a month in each of three forces, April 2022 to March 2024
    for (String pfa : List.of(WEST_MIDLANDS, MERSEYSIDE, GWENT)) {
      Geography.Link l = firstLa(pfa);
      for (int m = 0; m < 24; m++) {
        LocalDate d = LocalDate.of(2022, 4, 5).plusMonths(m);
        for (int i = 0; i < 10; i++) {
          crimes.add(
              RowFactory.create(
                  pfa,
                  d.getMonthValue() >= 4 ? d.getYear() : d.getYear() - 1,
                  java.sql.Date.valueOf(d.plusDays(i)),
                  true,
                  30,
                  l.la().code(),
                  l.csp().code(),
                  null));
        }
      }
    }
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
        .parquet(wh.table(Warehouse.POLICE_INCIDENTS).toString());
    List<Row> population = new ArrayList<>();
    for (int year : new int[] {2022, 2023}) {
      for (String pfa : Geography.reference().pfas().keySet()) {
        population.add(
            RowFactory.create(year, pfa, "30-34", 500_000L, firstLa(pfa).la().code(), "P"));
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
  }

  static Geography.Link firstLa(String pfa) {
    return Geography.reference().links().stream()
        .filter(l -> l.pfa().code().equals(pfa))
        .findFirst()
        .orElseThrow();
  }

  static PanelRow fy2023(String area) {
    return result.annual().stream()
        .filter(
            p ->
                p.areaCode().equals(area) && p.financialYear() == 2023 && p.ageBand().equals("all"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void forcesWithDataAreCountedAndTheOthersHaveNoDataNotZero() {
    assertThat(fy2023(WEST_MIDLANDS).count()).hasValue(120);
    assertThat(fy2023(GWENT).count()).hasValue(120);
    assertThat(fy2023("wm-vru").count()).hasValue(120);
    PanelRow met = fy2023(METROPOLITAN);
    assertThat(met.count()).isEmpty();
    assertThat(met.rate()).isEmpty();
    assertThat(met.missingReason())
        .hasValue(
            "no data: Metropolitan Police has no data in the police_incidents table for this"
                + " period");
    // a local authority of a force with no data has no data; one of a force with data and no
    // crime is a true zero
    String camden =
        Geography.reference().links().stream()
            .filter(l -> l.pfa().code().equals(METROPOLITAN))
            .findFirst()
            .orElseThrow()
            .la()
            .code();
    assertThat(fy2023(camden).count()).isEmpty();
    String quietWmLa =
        Geography.reference().links().stream()
            .filter(
                l ->
                    l.pfa().code().equals(WEST_MIDLANDS)
                        && !l.la().code().equals(firstLa(WEST_MIDLANDS).la().code()))
            .findFirst()
            .orElseThrow()
            .la()
            .code();
    assertThat(fy2023(quietWmLa).count()).hasValue(0);
    long forcesWithNoData =
        result.annual().stream()
            .filter(
                p ->
                    p.areaLevel().equals("pfa")
                        && p.financialYear() == 2023
                        && p.ageBand().equals("all")
                        && p.count().isEmpty())
            .count();
    assertThat(forcesWithNoData).isEqualTo(Geography.reference().pfas().size() - 3);
  }

  @Test
  void totalsOverForcesWithNoDataAreIncompleteNotTotals() {
    for (String total : List.of("E92000001", "W92000004", "K04000001")) {
      PanelRow t = fy2023(total);
      assertThat(t.count()).as(total).isEmpty();
      assertThat(t.missingReason().orElseThrow()).as(total).startsWith("incomplete: ");
    }
    assertThat(fy2023("K04000001").missingReason().orElseThrow())
        .startsWith("incomplete: " + (Geography.reference().pfas().size() - 3) + " of its ");
  }

  @Test
  void nothingIsComparedWithAnAreaThatHasNoData() throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select area_code, benchmark_label from measure_comparison where job_run_id = ?"
                    + " and period = 'FY2023/24' and age_band = 'all' and area_code in (?, ?)")) {
      ps.setObject(1, result.run());
      ps.setString(2, METROPOLITAN);
      ps.setString(3, WEST_MIDLANDS);
      List<String> compared = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          compared.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      // a force with no data is not compared; West Midlands has no complete England and Wales
      // value to be compared with
      assertThat(compared).contains(METROPOLITAN + " Not compared");
      assertThat(compared).allMatch(s -> s.endsWith(" Not compared"));
    }
  }
}
