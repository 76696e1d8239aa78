package vru.reports.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import vru.metrics.api.disclosure.Disclosure;

/**
 * A table of a report, as shown (every value already formatted and disclosure-controlled), with its
 * CSV and XLSX downloads. Count cells remember the disclosure rule they were published under, so
 * the whole report can be checked before it is written.
 *
 * @param id the table's id in the page (also the download file name)
 * @param caption its caption
 * @param headers column headers
 * @param numeric which columns hold numbers (right-aligned)
 * @param rowHeader whether the first column names the row ({@code th scope=row})
 * @param rows the rows, as shown
 * @param counts every count cell shown, as published
 */
public record DataTable(
    String id,
    String caption,
    List<String> headers,
    List<Boolean> numeric,
    boolean rowHeader,
    List<List<String>> rows,
    List<Disclosure.Published> counts) {

  /** A table being built. */
  public static final class Builder {
    private final String id;
    private final String caption;
    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> numeric = new ArrayList<>();
    private boolean rowHeader;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<Disclosure.Published> counts = new ArrayList<>();

    public Builder(String id, String caption) {
      this.id = id;
      this.caption = caption;
    }

    public Builder column(String header, boolean isNumeric) {
      headers.add(header);
      numeric.add(isNumeric);
      return this;
    }

    public Builder rowHeader() {
      rowHeader = true;
      return this;
    }

    public Builder row(List<String> cells) {
      if (cells.size() != headers.size()) {
        throw new IllegalArgumentException(
            "table " + id + ": " + cells.size() + " cells for " + headers.size() + " columns");
      }
      rows.add(List.copyOf(cells));
      return this;
    }

    /** Records a count cell shown in this table, to be checked for disclosure. */
    public Builder count(Disclosure.Published p) {
      counts.add(p);
      return this;
    }

    public DataTable build() {
      return new DataTable(
          id,
          caption,
          List.copyOf(headers),
          List.copyOf(numeric),
          rowHeader,
          List.copyOf(rows),
          List.copyOf(counts));
    }
  }

  /** The table as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read ŵ). */
  public byte[] csv() {
    StringBuilder b = new StringBuilder("\uFEFF");
    line(b, headers);
    rows.forEach(r -> line(b, r));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append(vru.core.geo.CsvLine.cell(c));
    }
    b.append("\r\n");
  }

  /** The table as an XLSX workbook: numbers as numbers where they parse, the caption as title. */
  public byte[] xlsx() {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("data");
      wb.getProperties().getCoreProperties().setTitle(caption);
      Row h = sheet.createRow(0);
      for (int i = 0; i < headers.size(); i++) {
        h.createCell(i).setCellValue(headers.get(i));
      }
      for (int r = 0; r < rows.size(); r++) {
        Row row = sheet.createRow(r + 1);
        List<String> cells = rows.get(r);
        for (int i = 0; i < cells.size(); i++) {
          String v = cells.get(i);
          Double d = numeric.get(i) ? number(v) : null;
          if (d != null) {
            row.createCell(i).setCellValue(d);
          } else {
            row.createCell(i).setCellValue(v);
          }
        }
      }
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Double number(String v) {
    String s = v.replace(",", "").replace("−", "-").trim();
    try {
      return s.isEmpty() ? null : Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public String csvDataUri() {
    return "data:text/csv;charset=utf-8;base64," + Base64.getEncoder().encodeToString(csv());
  }

  public String xlsxDataUri() {
    return "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
        + Base64.getEncoder().encodeToString(xlsx());
  }
}
