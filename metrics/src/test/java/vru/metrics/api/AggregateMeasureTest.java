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
 * period holding a cell the provider suppressed has no count or rate, only its lower bound.
 */
class AggregateMeasureTest {
  static final String BIRMINGHAM = "E08000025";
  static final String COVENTRY = "E08000026";
  static final String SOLIHULL = "E08000029";
  static final String WEST_MIDLANDS = "E23000014";
  @TempDir static Path dir;
  static List<PanelRow> panel;

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
                hidden ? "*" : null));
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
            null));
    spark
        .createDataFrame(
            rows,
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
                .add("marker", DataTypes.StringType))
        .write()
        .parquet(wh.table(Warehouse.COUNTS).toString());
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
        """);
    panel =
        Metrics.compute(
                new MetricsRequest(
                    spark,
                    db,
                    new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of()),
                    wh,
                    List.of("street_violence"),
                    Optional.of(
                        new MetricsRequest.Partnership("brum", "Birmingham", List.of(BIRMINGHAM))),
                    List.of(measures)))
            .annual();
  }

  static PanelRow fy(String area) {
    return panel.stream()
        .filter(
            p ->
                p.areaCode().equals(area) && p.financialYear() == 2024 && p.ageBand().equals("all"))
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
}
