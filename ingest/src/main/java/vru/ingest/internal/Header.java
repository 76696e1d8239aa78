package vru.ingest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.geo.CsvLine;

/** Reads a file's header and checks it against a source's columns. */
final class Header {
  private Header() {}

  /** The file's first line as Spark's text reader will see it (a byte-order mark included). */
  static String firstLine(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.readLine();
    }
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
