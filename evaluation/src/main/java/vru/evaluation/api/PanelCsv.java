package vru.evaluation.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.csv.TextEncoding;
import vru.evaluation.api.did.DidPanel;
import vru.evaluation.api.did.TimeAxis;

/**
 * Reads an analyst's panel CSV for {@code vru did}: one row per unit and period, the columns named
 * by options. Periods may be years, financial years or months ({@link TimeAxis}); the cohort column
 * holds the first treated period on the same axis, or 0, empty, {@code NA} or {@code never} for
 * never-treated units. Rows with no outcome are left out and listed; any other bad value is an
 * error naming the file, line, column and value.
 */
public final class PanelCsv {
  private static final Set<String> NEVER = Set.of("", "0", "na", "never", "inf", "none");
  private static final Set<String> MISSING = Set.of("", "na", "nan", ".", "null");

  /**
   * The columns to read; {@code cluster}, {@code weight} and {@code population} may be null.
   *
   * @param outcomeIsCount the outcome is a count, to be turned into a rate per {@code per} of
   *     {@code population}
   */
  public record Columns(
      String unit,
      String time,
      String outcome,
      String cohort,
      String cluster,
      String weight,
      String population,
      boolean outcomeIsCount,
      double per) {}

  /**
   * The panel read.
   *
   * @param panel the panel
   * @param sha256 the file's checksum
   * @param rows data rows in the file
   * @param excluded rows left out, and why
   * @param exposure per unit and period, the population (or null when none was given)
   */
  public record Read(
      DidPanel panel,
      String sha256,
      int rows,
      List<String> excluded,
      java.util.Map<String, java.util.Map<Integer, Double>> exposure) {}

  private PanelCsv() {}

  public static Read read(Path file, Columns columns) {
    if (!Files.isRegularFile(file)) {
      throw new VruException(
          ErrorCode.CONFIG_INVALID, file + ": no such file; give the panel CSV with --panel");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VruException(ErrorCode.CONFIG_INVALID, file + ": cannot read: " + e.getMessage());
    }
    String sha = sha256(bytes);
    // UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel writes it
    CsvReader reader = new CsvReader(new java.io.StringReader(TextEncoding.decode(bytes)));
    List<CsvReader.Record> rows = new ArrayList<>();
    CsvReader.Record head;
    try {
      head = reader.next();
      if (head == null) {
        throw new VruException(ErrorCode.INPUT_INVALID, file + ": the file is empty");
      }
      for (CsvReader.Record r = reader.next(); r != null; r = reader.next()) {
        if (r.fields().size() > 1 || !r.fields().get(0).isBlank()) {
          rows.add(r);
        }
      }
    } catch (IllegalStateException e) {
      throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
    }
    List<String> header = head.fields().stream().map(String::trim).toList();
    return parse(file.toString(), "line", header, rows, columns, sha);
  }

  /**
   * Reads a Tablesaw table with the same columns and rules as a CSV file (numbers in messages are
   * row numbers, from 1).
   */
  public static Read read(tech.tablesaw.api.Table table, Columns columns) {
    List<String> header = table.columnNames();
    List<CsvReader.Record> rows = new ArrayList<>();
    for (int r = 0; r < table.rowCount(); r++) {
      List<String> f = new ArrayList<>(header.size());
      for (int c = 0; c < header.size(); c++) {
        f.add(table.column(c).isMissing(r) ? "" : table.column(c).getString(r));
      }
      rows.add(new CsvReader.Record(r + 1, f));
    }
    return parse("table " + table.name(), "row", header, rows, columns, "");
  }

