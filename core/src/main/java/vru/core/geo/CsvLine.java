package vru.core.geo;

import java.util.ArrayList;
import java.util.List;

/** Splits one RFC 4180 CSV line (quoted fields, doubled quotes) into fields. */
public final class CsvLine {
  private CsvLine() {}

  /** The fields of {@code line}; a quoted field may contain commas and doubled quotes. */
  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  /**
   * A text cell made safe to open in a spreadsheet (OWASP's rule against CSV injection): text
   * beginning with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return, which
   * Excel and LibreOffice would run as a formula, gets a leading {@code '}. Numbers ({@code -1.5},
   * {@code 2e-3}) are left as they are.
   */
  public static String neutralise(String value) {
    if (value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0) {
      return value;
    }
    return NUMBER.matcher(value).matches() ? value : "'" + value;
  }

  /**
   * One cell of a CSV file people open: {@link #neutralise neutralised}, then {@link #quote
   * quoted}.
   */
  public static String cell(String value) {
    return quote(neutralise(value));
  }

  /** Quotes {@code value} for CSV output when it holds a comma, quote or line break. */
  public static String quote(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
