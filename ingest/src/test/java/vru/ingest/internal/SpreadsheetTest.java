package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.db.Database;
import vru.core.db.TestDatabase;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.SparkSessions;

/**
 * The real ONS Table C2 (data/real, its CSV edition) saved as the XLSX and ODS workbooks ONS also
 * publishes: a cover sheet and the table, counts as numbers (not text with thousands separators),
 * "[x]" as text, the header's line breaks kept. Each workbook's sheet must load to the same table
 * as the CSV, with the rows held back at their sheet row numbers.
 */
class SpreadsheetTest {
  static final Path C2 =
      Path.of(System.getProperty("vru.data.dir", "../data"))
          .resolve("real/ons-prc-table-c2-ye-jun2025.csv");
  @TempDir static Path dir;
  static SparkSession spark;
  static Database db;
  static List<List<Object>> sheet = new ArrayList<>();
  // the CSV's first line of each record -> the record's (sheet row's) number
  static Map<Long, Long> rowOfLine = new HashMap<>();

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
    db = TestDatabase.fresh("sheets");
    try (CsvReader r = new CsvReader(Files.newBufferedReader(C2, StandardCharsets.UTF_8))) {
      for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
        List<Object> cells = new ArrayList<>();
        for (String f : rec.fields()) {
          String t = f.trim();
          cells.add(t.matches("-?[0-9][0-9,]*") ? (Object) Double.valueOf(t.replace(",", "")) : f);
        }
        sheet.add(cells);
        rowOfLine.put((long) rec.line(), (long) sheet.size());
      }
    }
  }

  static List<FileSummary> ingest(Warehouse w, String input) {
    return ingest(w, "prc-tables", input);
  }

  static List<FileSummary> ingest(Warehouse w, String source, String input) {
    return new TestIngest(spark, db, dir.resolve("key")).run(w, source, List.of(Path.of(input)));
  }

  static Path xlsx() throws IOException {
    Path book = dir.resolve("prc-c2.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(book)) {
      wb.createSheet("Cover").createRow(0).createCell(0).setCellValue("Police recorded crime");
      org.apache.poi.ss.usermodel.Sheet s = wb.createSheet("Table C2");
      for (int i = 0; i < sheet.size(); i++) {
        org.apache.poi.ss.usermodel.Row row = s.createRow(i);
        for (int j = 0; j < sheet.get(i).size(); j++) {
          Object v = sheet.get(i).get(j);
          if (v instanceof Double d) {
            row.createCell(j).setCellValue(d);
          } else if (!((String) v).isEmpty()) {
            row.createCell(j).setCellValue((String) v);
          }
        }
      }
      wb.write(out);
    }
    return book;
  }

  static Path ods() throws IOException {
    Path book = dir.resolve("prc-c2.ods");
    int width = sheet.stream().mapToInt(List::size).max().getAsInt();
    Object[][] values = new Object[sheet.size()][width];
    for (int i = 0; i < sheet.size(); i++) {
      for (int j = 0; j < sheet.get(i).size(); j++) {
        Object v = sheet.get(i).get(j);
        values[i][j] = "".equals(v) ? null : v;
      }
    }
    com.github.miachm.sods.Sheet table =
        new com.github.miachm.sods.Sheet("Table C2", values.length, width);
    table.getDataRange().setValues(values);
    com.github.miachm.sods.Sheet cover = new com.github.miachm.sods.Sheet("Cover", 1, 1);
    cover.getRange(0, 0).setValue("Police recorded crime");
    com.github.miachm.sods.SpreadSheet ss = new com.github.miachm.sods.SpreadSheet();
    ss.appendSheet(cover);
    ss.appendSheet(table);
    ss.save(book.toFile());
    return book;
  }

  static Dataset<Row> table(Warehouse w) {
    Dataset<Row> t = spark.read().parquet(w.table(Warehouse.RECORDED_CRIME).toString());
    return t.drop(
        Arrays.stream(t.columns()).filter(c -> c.contains("file")).toArray(String[]::new));
  }

  static List<Long> heldBack(Warehouse w) {
    return spark
        .read()
        .parquet(w.table(Warehouse.QUARANTINE).toString())
        .select("line")
        .orderBy("line")
        .collectAsList()
        .stream()
        .map(r -> r.getLong(0))
        .toList();
  }

  @Test
  void theTableSheetOfAnXlsxOrOdsWorkbookLoadsAsItsCsvEditionDoes() throws IOException {
    Warehouse fromCsv = new Warehouse(dir.resolve("csv"));
    ingest(fromCsv, C2.toString());
    Dataset<Row> expected = table(fromCsv);
    List<Long> expectedRows = heldBack(fromCsv).stream().map(rowOfLine::get).toList();
    assertThat(expectedRows).hasSize(2).doesNotContainNull();
    // the CSV's header cells hold line breaks, so its line numbers are not the sheet's row numbers
    assertThat(expectedRows).isNotEqualTo(heldBack(fromCsv));

    for (Path book : List.of(xlsx(), ods())) {
      Warehouse w = new Warehouse(dir.resolve("wh-" + book.getFileName()));
      FileSummary s = ingest(w, book + "#Table C2").get(0);
      assertThat(s.file().toString()).isEqualTo(book + "#Table C2");
      assertThat(s.rowsRead()).as(book.toString()).isEqualTo(399);
      assertThat(s.rowsAccepted()).isEqualTo(397);
      Dataset<Row> t = table(w);
      assertThat(t.count()).isEqualTo(397L * 23);
      assertThat(t.exceptAll(expected).count()).as(book + " rows not in the CSV's").isZero();
      assertThat(expected.exceptAll(t).count()).as("the CSV's rows not in " + book).isZero();
      // a line number in quarantine is the row number in the sheet
      assertThat(heldBack(w)).as(book.toString()).isEqualTo(expectedRows);
      // the same workbook again is the same file
      assertThat(ingest(w, book + "#table c2").get(0).alreadyIngested()).isTrue();
    }
  }

  @Test
  void aWorkbookWithSeveralSheetsNeedsOneNamed() throws IOException {
    Path book = xlsx();
    Warehouse w = new Warehouse(dir.resolve("several"));
    assertThatThrownBy(() -> ingest(w, book.toString()))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("has 2 sheets (Cover, Table C2)")
        .hasMessageContaining("'" + book + "#Table C2'")
        .satisfies(e -> assertThat(((VruException) e).code()).isEqualTo(ErrorCode.INPUT_INVALID));
    assertThatThrownBy(() -> ingest(w, book + "#Table C3"))
        .hasMessageContaining("has no sheet 'Table C3'; its sheets are: Cover, Table C2");
    Path notABook = dir.resolve("not-a-book.xlsx");
    Files.writeString(notABook, "area,count\n");
    assertThatThrownBy(() -> ingest(w, notABook.toString()))
        .hasMessageContaining(notABook + ": not a readable XLSX spreadsheet")
        .hasMessageContaining("export the sheet as CSV");
  }

  /** A programme monitoring workbook as a VRU keeps it: a title and a note above the header. */
  static Path monitoring(String name, String firstRow) throws IOException {
    Path book = dir.resolve(name);
    try (XSSFWorkbook wb = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(book)) {
      org.apache.poi.ss.usermodel.Sheet s = wb.createSheet("data");
      s.createRow(0).createCell(0).setCellValue(firstRow);
      s.createRow(1).createCell(0).setCellValue("Source: monitoring returns; counts are people");
      // row 3 is left empty
      String[] header = {
        "intervention", "area_code", "month", "referrals", "starts", "completions", "cost_gbp"
      };
      org.apache.poi.ss.usermodel.Row h = s.createRow(3);
      for (int j = 0; j < header.length; j++) {
        h.createCell(j).setCellValue(header[j]);
      }
      for (int m = 0; m < 24; m++) {
        org.apache.poi.ss.usermodel.Row row = s.createRow(4 + m);
        row.createCell(0).setCellValue("Focused deterrence");
        row.createCell(1).setCellValue("E23000001");
        row.createCell(2).setCellValue(java.time.YearMonth.of(2024, 4).plusMonths(m).toString());
        // sheet row 10 has a negative count
        row.createCell(3).setCellValue(m == 5 ? -3 : 20 + m);
        row.createCell(4).setCellValue(10 + m);
        row.createCell(5).setCellValue(5 + m);
        row.createCell(6).setCellValue(1250.5);
      }
      wb.write(out);
    }
    return book;
  }

  @Test
  void rowsAboveARecordSheetsHeaderAreNotRowsAndRowNumbersStayTheSheets() throws IOException {
    Path book = monitoring("monitoring.xlsx", "Programme monitoring: focused deterrence, 2024-26");
    Warehouse w = new Warehouse(dir.resolve("titled"));
    FileSummary s = ingest(w, "programme", book.toString()).get(0);
    // the title, the note, the empty row and the header are not rows
    assertThat(s.rowsRead()).isEqualTo(24);
    assertThat(s.rowsAccepted()).isEqualTo(23);
    assertThat(s.reasons()).hasSize(1);
    assertThat(s.reasons().get(0).reason()).isEqualTo("out_of_range");
    assertThat(s.reasons().get(0).field()).isEqualTo("referrals");
    assertThat(s.reasons().get(0).exampleLine()).isEqualTo(10);
    assertThat(heldBack(w)).containsExactly(10L);
    Dataset<Row> t = spark.read().parquet(w.table(Warehouse.PROGRAMME).toString());
    assertThat(t.count()).isEqualTo(23);
    assertThat(t.agg(org.apache.spark.sql.functions.sum("referrals")).first().getLong(0))
        .isEqualTo(24 * 20 + 276 - 25);
    assertThat(ingest(w, "programme", book.toString()).get(0).alreadyIngested()).isTrue();

    // a first row that looks like data, not a title, is not skipped: it is the header, misspelt
    Path misspelt =
        monitoring(
            "misspelt.xlsx", "intervention,area_code,month,referals,starts,completions,cost_gbp");
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(misspelt));
        OutputStream out = Files.newOutputStream(dir.resolve("misspelt-cells.xlsx"))) {
      org.apache.poi.ss.usermodel.Row first = wb.getSheetAt(0).getRow(0);
      String[] cells = first.getCell(0).getStringCellValue().split(",");
      for (int j = 0; j < cells.length; j++) {
        first.createCell(j).setCellValue(cells[j]);
      }
      wb.write(out);
    }
    assertThatThrownBy(
            () ->
                ingest(
                    new Warehouse(dir.resolve("misspelt")),
                    "programme",
                    dir.resolve("misspelt-cells.xlsx").toString()))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("misspelt-cells.xlsx#data line 1")
        .hasMessageContaining("missing column 'referrals' (the file has 'referals')");
  }

  @Test
  void numbersAreWrittenAsStoredNotAsDisplayed() {
    assertThat(Spreadsheets.number(170002.0)).isEqualTo("170002");
    assertThat(Spreadsheets.number(-3.0)).isEqualTo("-3");
    assertThat(Spreadsheets.number(0.1)).isEqualTo("0.1");
    assertThat(Spreadsheets.number(12.50)).isEqualTo("12.5");
    assertThat(Spreadsheets.number(1e20)).isEqualTo("100000000000000000000");
  }
}
