package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.db.Database;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.Ingest;
import vru.ingest.api.SparkSessions;

/**
 * The real Birmingham LSOA aggregate (a third party's counts of data.police.uk crime by LSOA,
 * category and month, in its own column names) ingested through a mapping, checked against an
 * independent count of the raw file; a second run ingests nothing twice.
 */
class CountsIngestTest {
  static final Path REAL = Path.of(System.getProperty("vru.data.dir", "../data")).resolve("real");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("counts");
  }

  /** Violence and sexual offences in a file, summed with a plain reader, not through vru. */
  static long violence(Path gz) throws Exception {
    long n = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        if (f[3].equals("Violence and sexual offences")) {
          n += Long.parseLong(f[6]);
        }
      }
    }
    return n;
  }

  @Test
  void theBirminghamAggregateLoadsThroughItsMappingWithEveryRowAccountedFor() throws Exception {
    Path mapping = dir.resolve("birmingham.yaml");
    Files.writeString(
        mapping,
        "columns:\n  lsoa_code: area_code\n  lsoa_name: area_name\n  category: indicator\n"
            + "  crime_count: count\nignore: [borough]\n");
    Warehouse w = new Warehouse(dir.resolve("wh"));
    List<Path> files =
        List.of(
            REAL.resolve("birmingham-lsoa-crime-counts/2024-04.csv.gz"),
            REAL.resolve("birmingham-lsoa-crime-counts/2024-05.csv.gz"));
    TestIngest t = new TestIngest(spark, db, dir.resolve("key"));
    List<FileSummary> s =
        Ingest.run(t.request(w, "counts", files, 0.05).withColumnMapping(Optional.of(mapping)));
    assertThat(s).hasSize(2);
    for (FileSummary f : s) {
      assertThat(f.rowsRead()).isPositive().isEqualTo(f.rowsAccepted() + f.rowsQuarantined());
    }
    List<Row> rows =
        spark
            .read()
            .parquet(w.table(Warehouse.COUNTS).toString())
            .filter("indicator = 'Violence and sexual offences' and period = '2024-05'")
            .collectAsList();
    long sum = rows.stream().mapToLong(r -> r.getLong(r.fieldIndex("count"))).sum();
    assertThat(sum).isEqualTo(violence(files.get(1)));
    assertThat(rows)
        .allMatch(r -> r.getString(r.fieldIndex("area_level")).equals("lsoa"))
        .allMatch(r -> r.getString(r.fieldIndex("pfa_code")).equals("E23000014"))
        .anyMatch(r -> "E08000025".equals(r.getString(r.fieldIndex("la_code"))));
    // the same files again: nothing read twice
    List<FileSummary> again =
        Ingest.run(t.request(w, "counts", files, 0.05).withColumnMapping(Optional.of(mapping)));
    assertThat(
            spark
                .read()
                .parquet(w.table(Warehouse.COUNTS).toString())
                .filter("indicator = 'Violence and sexual offences' and period = '2024-05'")
                .count())
        .isEqualTo(rows.size());
    assertThat(again).hasSize(2);
  }

  @Test
  void aFileOfTheSameLayoutFromAnotherAuthorityLoadsWithTheSameMapping() throws Exception {
    // the City of London's police.uk street file of May 2024 aggregated, here, into the
    // Birmingham file's layout (LSOA × category × month, its own column names), then read with
    // the Birmingham mapping unchanged: its LSOAs resolve to the City through their names
    Map<String, Long> cells = new java.util.TreeMap<>();
    Map<String, String> names = new java.util.HashMap<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    Files.newInputStream(
                        REAL.resolve(
                            "police-uk-city-of-london-2024/2024-05-city-of-london-street.csv.gz"))),
                StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        if (f[7].isEmpty() || !f[8].startsWith("City of London")) {
          continue;
        }
        names.put(f[7], f[8]);
        cells.merge(f[7] + "," + f[9], 1L, Long::sum);
      }
    }
    StringBuilder csv =
        new StringBuilder("lsoa_code,lsoa_name,borough,category,year,month,crime_count\n");
    long violence = 0;
    for (Map.Entry<String, Long> c : cells.entrySet()) {
      String[] k = c.getKey().split(",", 2);
      csv.append(k[0])
          .append(',')
          .append(names.get(k[0]))
          .append(",City of London,")
          .append(k[1])
          .append(",2024,5,")
          .append(c.getValue())
          .append('\n');
      violence += k[1].equals("Violence and sexual offences") ? c.getValue() : 0;
    }
    Path file = dir.resolve("city-2024-05.csv");
    Files.writeString(file, csv);
    Path mapping = dir.resolve("same-mapping.yaml");
    Files.writeString(
        mapping,
        "columns:\n  lsoa_code: area_code\n  lsoa_name: area_name\n  category: indicator\n"
            + "  crime_count: count\nignore: [borough]\n");
    Warehouse w = new Warehouse(dir.resolve("wh-city"));
    TestIngest t = new TestIngest(spark, db, dir.resolve("key-city"));
    List<FileSummary> s =
        Ingest.run(
            t.request(w, "counts", List.of(file), 0.05).withColumnMapping(Optional.of(mapping)));
    assertThat(s.get(0).rowsQuarantined()).isZero();
    assertThat(s.get(0).rowsAccepted()).isEqualTo(cells.size());
    List<Row> rows =
        spark
            .read()
            .parquet(w.table(Warehouse.COUNTS).toString())
            .filter("indicator = 'Violence and sexual offences'")
            .collectAsList();
    assertThat(violence).isPositive();
    assertThat(rows.stream().mapToLong(r -> r.getLong(r.fieldIndex("count"))).sum())
        .isEqualTo(violence);
    assertThat(rows)
        .allMatch(r -> "E09000001".equals(r.getString(r.fieldIndex("la_code"))))
        .allMatch(r -> "E23000034".equals(r.getString(r.fieldIndex("pfa_code"))));
  }

  @Test
  void anOnsLookupAsPublishedResolvesLsoasThatCarryNoName() throws Exception {
    // ONS's LSOA (2021) → LAD (2023) lookup layout, with its Welsh names and ObjectId, made from
    // the Birmingham aggregate's own LSOAs; an authority the reference geography's CSPs do not
    // follow (Cumberland, made in 2023 of three Cumbrian districts) is quarantined
    StringBuilder lookup =
        new StringBuilder("LSOA21CD,LSOA21NM,LSOA21NMW,LAD23CD,LAD23NM,LAD23NMW,ObjectId\n");
    StringBuilder counts = new StringBuilder("lsoa_code,category,year,month,crime_count\n");
    java.util.Set<String> seen = new java.util.HashSet<>();
    long violence = 0;
    Path may = REAL.resolve("birmingham-lsoa-crime-counts/2024-05.csv.gz");
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(may)), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        if (!f[1].startsWith("Birmingham ")) {
          continue;
        }
        if (seen.add(f[0])) {
          lookup.append(f[0]).append(',').append(f[1]).append(",,E08000025,Birmingham,,");
          lookup.append(seen.size()).append('\n');
        }
        counts.append(String.join(",", f[0], f[3], f[4], f[5], f[6])).append('\n');
        violence += f[3].equals("Violence and sexual offences") ? Long.parseLong(f[6]) : 0;
      }
    }
    lookup.append("E01019155,Allerdale 001A,,E06000063,Cumberland,,0\n");
    Path lookupFile = dir.resolve("LSOA21_LAD23_EW_LU.csv");
    Files.writeString(lookupFile, lookup);
    Path countsFile = dir.resolve("codes-only.csv");
    Files.writeString(countsFile, counts);
    Warehouse w = new Warehouse(dir.resolve("wh-ons"));
    TestIngest t = new TestIngest(spark, db, dir.resolve("key-ons"));
    FileSummary geo = t.run(w, "geography", List.of(lookupFile), 0.5).get(0);
    assertThat(geo.rowsAccepted()).isEqualTo(seen.size());
    assertThat(geo.rowsQuarantined()).isEqualTo(1);
    Row cumberland =
        spark
            .read()
            .parquet(w.table(Warehouse.QUARANTINE).toString())
            .filter("source = 'geography'")
            .first();
    assertThat(cumberland.<String>getAs("reason")).isEqualTo("unknown_area");
    assertThat(cumberland.<String>getAs("value")).isEqualTo("E06000063");
    assertThat(cumberland.<Long>getAs("line")).isEqualTo(seen.size() + 2L);
    // each authority's CSP and force come from the reference geography
    String csp =
        vru.core.geo.Geography.reference().links().stream()
            .filter(l -> l.la().code().equals("E08000025"))
            .findFirst()
            .orElseThrow()
            .csp()
            .code();
    assertThat(spark.read().parquet(w.table(Warehouse.GEOGRAPHY).toString()).collectAsList())
        .hasSize(seen.size())
        .allMatch(r -> csp.equals(r.getAs("csp_code")))
        .allMatch(r -> "E23000014".equals(r.getAs("pfa_code")))
        .allMatch(r -> "West Midlands".equals(r.getAs("pfa_name")));
    Path mapping = dir.resolve("codes-only.yaml");
    Files.writeString(
        mapping, "columns:\n  lsoa_code: area_code\n  category: indicator\n  crime_count: count\n");
    FileSummary c =
        Ingest.run(
                t.request(w, "counts", List.of(countsFile), 0.05)
                    .withColumnMapping(Optional.of(mapping)))
            .get(0);
    assertThat(c.rowsQuarantined()).isZero();
    List<Row> rows =
        spark
            .read()
            .parquet(w.table(Warehouse.COUNTS).toString())
            .filter("indicator = 'Violence and sexual offences'")
            .collectAsList();
    assertThat(rows.stream().mapToLong(r -> r.getLong(r.fieldIndex("count"))).sum())
        .isEqualTo(violence)
        .isPositive();
    assertThat(rows).allMatch(r -> "E08000025".equals(r.getAs("la_code")));
  }
}
