package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;
import vru.ingest.api.SparkSessions;

/**
 * A force's own export is read as it is: its column names through a small mapping, its character
 * encoding declared when it is neither UTF-8 nor Windows-1252.
 */
class ForceExportTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static Warehouse warehouse;
  static Path export;
  static Path lookup;

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("mapping");
    warehouse = new Warehouse(dir.resolve("warehouse"));
    lookup = dir.resolve("lookup.csv");
    Files.writeString(
        lookup,
        "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
            + "valid_to\n"
            + "E01900001,A 001A,E08900001,A,E22900001,A,E23000014,West Midlands,,\n");
    ingest("geography", List.of(lookup), Optional.empty());
    export = dir.resolve("wmp-export.csv");
    Files.writeString(
        export,
        "URN,Force,Date Recorded,HO Code,Offence Group,Knife/Sharp Instrument,Victim Age,"
            + "Victim Sex,LSOA,Outcome,Officer Name\n"
            + "WM/1,E23000014,2024-05-01,8N,violence,Y,19,M,E01900001,charged,PC Smith\n"
            + "WM/2,E23000014,2024-06-01,5D,violence,N,40,F,E01900001,,PC Jones\n");
  }

  static List<FileSummary> ingest(String source, List<Path> files, Optional<Path> mapping) {
    return ingest(source, files, mapping, Optional.empty());
  }

  static List<FileSummary> ingest(
      String source,
      List<Path> files,
      Optional<Path> mapping,
      Optional<java.nio.charset.Charset> encoding) {
    return Ingest.run(
        new TestIngest(spark, db, dir.resolve("key"))
            .request(warehouse, source, files, IngestRequest.DEFAULT_MAX_QUARANTINED)
            .withColumnMapping(mapping)
            .withEncoding(encoding));
  }

  /**
   * West Midlands' export names (case differs from the file's where it may: names match anyway).
   */
  static final String WMP_COLUMNS =
      "columns:\n"
          + "  URN: crime_reference\n"
          + "  Force: force_code\n"
          + "  Date Recorded: recorded_date\n"
          + "  HO Code: offence_code\n"
          + "  Offence Group: offence_group\n"
          + "  Knife/Sharp Instrument: knife_flag\n"
          + "  Victim Age: victim_age\n"
          + "  victim sex: victim_sex\n"
          + "  LSOA: lsoa_code\n"
          + "  Outcome: outcome\n"
          + "ignore: [Officer Name]\n";

  static Path mapping(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void aForceExportLoadsThroughItsMappingAndIgnoredColumnsAreNotKept() throws IOException {
    Path map = mapping("wmp.yaml", WMP_COLUMNS);
    FileSummary s = ingest("police-records", List.of(export), Optional.of(map)).get(0);

    assertThat(s.rowsAccepted()).isEqualTo(2);
    List<Row> rows =
        spark
            .read()
            .parquet(warehouse.table(vru.core.warehouse.Warehouse.POLICE_INCIDENTS).toString())
            .orderBy("recorded_date")
            .collectAsList();
    assertThat(rows).extracting(r -> r.<Boolean>getAs("knife")).containsExactly(true, false);
    assertThat(rows.get(0).schema().fieldNames())
        .noneMatch(c -> c.contains("officer") || c.contains("ignored"));
    assertThat(rows.toString()).doesNotContain("PC Smith").doesNotContain("WM/1");
  }

  /** Police records through a mapping with no quality threshold, to see every row's reason. */
  static FileSummary everyRow(Warehouse w, Path file, Path map) {
    return Ingest.run(
            new TestIngest(spark, db, dir.resolve("key"))
                .request(w, "police-records", List.of(file), 1.0)
                .withColumnMapping(Optional.of(map)))
        .get(0);
  }

  /** A warehouse of the test's own, with the geography, so its rows meet no other test's. */
  static Warehouse own(String name) {
    Warehouse w = new Warehouse(dir.resolve(name));
    new TestIngest(spark, db, dir.resolve("key")).run(w, "geography", List.of(lookup));
    return w;
  }

  @Test
  void aTitleAndNotesAboveAnExportsHeaderAreSkippedAndEveryLineKeepsItsNumber() throws IOException {
    Path titled = dir.resolve("wmp-titled.csv");
    String text =
        "West Midlands Police: knife crime extract,,,\n"
            + "\"Run 01/10/2025, J Smith\"\n"
            + "\n"
            + Files.readAllLines(export).get(0)
            + "\n"
            + "WM/T1,E23000014,2024-07-01,8N,violence,Y,19,M,E01900001,charged,PC Smith\n"
            + "WM/T2,E23000014,2024-07-02,8N,violence,Y,130,M,E01900001,,PC Smith\n"
            + "WM/T3,E23000014,2024-07-03,5D,violence,N,40,F,E01900001,,PC Jones\n";
    Files.writeString(titled, text);
    Warehouse warehouse = own("titled");
    Path map = mapping("wmp-titled.yaml", WMP_COLUMNS);
    java.util.function.Supplier<FileSummary> run = () -> everyRow(warehouse, titled, map);
    FileSummary s = run.get();
    assertThat(s.file()).isEqualTo(titled);
    // the two title lines, the blank line and the header are not rows
    assertThat(s.rowsRead()).isEqualTo(3);
    assertThat(s.rowsAccepted()).isEqualTo(2);
    List<Row> held =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .filter(org.apache.spark.sql.functions.col("file").equalTo(titled.toString()))
            .collectAsList();
    assertThat(held).hasSize(1);
    assertThat(held.get(0).<Long>getAs("line")).isEqualTo(6L);
    assertThat(held.get(0).<String>getAs("reason")).isEqualTo("out_of_range");
    // the analyst's file is read, never changed; the same file again is recognised
    assertThat(Files.readString(titled)).isEqualTo(text);
    assertThat(run.get().alreadyIngested()).isTrue();
  }

  @Test
  void datesWrittenDayFirstAreReadInTheMappingsPatternAndOthersQuarantinedNamingIt()
      throws IOException {
    Path dayFirst = dir.resolve("wmp-day-first.csv");
    Files.writeString(
        dayFirst,
        Files.readAllLines(export).get(0)
            + "\n"
            + "WM/D1,E23000014,01/05/2021,8N,violence,Y,19,M,E01900001,charged,PC Smith\n"
            + "WM/D2,E23000014,31/02/2021,8N,violence,Y,20,M,E01900001,,PC Smith\n"
            + "WM/D3,E23000014,2021-05-03,5D,violence,N,40,F,E01900001,,PC Jones\n"
            + "WM/D4,E23000014,23/11/2021,5D,violence,N,41,F,E01900001,,PC Jones\n");
    Path map = mapping("wmp-day-first.yaml", WMP_COLUMNS + "dates: dd/MM/yyyy\n");
    Warehouse warehouse = own("day-first");
    FileSummary s = everyRow(warehouse, dayFirst, map);
    assertThat(s.rowsRead()).isEqualTo(4);
    assertThat(s.rowsAccepted()).isEqualTo(2);
    List<String> dates =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.POLICE_INCIDENTS).toString())
            .filter(
                org.apache.spark.sql.functions.col("file_id").equalTo(s.sha256().substring(0, 16)))
            .orderBy("recorded_date")
            .collectAsList()
            .stream()
            .map(r -> r.getAs("recorded_date").toString())
            .toList();
    assertThat(dates).containsExactly("2021-05-01", "2021-11-23");
    List<Row> held =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .filter(org.apache.spark.sql.functions.col("file").equalTo(dayFirst.toString()))
            .orderBy("line")
            .collectAsList();
    // an impossible date, and an ISO date in a file declared to write dates day first
    assertThat(held).extracting(r -> r.<Long>getAs("line")).containsExactly(3L, 4L);
    assertThat(held).extracting(r -> r.<String>getAs("reason")).containsOnly("bad_date");
    assertThat(held.get(0).<String>getAs("message"))
        .isEqualTo("'recorded_date' is '31/02/2021'; expected a real date written dd/MM/yyyy");

    // without the declaration the file is refused, and the report says what to declare
    Path undeclared = mapping("wmp-undeclared.yaml", WMP_COLUMNS);
    assertThatThrownBy(() -> ingest("police-records", List.of(dayFirst), Optional.of(undeclared)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("bad_date: 3 rows, e.g. line 2")
        .hasMessageContaining(
            "The dates look day first ('01/05/2021'): if the file writes them so, say how in a"
                + " --columns mapping, e.g. 'dates: dd/MM/yyyy'")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.DATA_QUALITY_THRESHOLD);

    // minutes (mm) for months is the usual slip: refused, naming the line of the mapping
    Path slip = mapping("slip.yaml", WMP_COLUMNS + "dates: dd/mm/yyyy\n");
    assertThatThrownBy(() -> ingest("police-records", List.of(dayFirst), Optional.of(slip)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("slip.yaml line 13: 'dates: dd/mm/yyyy' is not a date pattern")
        .hasMessageContaining("M (month)");
    assertThat(ColumnMapping.datePattern("d/M/yyyy")).isTrue();
    assertThat(ColumnMapping.datePattern("dd/MM/yyyy HH:mm")).isTrue();
    assertThat(ColumnMapping.datePattern("dd/MM/YYYY")).isFalse();
    assertThat(ColumnMapping.datePattern("MM/yyyy")).isFalse();
  }

  @Test
  void aMappingToAColumnTheSourceDoesNotHaveIsNamedWithItsLine() throws IOException {
    Path map = mapping("typo.yaml", "columns:\n  URN: crime_reference\n  Date: recorded_dat\n");
    assertThatThrownBy(() -> ingest("police-records", List.of(export), Optional.of(map)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("typo.yaml line 3: 'Date' is mapped to 'recorded_dat'")
        .hasMessageContaining("did you mean 'recorded_date'?")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
  }

  @Test
  void aMappedColumnMissingFromTheFileAndAnUnmappedExportAreBothNamed() throws IOException {
    Path map = mapping("other.yaml", "columns:\n  Crime Number: crime_reference\n");
    // not the export itself: once ingested, its bytes are recognised before the header is read
    Path another = dir.resolve("wmp-export-2.csv");
    Files.writeString(another, Files.readString(export).replace("WM/", "WM2/"));
    assertThatThrownBy(() -> ingest("police-records", List.of(another), Optional.of(map)))
        .hasMessageContaining("names 'crime number', not in the file's header");
    assertThatThrownBy(() -> ingest("police-records", List.of(another), Optional.empty()))
        .hasMessageContaining("missing column 'crime_reference'")
        .hasMessageContaining("--columns FILE");
  }

  @Test
  void aDeclaredEncodingIsUsedAndAFileThatBreaksItsDeclarationIsNamed() throws IOException {
    String text =
        IngestTest.PoliceRecordsHeader.HEADER
            + "\nMAC/1,E23000014,2023-05-01,8N,agression aggravée,N,30,F,E01900001,\n";
    Path mac = dir.resolve("mac-roman.csv");
    Files.write(mac, text.getBytes(java.nio.charset.Charset.forName("x-MacRoman")));
    ingest(
        "police-records",
        List.of(mac),
        Optional.empty(),
        Optional.of(java.nio.charset.Charset.forName("x-MacRoman")));
    assertThat(
            spark
                .read()
                .parquet(warehouse.table(Warehouse.POLICE_INCIDENTS).toString())
                .filter("offence_group like 'agression%'")
                .first()
                .<String>getAs("offence_group"))
        .isEqualTo("agression aggravée");

    Path cp1252 = dir.resolve("cp1252.csv");
    Files.write(
        cp1252,
        text.replace("MAC/1", "CP/1")
            .replace("2023-05-01", "2022-05-01")
            .getBytes(java.nio.charset.Charset.forName("windows-1252")));
    assertThatThrownBy(
            () ->
                ingest(
                    "police-records",
                    List.of(cp1252),
                    Optional.empty(),
                    Optional.of(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("cp1252.csv was declared UTF-8 but is not valid UTF-8 (line 2)")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
  }

  /** Writes rows to one Parquet file, as a force's or trust's own pipeline would. */
  static Path parquet(String name, StructType schema, List<Row> rows) throws IOException {
    Path out = dir.resolve(name + ".spark");
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(org.apache.spark.sql.SaveMode.Overwrite)
        .parquet(out.toString());
    Path file = dir.resolve(name);
    try (java.util.stream.Stream<Path> parts = Files.list(out)) {
      Files.move(
          parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow(), file);
    }
    return file;
  }

  @Test
  void aTypedParquetExportIsCheckedLikeItsCsvWithRowNumbers() throws IOException {
    StructType schema =
        new StructType()
            .add("URN", DataTypes.StringType)
            .add("Force", DataTypes.StringType)
            .add("Date Recorded", DataTypes.TimestampType)
            .add("HO Code", DataTypes.StringType)
            .add("Offence Group", DataTypes.StringType)
            .add("Knife/Sharp Instrument", DataTypes.StringType)
            .add("Victim Age", DataTypes.DoubleType)
            .add("Victim Sex", DataTypes.StringType)
            .add("LSOA", DataTypes.StringType)
            .add("Outcome", DataTypes.StringType)
            .add("Officer Name", DataTypes.StringType);
    java.sql.Timestamp may = java.sql.Timestamp.valueOf("2020-05-01 14:30:00");
    java.sql.Timestamp june = java.sql.Timestamp.valueOf("2020-06-01 00:00:00");
    Path file =
        parquet(
            "wmp-export.parquet",
            schema,
            List.of(
                RowFactory.create(
                    "PQ/1",
                    "E23000015",
                    may,
                    "8N",
                    "violence",
                    "Y",
                    19.0,
                    "M",
                    "E01900001",
                    "charged",
                    "PC Smith"),
                RowFactory.create(
                    "PQ/2",
                    "E23000015",
                    june,
                    "5D",
                    "violence",
                    "N",
                    null,
                    "F",
                    "E01900001",
                    null,
                    "PC Jones"),
                RowFactory.create(
                    "PQ/3",
                    "E23000015",
                    june,
                    "BAD",
                    "violence",
                    "N",
                    20.0,
                    "F",
                    "E01900001",
                    null,
                    "PC Brown"),
                RowFactory.create(
                    "PQ/4",
                    "E23000015",
                    june,
                    "8N",
                    "violence",
                    "Y",
                    30.5,
                    "M",
                    "E01900001",
                    null,
                    "PC Green")));
    Path map = mapping("wmp.yaml", WMP_COLUMNS);
    FileSummary s = everyRow(warehouse, file, map);

    assertThat(s.rowsRead()).isEqualTo(4);
    assertThat(s.rowsAccepted()).isEqualTo(2);
    assertThat(s.reasons())
        .extracting(r -> r.reason() + "@" + r.exampleLine() + ":" + r.exampleValue())
        .containsExactlyInAnyOrder("bad_offence_code@3:BAD", "bad_number@4:30.5");
    List<Row> rows =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.POLICE_INCIDENTS).toString())
            .filter("force_code = 'E23000015'")
            .orderBy("recorded_date")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.getAs("recorded_date").toString() + "/" + r.getAs("victim_age"))
        .containsExactly("2020-05-01/19", "2020-06-01/null");
    List<Row> quarantined =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.QUARANTINE).toString())
            .filter("file like '%wmp-export.parquet'")
            .orderBy("line")
            .collectAsList();
    assertThat(quarantined).extracting(r -> r.<Long>getAs("line")).containsExactly(3L, 4L);
    assertThat(quarantined.get(0).<String>getAs("raw_line"))
        .matches("[0-9a-f]{64},E23000015,2020-06-01,BAD,violence,N,20,F,E01900001,")
        .doesNotContain("PQ/3")
        .doesNotContain("PC Brown");

    // the same bytes again change nothing
    assertThat(ingest("police-records", List.of(file), Optional.of(map)).get(0).alreadyIngested())
        .isTrue();
  }

  @Test
  void aParquetFileThatIsNotParquetOrIsNestedIsNamedAndPublishedTablesStayCsv() throws IOException {
    Path broken = dir.resolve("broken.parquet");
    Files.writeString(broken, "crime_reference,force_code\nA,B\n");
    assertThatThrownBy(() -> ingest("police-records", List.of(broken), Optional.empty()))
        .hasMessageContaining("broken.parquet: not a readable Parquet file")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);

    Path nested =
        parquet(
            "nested.parquet",
            new StructType()
                .add("crime_reference", DataTypes.StringType)
                .add(
                    "victim",
                    new StructType()
                        .add("age", DataTypes.IntegerType)
                        .add("sex", DataTypes.StringType)),
            List.of(RowFactory.create("N/1", RowFactory.create(30, "F"))));
    assertThatThrownBy(() -> ingest("police-records", List.of(nested), Optional.empty()))
        .hasMessageContaining("the Parquet columns 'victim' (struct<age:int,sex:string>)")
        .hasMessageContaining("flatten them");

    assertThatThrownBy(() -> ingest("prc-tables", List.of(nested), Optional.empty()))
        .hasMessageContaining("nested.parquet: prc-tables files are read in their published layout")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
  }

  @Test
  void quotedFieldsKeepTheirCommasAndQuotesAndEmptyFieldsAreNoValue() throws IOException {
    Path quoted = dir.resolve("quoted.csv");
    Files.writeString(
        quoted,
        IngestTest.PoliceRecordsHeader.HEADER
            + "\nQ/1,E23000016,2019-05-01,8N,\"violence, with \"\"injury\"\"\",Y,,M,E01900001,\n"
            + "Q/2,E23000016,2019-05-02,8N, ,N,31,F,E01900001,charged\n");
    FileSummary s =
        ForceExportTest.ingest("police-records", List.of(quoted), Optional.empty()).get(0);
    assertThat(s.rowsAccepted()).isEqualTo(2);
    assertThat(s.rowsQuarantined()).isZero();
    List<Row> rows =
        spark
            .read()
            .parquet(warehouse.table(Warehouse.POLICE_INCIDENTS).toString())
            .filter("force_code = 'E23000016'")
            .orderBy("recorded_date")
            .collectAsList();
    assertThat(rows.get(0).<String>getAs("offence_group")).isEqualTo("violence, with \"injury\"");
    assertThat(rows.get(0).isNullAt(rows.get(0).fieldIndex("victim_age"))).isTrue();
    assertThat(rows.get(1).isNullAt(rows.get(1).fieldIndex("offence_group"))).isTrue();
    assertThat(rows.get(1).<Integer>getAs("victim_age")).isEqualTo(31);
  }
}
