package vru.ingest.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;

/**
 * ONS / Home Office police recorded crime tables by police force area and community safety
 * partnership (e.g. Table C2, "year ending June 2025"), as published: title and note lines before
 * the header, header cells with line breaks inside quotes, counts as text with thousands separators
 * and trailing spaces, {@code [x]} for unavailable, a force-total row (no CSP code) and an
 * "Unassigned" row per force, CSPs whose local authority is "Combined Local Authorities".
 *
 * <p>Each data row becomes one row per offence column in {@code recorded_crime} (long format):
 * {@code period} ({@code YE2025-06}, from the title), {@code period_end}, {@code pfa_code}, {@code
 * csp_code}, {@code la_code}, {@code area_code} and {@code area_level} ({@code pfa} for the force
 * total, {@code csp}, {@code unassigned}, or {@code no_csp} for another named part of a force with
 * no CSP code, like "Manchester Airport": both counted in the force but in no CSP), {@code
 * offence_group} (a key made from the column title), {@code offence_label} and {@code count} (null
 * when unavailable).
 */
final class PrcTables implements TableIngest.Adapter {
  static final List<String> IDENTITY =
      List.of(
          "police force area code",
          "police force area name",
          "community safety partnership code",
          "community safety partnership name",
          "local authority code",
          "local authority name");
  private static final Pattern PERIOD =
      Pattern.compile(
          "(?i)year ending (january|february|march|april|may|june|july|august"
              + "|september|october|november|december) ([0-9]{4})");
  private static final Pattern COUNT = Pattern.compile("^[0-9]{1,3}(,[0-9]{3})*$|^[0-9]+$");

  @Override
  public String source() {
    return "prc-tables";
  }

  @Override
  public String table() {
    return Warehouse.RECORDED_CRIME;
  }

  @Override
  public List<String> coverage() {
    return List.of("period");
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add("period", DataTypes.StringType, false)
        .add("period_end", DataTypes.DateType, false)
        .add("pfa_code", DataTypes.StringType, false)
        .add("csp_code", DataTypes.StringType, true)
        .add("la_code", DataTypes.StringType, true)
        .add("area_code", DataTypes.StringType, false)
        .add("area_level", DataTypes.StringType, false)
        .add("offence_group", DataTypes.StringType, false)
        .add("offence_label", DataTypes.StringType, false)
        .add("count", DataTypes.LongType, true);
  }

