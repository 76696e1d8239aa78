package vru.ingest.internal;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Spreadsheets as published (XLSX with Apache POI, ODS with SODS): one sheet is written out as a
 * UTF-8 CSV file, one line per sheet row, so the adapters read it as they read the CSV edition and
 * a line number in a message or in quarantine is the row number in the sheet. Values are written as
 * they are stored, not as displayed: numbers in full without grouping ({@code 170002}, not {@code
 * 170,002}), dates as ISO ({@code 2024-05-01}), formulas as their last computed value; a line break
 * inside a cell becomes a space. Every row has the width of the sheet's widest row.
 */
final class Spreadsheets {
  private static final Pattern NAME = Pattern.compile("(?i)(.+\\.(?:xlsx|ods))(?:#(.*))?");

  private Spreadsheets() {}

  /**
   * Whether the input names a spreadsheet: {@code book.xlsx}, {@code book.ods}, or {@code #sheet}.
   */
  static boolean is(String input) {
    return NAME.matcher(input).matches();
  }

  /**
   * The sheet named after {@code #} in {@code input} (or the only sheet) written as CSV under
   * {@code into}; {@code shown} maps the CSV to {@code book.xlsx#sheet} for messages.
   */
  static Path toCsv(String input, Path into, Map<Path, Path> shown) throws IOException {
    Matcher m = NAME.matcher(input);
    if (!m.matches()) {
      throw new IllegalArgumentException(input);
    }
    Path book = Path.of(m.group(1)).toAbsolutePath().normalize();
    Optional<String> wanted = Optional.ofNullable(m.group(2)).map(String::trim);
    if (!Files.isRegularFile(book)) {
      throw IngestRunner.notFound(book);
    }
    boolean ods = book.getFileName().toString().toLowerCase().endsWith(".ods");
    Table table;
    try {
      // each workbook is opened and parsed once, for its sheet names and the chosen sheet's rows
      table = ods ? odsTable(book, wanted) : xlsxTable(book, wanted);
    } catch (VruException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          book
              + ": not a readable "
              + (ods ? "ODS" : "XLSX")
              + " spreadsheet ("
              + e.getMessage()
              + "); open it and save it again, or export the sheet as CSV");
    }
    List<List<String>> rows = table.rows();
    String sheet = table.sheet();
    int width = rows.stream().mapToInt(List::size).max().orElse(0);
    Path dir = into.resolve("sheets").resolve(java.util.UUID.randomUUID().toString());
    Files.createDirectories(dir);
    Path csv = dir.resolve(book.getFileName() + "." + safe(sheet) + ".csv");
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      for (List<String> row : rows) {
        for (int i = 0; i < width; i++) {
          if (i > 0) {
            w.write(',');
          }
          w.write(i < row.size() ? quoted(row.get(i)) : "");
        }
        w.write('\n');
      }
    }
    shown.put(csv, Path.of(book + "#" + sheet));
    return csv;
  }

  private static String choose(Path book, List<String> names, Optional<String> wanted) {
    if (wanted.isPresent()) {
      return names.stream()
          .filter(n -> n.trim().equalsIgnoreCase(wanted.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new VruException(
                      ErrorCode.INPUT_INVALID,
                      book
                          + " has no sheet '"
                          + wanted.get()
                          + "'; its sheets are: "
                          + String.join(", ", names)));
    }
    if (names.size() != 1) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          book
              + " has "
              + names.size()
              + " sheets ("
              + String.join(", ", names)
              + "): name the one to read after '#', e.g. '"
              + book
              + "#"
              + (names.isEmpty() ? "Sheet1" : names.get(names.size() - 1))
              + "'");
    }
    return names.get(0);
  }

  /** A sheet's name and its rows of cell texts. */
  private record Table(String sheet, List<List<String>> rows) {}

  private static Table xlsxTable(Path book, Optional<String> wanted) throws IOException {
    try (Workbook wb = WorkbookFactory.create(book.toFile(), null, true)) {
      List<String> names = new ArrayList<>();
      for (Sheet s : wb) {
        names.add(s.getSheetName());
      }
      String name = choose(book, names, wanted);
      Sheet s = wb.getSheet(name);
      List<List<String>> rows = new ArrayList<>();
      for (int r = 0; r <= s.getLastRowNum(); r++) {
        List<String> cells = new ArrayList<>();
        org.apache.poi.ss.usermodel.Row row = s.getRow(r);
        if (row != null) {
          for (int c = 0; c < row.getLastCellNum(); c++) {
            cells.add(text(row.getCell(c)));
          }
        }
        rows.add(trimEnd(cells));
      }
      return new Table(name, rows);
    }
  }

  private static String text(Cell cell) {
    if (cell == null) {
      return "";
    }
    CellType type =
        cell.getCellType() == CellType.FORMULA
            ? cell.getCachedFormulaResultType()
            : cell.getCellType();
    return switch (type) {
      case STRING -> oneLine(cell.getStringCellValue());
      case NUMERIC ->
          DateUtil.isCellDateFormatted(cell)
              ? date(cell.getLocalDateTimeCellValue())
              : number(cell.getNumericCellValue());
      case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
      case ERROR -> FormulaError.forInt(cell.getErrorCellValue()).getString();
      default -> "";
    };
  }

  private static Table odsTable(Path book, Optional<String> wanted) throws IOException {
    com.github.miachm.sods.SpreadSheet ss = new com.github.miachm.sods.SpreadSheet(book.toFile());
    String name =
        choose(
            book,
            ss.getSheets().stream().map(com.github.miachm.sods.Sheet::getName).toList(),
            wanted);
    com.github.miachm.sods.Sheet s = ss.getSheet(name);
    List<List<String>> rows = new ArrayList<>();
    if (s.getMaxRows() > 0 && s.getMaxColumns() > 0) {
      for (Object[] row : s.getDataRange().getValues()) {
        List<String> cells = new ArrayList<>();
        for (Object v : row) {
          cells.add(text(v));
        }
        rows.add(trimEnd(cells));
      }
    }
    return new Table(name, rows);
  }

  private static String text(Object v) {
    if (v == null) {
      return "";
    } else if (v instanceof Number n) {
      return number(n.doubleValue());
    } else if (v instanceof LocalDateTime t) {
      return date(t);
    } else if (v instanceof LocalDate d) {
      return d.toString();
    } else if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    return oneLine(v.toString());
  }

  /** A number as stored: whole numbers without a decimal point, others in full, never 1E+20. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String date(LocalDateTime t) {
    return t.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? t.toLocalDate().toString()
        : t.toString().replace('T', ' ');
  }

  private static String oneLine(String s) {
    return s.replaceAll("\r\n|\r|\n", " ");
  }

  private static List<String> trimEnd(List<String> cells) {
    int n = cells.size();
    while (n > 0 && cells.get(n - 1).isEmpty()) {
      n--;
    }
    return cells.subList(0, n);
  }

  private static String quoted(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String safe(String sheet) {
    return sheet.replaceAll("[^A-Za-z0-9._-]+", "_");
  }
}
