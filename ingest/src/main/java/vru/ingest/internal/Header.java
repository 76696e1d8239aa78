package vru.ingest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.geo.CsvLine;

/** Reads a file's header and checks it against a source's columns. */
final class Header {
  private Header() {}

  /**
   * The file's first line as it is written, a byte-order mark included (Spark's text reader, via
   * Hadoop's line reader, drops one, so a header is matched with and without it).
   */
  static String firstLine(Path file) throws IOException {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(vru.core.csv.TextEncoding.open(file), StandardCharsets.UTF_8))) {
      return r.readLine();
    }
  }

  /** How far below the first line a record file's header is looked for, under a title and notes. */
  static final int SEARCH_LINES = 50;

  /**
   * How many lines stand above a record file's header: a title, notes or blank lines, as a force's
   * report export or a sheet of a workbook often has. Zero when the first line is the header, and
   * also when no line of the next {@value #SEARCH_LINES} is, or when a line above the one that is
   * has more than two cells filled (data, or a header that is wrong, not a title): the first line's
   * header error then names what is wrong.
   */
  static int linesAbove(Path file, SourceSpec spec, ColumnMapping mapping) throws IOException {
    try (BufferedReader r = vru.core.csv.TextEncoding.utf8Reader(file)) {
      int i = 0;
      for (String line = r.readLine(); line != null && i <= SEARCH_LINES; line = r.readLine()) {
        List<String> cells = CsvLine.split(i == 0 ? line.replaceFirst("^\uFEFF", "") : line);
        try {
          check("", "header", cells, spec, mapping);
          return i;
        } catch (VruException notTheHeader) {
          if (cells.stream().filter(c -> !c.isBlank()).count() > 2) {
            return 0;
          }
        }
        i++;
      }
      return 0;
    }
  }

  /**
   * Writes {@code file} to {@code to} with its header (found {@code above} lines down) first and
   * the lines above it blank: blank lines are not rows, so every row keeps its line number.
   */
  static void moveUp(Path file, int above, Path to) throws IOException {
    Path written = to.resolveSibling(to.getFileName() + ".header-first");
    try (BufferedReader r = vru.core.csv.TextEncoding.utf8Reader(file);
        java.io.Writer w = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
      String header = null;
      for (int i = 0; i <= above; i++) {
        header = r.readLine();
      }
      w.write(header);
      w.write("\n".repeat(above + 1));
      r.transferTo(w);
    }
    Files.move(written, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The spec's field names in the file's column order, after the mapping's renames; ignored columns
   * are named {@code _ignored_N}.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} naming every missing column (with the
   *     closest name in the file) and every unexpected one
   */
  static List<String> check(Path file, SourceSpec spec, ColumnMapping mapping) throws IOException {
    String line = firstLine(file);
    if (line == null) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, file + ": the file is empty; expected a header line");
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    return check(file + " line 1", "header", CsvLine.split(line), spec, mapping);
  }

  /**
   * As {@link #check(Path, SourceSpec, ColumnMapping)}, for column names already read.
   *
   * @param where where the names are, for messages ({@code crimes.csv line 1})
   * @param what what they are called there ({@code header}, {@code column list})
   */
  static List<String> check(
      String where, String what, List<String> names, SourceSpec spec, ColumnMapping mapping) {
    List<String> given = new ArrayList<>();
    for (String cell : names) {
      given.add(cell.trim().toLowerCase(Locale.ROOT));
    }
    if (mapping.file() != null) {
      given = mapping.apply(where, given);
    }
    List<String> expected = spec.fields().stream().map(Field::name).toList();
    List<String> problems = problems(given, expected);
    if (!problems.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          where
              + ": the "
              + what
              + " does not match the "
              + spec.source()
              + " layout: "
              + String.join("; ", problems)
              + ". Expected columns: "
              + String.join(", ", expected)
              + (mapping.file() == null
                  ? ". A force's own names can be mapped with --columns FILE (docs/ingest.md)"
                  : " (after the column mapping " + mapping.file() + ")"));
    }
    return given;
  }

  /**
   * What is wrong with a header: every expected column it lacks (with the closest name it has),
   * every column it has that is not expected (with the closest expected name), and the positions of
   * columns with no name (a trailing comma, a sheet's empty header cell). Columns a mapping ignores
   * ({@code _ignored_N}) are expected.
   */
  static List<String> problems(List<String> given, List<String> expected) {
    List<String> problems = new ArrayList<>();
    List<String> named =
        given.stream().filter(g -> !g.isBlank() && !g.startsWith("_ignored_")).toList();
    for (String e : expected) {
      if (!given.contains(e)) {
        problems.add(
            "missing column '"
                + e
                + "'"
                + Suggest.closest(e, named).map(s -> " (the file has '" + s + "')").orElse(""));
      }
    }
    List<String> unnamed = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String g = given.get(i);
      if (g.isBlank()) {
        unnamed.add(Integer.toString(i + 1));
      } else if (!expected.contains(g) && !g.startsWith("_ignored_")) {
        problems.add(
            "unexpected column '"
                + g
                + "'"
                + Suggest.closest(g, expected).map(s -> " (did you mean '" + s + "'?)").orElse(""));
      }
    }
    if (!unnamed.isEmpty()) {
      problems.add(
          (unnamed.size() == 1 ? "column " : "columns ")
              + String.join(", ", unnamed)
              + " of "
              + given.size()
              + (unnamed.size() == 1 ? " has no name" : " have no name"));
    }
    return problems;
  }
}