  private static Read parse(
      String file,
      String lineWord,
      List<String> header,
      List<CsvReader.Record> input,
      Columns columns,
      String sha) {
    int iUnit = column(file, header, columns.unit(), "--unit");
    int iTime = column(file, header, columns.time(), "--time");
    int iOutcome = column(file, header, columns.outcome(), "--outcome");
    int iCohort = column(file, header, columns.cohort(), "--cohort");
    int iCluster =
        columns.cluster() == null ? -1 : column(file, header, columns.cluster(), "--cluster");
    int iWeight =
        columns.weight() == null ? -1 : column(file, header, columns.weight(), "--weight");
    int iPop =
        columns.population() == null
            ? -1
            : column(file, header, columns.population(), "--population");
    if (columns.outcomeIsCount() && iPop < 0) {
      throw new VruException(
          ErrorCode.USAGE,
          "a count outcome needs --population COL to turn counts into rates per "
              + (long) columns.per());
    }
    TimeAxis axis = null;
    List<DidPanel.Observation> rows = new ArrayList<>();
    List<Integer> noOutcome = new ArrayList<>();
    java.util.Map<String, java.util.Map<Integer, Double>> exposure =
        iPop < 0 ? null : new java.util.HashMap<>();
    int data = 0;
    for (CsvReader.Record row : input) {
      data++;
      int lineNo = row.line();
      List<String> f = row.fields();
      if (f.size() != header.size()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " "
                + lineWord
                + " "
                + lineNo
                + ": "
                + f.size()
                + " fields where the header has "
                + header.size()
                + "; check for an unquoted comma");
      }
      String unit = f.get(iUnit).trim();
      if (unit.isEmpty()) {
        throw bad(file, lineWord, lineNo, columns.unit(), "", "empty; every row needs a unit");
      }
      String timeText = f.get(iTime).trim();
      TimeAxis a = TimeAxis.of(timeText);
      if (a == null) {
        throw bad(
            file,
            lineWord,
            lineNo,
            columns.time(),
            timeText,
            "not a period: write years (2019), financial years (2019/20) or months (2019-04)");
      }
      if (axis == null) {
        axis = a;
      } else if (a != axis) {
        throw bad(
            file,
            lineWord,
            lineNo,
            columns.time(),
            timeText,
            "written as " + a.describe() + " where earlier rows use " + axis.describe());
      }
      int time = axis.position(timeText);
      String cohortText = f.get(iCohort).trim();
      int cohort;
      if (NEVER.contains(cohortText.toLowerCase(Locale.ROOT))) {
        cohort = 0;
      } else if (axis.equals(TimeAxis.of(cohortText))) {
        cohort = axis.position(cohortText);
      } else {
        throw bad(
            file,
            lineWord,
            lineNo,
            columns.cohort(),
            cohortText,
            "not a first treated period in "
                + axis.describe()
                + " like the time column, nor 0/empty/never for never treated");
      }
      double weight = 1;
      if (iWeight >= 0) {
        weight = positive(file, lineWord, lineNo, columns.weight(), f.get(iWeight));
      }
      String cluster = iCluster < 0 ? null : f.get(iCluster).trim();
      if (cluster != null && cluster.isEmpty()) {
        throw bad(
            file,
            lineWord,
            lineNo,
            columns.cluster(),
            "",
            "empty; every row needs a cluster when --cluster is given");
      }
      double population = Double.NaN;
      if (iPop >= 0) {
        population = positive(file, lineWord, lineNo, columns.population(), f.get(iPop));
        exposure.computeIfAbsent(unit, k -> new java.util.HashMap<>()).put(time, population);
      }
      String outcomeText = f.get(iOutcome).trim();
      if (MISSING.contains(outcomeText.toLowerCase(Locale.ROOT))) {
        noOutcome.add(lineNo);
        continue;
      }
      double outcome;
      try {
        outcome = Double.parseDouble(outcomeText.replace(",", ""));
      } catch (NumberFormatException e) {
        throw bad(file, lineWord, lineNo, columns.outcome(), outcomeText, "not a number");
      }
      if (!Double.isFinite(outcome)) {
        throw bad(file, lineWord, lineNo, columns.outcome(), outcomeText, "not a finite number");
      }
      if (columns.outcomeIsCount()) {
        if (outcome < 0) {
          throw bad(
              file, lineWord, lineNo, columns.outcome(), outcomeText, "a count cannot be negative");
        }
        outcome = outcome / population * columns.per();
      }
      rows.add(new DidPanel.Observation(unit, time, outcome, cohort, weight, cluster));
    }
    if (rows.isEmpty()) {
      throw new VruException(ErrorCode.INPUT_INVALID, file + ": no rows with an outcome");
    }
    List<String> excluded = new ArrayList<>();
    if (!noOutcome.isEmpty()) {
      excluded.add(
          noOutcome.size()
              + " row(s) with no outcome left out (line "
              + String.join(
                  ", ",
                  noOutcome.subList(0, Math.min(10, noOutcome.size())).stream()
                      .map(String::valueOf)
                      .toList())
              + (noOutcome.size() > 10 ? ", …" : "")
              + ")");
    }
    DidPanel panel;
    try {
      panel = DidPanel.of(rows, axis);
    } catch (VruException e) {
      throw new VruException(e.code(), file + ": " + e.getMessage());
    }
    return new Read(panel, sha, data, excluded, exposure);
  }

  private static double positive(
      String file, String lineWord, int line, String column, String text) {
    String t = text.trim();
    try {
      double v = Double.parseDouble(t.replace(",", ""));
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(file, lineWord, line, column, t, "not a positive number");
  }

  private static int column(String file, List<String> header, String name, String option) {
    return vru.core.csv.CsvReader.columnIndex(file, header, name, option);
  }

  private static VruException bad(
      String file, String lineWord, int line, String column, String value, String why) {
    return new VruException(
        ErrorCode.INPUT_INVALID,
        file
            + " "
            + lineWord
            + " "
            + line
            + ", column '"
            + column
            + "': '"
            + value
            + "' is "
            + why);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
