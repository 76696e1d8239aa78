package vru.ingest.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.db.Database;
import vru.core.db.TestDatabase;
import vru.core.geo.ReferencePopulation;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.SparkSessions;

/**
 * The population source reads ONS's published layouts as they are: the mid-2020 ward table by
 * single year of age (Males, Females and Persons files) and West Sussex's LSOA table by five-year
 * band and year. The expected numbers are independent of the adapters: the project's reference
 * population (mid-2020 by local authority, sex and band, derived from the same ONS table when the
 * synthetic generator was written) and the 59,719,724 persons ONS states for England and Wales.
 */
class PopulationLayoutsTest {
  static final Path REAL = Path.of(System.getProperty("vru.data.dir", "../data")).resolve("real");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("population");
  }

  static List<FileSummary> ingest(Warehouse w, Path... files) {
    return new TestIngest(spark, db, dir.resolve("key")).run(w, "population", List.of(files));
  }

  static Dataset<Row> population(Warehouse w) {
    return spark.read().parquet(w.table(Warehouse.POPULATION).toString());
  }

  @Test
  void theWardTablesLoadAsPublishedAndAddUpToTheReferencePopulation() {
    Warehouse w = new Warehouse(dir.resolve("sape"));
    List<FileSummary> s = ingest(w, REAL.resolve("ons-sape-mid2020"));

    assertThat(s).hasSize(3);
    for (FileSummary f : s) {
      assertThat(f.rowsRead()).as(f.file().toString()).isEqualTo(8_053);
      assertThat(f.rowsAccepted()).isEqualTo(8_053);
    }
    Map<String, Long> bySex = new HashMap<>();
    for (Row r : population(w).groupBy("sex").agg(sum("population")).collectAsList()) {
      bySex.put(r.getString(0), r.getLong(1));
    }
    assertThat(bySex.get("P")).isEqualTo(59_719_724L);
    assertThat(bySex.get("M") + bySex.get("F")).isEqualTo(59_719_724L);

    // every local authority, sex and band equals the reference (2021 districts summed into the
    // 2023 unitary authorities of North Yorkshire and Somerset)
    Map<String, Long> got = new HashMap<>();
    for (Row r :
        population(w)
            .filter(col("year").equalTo(2020).and(col("sex").notEqual("P")))
            .collectAsList()) {
      got.put(
          r.getAs("la_code") + "/" + r.getAs("sex") + "/" + r.getAs("age_band"),
          r.getAs("population"));
    }
    List<ReferencePopulation.Cell> want = ReferencePopulation.mid2020();
    assertThat(got).hasSize(want.size());
    for (ReferencePopulation.Cell c : want) {
      assertThat(got.get(c.laCode() + "/" + c.sex() + "/" + c.ageBand()))
          .as(c.toString())
          .isEqualTo(c.population());
    }
    assertThat(population(w).filter(col("pfa_code").isNull()).count()).isZero();
  }

  @Test
  void theLsoaBandTableLoadsEveryYearAndAgreesWithTheWardTableFor2020() {
    Warehouse w = new Warehouse(dir.resolve("lsoa"));
    FileSummary s = ingest(w, REAL.resolve("westsussex-lsoa-mye-2016-2020.csv.gz")).get(0);

    assertThat(s.rowsRead()).isEqualTo(18_180);
    assertThat(s.rowsAccepted()).isEqualTo(18_180);
    assertThat(
            population(w).select("year").distinct().orderBy("year").collectAsList().stream()
                .map(r -> r.getInt(0)))
        .containsExactly(2016, 2017, 2018, 2019, 2020);
    assertThat(population(w).filter(col("age_band").equalTo("85+")).count()).isEqualTo(7 * 5 * 2);
    Map<String, Long> reference = new HashMap<>();
    for (ReferencePopulation.Cell c : ReferencePopulation.mid2020()) {
      reference.merge(c.laCode(), c.population(), Long::sum);
    }
    List<Row> by2020 =
        population(w)
            .filter(col("year").equalTo(2020))
            .groupBy("la_code")
            .agg(sum("population"))
            .collectAsList();
    assertThat(by2020).hasSize(7); // Adur, Arun, Chichester, Crawley, Horsham, Mid Sussex, Worthing
    for (Row r : by2020) {
      assertThat(r.getLong(1)).as(r.getString(0)).isEqualTo(reference.get(r.getString(0)));
    }
  }

  @Test
  void badRowsOfEitherLayoutAreQuarantinedWithTheirReasonAndLine() throws IOException {
    List<String> ward =
        gunzipped(REAL.resolve("ons-sape-mid2020/SAPE23DT8a_mid2020_ward_Males.csv.gz"));
    List<String> small = new java.util.ArrayList<>(ward.subList(0, 25));
    small.set(5, small.get(5).replaceFirst("\"8,427\"", "\"8,428\"")); // line 6: total off by one
    small.set(6, small.get(6).replaceFirst(",E09000002,", ",E0900000X,")); // line 7
    small.add(String.join(",", java.util.Collections.nCopies(96, ""))); // the blank end of data
    small.add("Notes: anything after the data is not a row,,,");
    Path sape = dir.resolve("sape-bad.csv");
    Files.write(sape, small);
    FileSummary s = ingestAll(new Warehouse(dir.resolve("bad1")), sape);
    assertThat(s.rowsRead()).isEqualTo(20);
    assertThat(s.rowsQuarantined()).isEqualTo(2);
    assertThat(s.reasons())
        .extracting(FileSummary.Reason::reason, FileSummary.Reason::exampleLine)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("inconsistent_total", 6L),
            org.assertj.core.groups.Tuple.tuple("bad_area_code", 7L));

    List<String> lsoa = gunzipped(REAL.resolve("westsussex-lsoa-mye-2016-2020.csv.gz"));
    List<String> few = new java.util.ArrayList<>(lsoa.subList(0, 11));
    few.set(1, few.get(1).replace(",131", ",130")); // line 2: pooled column disagrees
    few.set(2, few.get(2).replace("\"5-9 years\"", "\"5-10 years\"")); // line 3
    few.set(3, few.get(3).replace("\"Adur 001A\"", "\"Nowhere 001A\"")); // line 4
    Path lsoaFile = dir.resolve("lsoa-bad.csv");
    Files.write(lsoaFile, few);
    FileSummary l = ingestAll(new Warehouse(dir.resolve("bad2")), lsoaFile);
    assertThat(l.rowsRead()).isEqualTo(10);
    assertThat(l.reasons())
        .extracting(FileSummary.Reason::reason, FileSummary.Reason::exampleLine)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("inconsistent_total", 2L),
            org.assertj.core.groups.Tuple.tuple("bad_value", 3L),
            org.assertj.core.groups.Tuple.tuple("unknown_area", 4L));
  }

  /** The lines of a gzipped real file (the repository keeps the large ones gzipped). */
  static List<String> gunzipped(Path file) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .toList();
    }
  }

  /** Ingests with no quality threshold, to see every reason. */
  static FileSummary ingestAll(Warehouse w, Path file) {
    return new TestIngest(spark, db, dir.resolve("key"))
        .run(w, "population", List.of(file), 1.0)
        .get(0);
  }

  @Test
  void aPublishedTableReplacesTheLongFormForTheSameYearsAndAreasRatherThanAddingToIt()
      throws IOException {
    Warehouse w = new Warehouse(dir.resolve("replace"));
    StringBuilder longForm = new StringBuilder("year,area_code,sex,age_band,population\n");
    for (String sex : List.of("F", "M")) {
      for (String band : ReferencePopulation.AGE_BANDS) {
        longForm.append("2020,E07000223,").append(sex).append(',').append(band).append(",1000\n");
      }
    }
    Path old = dir.resolve("adur-2020.csv");
    Files.writeString(old, longForm);
    Path lookup = dir.resolve("adur-lookup.csv");
    Files.writeString(
        lookup,
        "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
            + "valid_to\nE01031349,Adur 001A,E07000223,Adur,E22000290,Adur,E23000033,Sussex,,\n");
    new TestIngest(spark, db, dir.resolve("key")).run(w, "geography", List.of(lookup));
    ingest(w, old); // the long form resolves its areas through the ingested lookup
    FileSummary s = ingest(w, REAL.resolve("westsussex-lsoa-mye-2016-2020.csv.gz")).get(0);

    assertThat(s.replaces()).containsExactly(old.toString());
    long adur2020 =
        population(w)
            .filter(col("year").equalTo(2020).and(col("la_code").equalTo("E07000223")))
            .agg(sum("population"))
            .first()
            .getLong(0);
    assertThat(adur2020).isEqualTo(64_187L);
  }
}