  @Override
  public TableIngest.Parsed read(Path file) throws IOException {
    Geography g = Geography.reference();
    List<TableIngest.Bad> bad = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    long read = 0;
    long accepted = 0;
    // UTF-8: IngestRunner has already re-encoded any Windows-1252 file
    try (CsvReader r = new CsvReader(vru.core.csv.TextEncoding.utf8Reader(file))) {
      Optional<YearMonth> period = Optional.empty();
      List<String> header = null;
      CsvReader.Record rec;
      while ((rec = r.next()) != null) {
        String first = norm(rec.fields().get(0));
        if (period.isEmpty()) {
          Matcher m = PERIOD.matcher(String.join(" ", rec.fields()));
          if (m.find()) {
            Month month = Month.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            period = Optional.of(YearMonth.of(Integer.parseInt(m.group(2)), month));
          }
        }
        if (first.equals(IDENTITY.get(0))) {
          header = rec.fields().stream().map(PrcTables::norm).toList();
          checkHeader(file, rec.line(), header);
          break;
        }
      }
      if (header == null) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + ": no header row starting 'Police Force Area code' was found. Is this an ONS"
                + " police recorded crime table by community safety partnership (like Table C2)?");
      }
      if (period.isEmpty()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + ": the title lines do not say which 12 months the table covers (e.g. 'year"
                + " ending June 2025'); keep the title lines as published");
      }
      YearMonth end = period.get();
      String label = String.format(Locale.ROOT, "YE%d-%02d", end.getYear(), end.getMonthValue());
      LocalDate endDay = end.atEndOfMonth();
      List<String> labels = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int i = IDENTITY.size(); i < header.size(); i++) {
        labels.add(header.get(i));
        keys.add(header.get(i).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", ""));
      }
      while ((rec = r.next()) != null) {
        List<String> f = rec.fields();
        if (f.stream().allMatch(c -> c.isBlank())) {
          continue; // a blank line is not a row
        }
        read++;
        Optional<TableIngest.Bad> problem = check(rec, header.size(), g);
        if (problem.isPresent()) {
          bad.add(problem.get());
          continue;
        }
        String pfa = f.get(0).trim();
        String csp = f.get(2).trim();
        String cspName = f.get(3).trim();
        String la = f.get(4).trim();
        String level =
            !csp.isEmpty()
                ? "csp"
                : cspName.isEmpty()
                    ? "pfa"
                    : cspName.toLowerCase(Locale.ROOT).startsWith("unassigned")
                        ? "unassigned"
                        : "no_csp";
        boolean allEmpty = f.subList(IDENTITY.size(), f.size()).stream().allMatch(String::isBlank);
        Optional<TableIngest.Bad> count = Optional.empty();
        List<Long> counts = new ArrayList<>();
        for (int i = IDENTITY.size(); i < f.size(); i++) {
          String c = f.get(i).trim();
          if (c.equals("[x]") || (c.isEmpty() && allEmpty)) {
            counts.add(null);
          } else if (c.isEmpty()) {
            count =
                Optional.of(
                    bad(
                        rec,
                        labels.get(i - IDENTITY.size()),
                        c,
                        "missing_value",
                        "is empty; a count, or [x] when unavailable, is required"));
            break;
          } else if (COUNT.matcher(c).matches()) {
            counts.add(Long.parseLong(c.replace(",", "")));
          } else {
            count =
                Optional.of(
                    bad(
                        rec,
                        labels.get(i - IDENTITY.size()),
                        c,
                        "bad_number",
                        "is '" + c + "'; expected a count like 1,234 or [x]"));
            break;
          }
        }
        if (count.isPresent()) {
          bad.add(count.get());
          continue;
        }
        accepted++;
        for (int i = 0; i < counts.size(); i++) {
          rows.add(
              RowFactory.create(
                  label,
                  java.sql.Date.valueOf(endDay),
                  pfa,
                  csp.isEmpty() ? null : csp,
                  la.startsWith("E0") || la.startsWith("W0") ? la : null,
                  level.equals("csp") ? csp : pfa,
                  level,
                  keys.get(i),
                  labels.get(i),
                  counts.get(i)));
        }
      }
    } catch (IllegalStateException e) {
      throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
    }
    return new TableIngest.Parsed(read, accepted, rows, bad);
  }

  private static Optional<TableIngest.Bad> check(CsvReader.Record rec, int columns, Geography g) {
    List<String> f = rec.fields();
    if (f.size() != columns) {
      return Optional.of(TableIngest.wrongFieldCount(rec, columns));
    }
    String pfa = f.get(0).trim();
    if (!pfa.matches("^(E23|W15)[0-9]{6}$")) {
      return Optional.of(
          bad(
              rec,
              IDENTITY.get(0),
              pfa,
              pfa.isEmpty() ? "missing_value" : "bad_area_code",
              "is '" + pfa + "'; expected a police force area code like E23000014"));
    }
    if (!g.pfas().containsKey(pfa)) {
      return Optional.of(
          bad(
              rec,
              IDENTITY.get(0),
              pfa,
              "unknown_area",
              "is '" + pfa + "', which is not a police force area of the reference geography"));
    }
    // the code and the name must agree: published tables have put a row under the wrong code
    String name = f.get(1).replaceAll("\\s*\\[note [0-9]+\\]", "").trim();
    String expected = g.pfas().get(pfa).name();
    if (!name.isEmpty() && !name.equalsIgnoreCase(expected)) {
      return Optional.of(
          bad(
              rec,
              IDENTITY.get(1),
              f.get(1).trim(),
              "inconsistent_area",
              "is '"
                  + f.get(1).trim()
                  + "' but the code "
                  + pfa
                  + " is "
                  + expected
                  + "; the row is held back rather than counted in the wrong force"));
    }
    String csp = f.get(2).trim();
    if (!csp.isEmpty() && !csp.matches("^(E22|W14)[0-9]{6}$")) {
      return Optional.of(
          bad(
              rec,
              IDENTITY.get(2),
              csp,
              "bad_area_code",
              "is '" + csp + "'; expected a community safety partnership code like E22000001"));
    }
    if (!csp.isEmpty() && !g.csps().containsKey(csp)) {
      return Optional.of(
          bad(
              rec,
              IDENTITY.get(2),
              csp,
              "unknown_area",
              "is '" + csp + "', which is not a CSP of the reference geography (2025 boundaries)"));
    }
    return Optional.empty();
  }

  private static TableIngest.Bad bad(
      CsvReader.Record rec, String field, String value, String reason, String message) {
    return TableIngest.bad(rec, field, value, reason, message);
  }

  private static void checkHeader(Path file, int line, List<String> header) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < IDENTITY.size(); i++) {
      String want = IDENTITY.get(i);
      String got = i < header.size() ? header.get(i) : "";
      if (!got.equals(want)) {
        problems.add(
            "column "
                + (i + 1)
                + " is '"
                + got
                + "', expected '"
                + want
                + "'"
                + Suggest.closest(want, header)
                    .filter(s -> !s.equals(got))
                    .map(s -> " (the file has '" + s + "')")
                    .orElse(""));
      }
    }
    if (header.size() <= IDENTITY.size()) {
      problems.add("no offence columns after the area columns");
    }
    if (!problems.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + " line "
              + line
              + ": the header is not a recorded-crime table by CSP: "
              + String.join("; ", problems));
    }
  }

  /** A header or label cell with line breaks and runs of spaces made single spaces, lower case. */
  static String norm(String cell) {
    return cell.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
  }
}
