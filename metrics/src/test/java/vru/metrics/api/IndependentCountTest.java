package vru.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.csv.CsvReader;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;
import vru.ingest.api.generate.GenerateOptions;
import vru.ingest.api.generate.SyntheticData;

/**
 * The panel's counts against an independent count: the generated police files read with a plain
 * Java pass (police rows have no quoted fields, so split on commas; knife flag Y; LSOA to LA and
 * force from the generated lookup, read as CSV), with no Spark and none of the ingest or metrics
 * code.
 */
class IndependentCountTest {
  @TempDir static Path dir;

  @Test
  void everyAreaMonthAndYearCountEqualsAPlainPassOverTheGeneratedRows() throws Exception {
    SparkSession spark = vru.ingest.api.SparkSessions.get(Optional.of("local[2]"));
    Database db = TestDatabase.fresh("metrics_count");
    UUID job = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    Path data = dir.resolve("data");
    // clean rows only, so the independent pass needs no validation of its own
    SyntheticData.generate(new GenerateOptions(data, 5, 0.01, 2023, 2024, 0.0, l -> {}));
    Warehouse wh = new Warehouse(dir.resolve("warehouse"));
    for (String[] s :
        List.of(
            new String[] {"geography", "geography"},
            new String[] {"population", "population"},
            new String[] {"police-records", "police"})) {
      Ingest.run(
          new IngestRequest(
              spark,
              db,
              job,
              wh,
              dir.resolve("key"),
              s[0],
              List.of(data.resolve(s[1])),
              IngestRequest.DEFAULT_MAX_QUARANTINED,
              x -> {}));
    }
    Metrics.compute(
        new MetricsRequest(spark, db, job, wh, List.of("knife_crime"), Optional.empty()));

    // the independent count
    Map<String, String[]> lsoa = new HashMap<>();
    // names such as "Kingston upon Hull, City of" are quoted: read the lookup as CSV
    try (CsvReader r =
        new CsvReader(Files.newBufferedReader(data.resolve("geography/lsoa-lookup.csv")))) {
      r.next();
      for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
        List<String> f = rec.fields();
        lsoa.put(f.get(0), new String[] {f.get(2), f.get(6)});
      }
    }
    Map<String, Long> expected = new HashMap<>();
    long rows = 0;
    try (Stream<Path> files = Files.list(data.resolve("police"))) {
      for (Path file : files.sorted().toList()) {
        try (BufferedReader r = Files.newBufferedReader(file)) {
          r.readLine();
          for (String l = r.readLine(); l != null; l = r.readLine()) {
            String[] f = l.split(",", -1);
            if (!f[5].equals("Y")) {
              continue;
            }
            rows++;
            LocalDate date = LocalDate.parse(f[2]);
            String month = YearMonth.from(date).toString();
            int fy = date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
            String fyLabel = new vru.core.api.FinancialYear(fy).label();
            String[] area = lsoa.get(f[8]);
            for (String code : new String[] {area[0], area[1], "K04000001"}) {
              expected.merge(code + "/" + month, 1L, Long::sum);
              expected.merge(code + "/" + fyLabel, 1L, Long::sum);
            }
          }
        }
      }
    }
    assertThat(rows).isGreaterThan(500);

    // every force, E&W and LA financial year, and every force and E&W month, in PostgreSQL
    Map<String, Long> published = new HashMap<>();
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select area_code, period, count from measure_value where job_run_id = ? and"
                    + " age_band = 'all' and (period_type = 'fy' or (period_type = 'month' and"
                    + " area_level in ('pfa', 'country'))) and area_level in ('la', 'pfa',"
                    + " 'country')")) {
      ps.setObject(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          published.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        }
      }
    }
    assertThat(published).hasSizeGreaterThan(1000);
    long checked = 0;
    for (Map.Entry<String, Long> e : published.entrySet()) {
      if (e.getKey().startsWith("E92") || e.getKey().startsWith("W92")) {
        continue;
      }
      assertThat(e.getValue()).as(e.getKey()).isEqualTo(expected.getOrDefault(e.getKey(), 0L));
      checked++;
    }
    // and every independent cell is in the panel (no area or month lost)
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      if (e.getKey().matches("E06.*|E07.*|E08.*|E09.*|W06.*") && !e.getKey().contains("FY")) {
        continue; // LA months are in the warehouse panel, checked below
      }
      assertThat(published.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(checked).isGreaterThan(1000);
    // LA months from the warehouse panel
    for (var r :
        spark
            .read()
            .parquet(wh.table(Warehouse.MEASURE_PANEL).toString())
            .filter("area_level = 'la' and period_type = 'month' and age_band = 'all'")
            .select("area_code", "period", "count")
            .collectAsList()) {
      assertThat(r.getLong(2))
          .as(r.getString(0) + " " + r.getString(1))
          .isEqualTo(expected.getOrDefault(r.getString(0) + "/" + r.getString(1), 0L));
    }
  }
}
