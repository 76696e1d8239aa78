package vru.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;

/**
 * A small YAML file that lets a force's own export be read without editing it: which of its columns
 * is which of ours, which of its columns to leave out (never read into the warehouse), and how it
 * writes dates when not as ISO {@code yyyy-MM-dd}.
 *
 * <pre>
 * columns:            # the file's column: vru's column
 *   URN: crime_reference
 *   Date Recorded: recorded_date
 * ignore: [Officer, Notes]
 * dates: dd/MM/yyyy   # a Java/Spark date pattern; d/M/yyyy also takes 1/5/2024
 * </pre>
 *
 * Names are matched ignoring case and surrounding spaces, as headers are.
 *
 * @param dates the pattern the file's full dates are written in, when not {@code yyyy-MM-dd}
 */
record ColumnMapping(
    Path file, Map<String, String> columns, Set<String> ignore, Optional<String> dates) {
  static final ColumnMapping NONE = new ColumnMapping(null, Map.of(), Set.of(), Optional.empty());

  /**
   * Reads and checks a mapping for a source.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} naming the line and the closest name when
   *     it maps to a column the source does not have, or is not such a file at all
   */
  static ColumnMapping read(Path file, SourceSpec spec) {
    List<String> lines;
    JsonNode root;
    try {
      lines = Files.readAllLines(file);
      root = new ObjectMapper(new YAMLFactory()).readTree(String.join("\n", lines));
    } catch (JsonProcessingException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + " line "
              + e.getLocation().getLineNr()
              + ": not a readable column mapping ("
              + e.getOriginalMessage()
              + ")");
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.INPUT_NOT_FOUND, "column mapping not found or unreadable: " + file);
    }
    List<String> expected = spec.fields().stream().map(Field::name).toList();
    Map<String, String> columns = new LinkedHashMap<>();
    Set<String> ignore = new LinkedHashSet<>();
    if (root == null
        || !root.isObject()
        || !root.has("columns") && !root.has("ignore") && !root.has("dates")) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + ": expected a column mapping with 'columns:' (the file's column: vru's column)"
              + " and optionally 'ignore:' (columns to leave out) and 'dates:' (how dates are"
              + " written, e.g. dd/MM/yyyy)");
    }
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("columns") && !key.equals("ignore") && !key.equals("dates")) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " line "
                + lineOf(lines, key)
                + ": unknown key '"
                + key
                + "'; expected"
                + " 'columns', 'ignore' or 'dates'");
      }
    }
    JsonNode c = root.path("columns");
    for (Map.Entry<String, JsonNode> e : c.properties()) {
      String ours = e.getValue().asText().trim().toLowerCase(Locale.ROOT);
      if (!expected.contains(ours)) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " line "
                + lineOf(lines, e.getKey())
                + ": '"
                + e.getKey()
                + "' is mapped to '"
                + e.getValue().asText()
                + "', which is not a "
                + spec.source()
                + " column"
                + Suggest.closest(ours, expected)
                    .map(s -> " (did you mean '" + s + "'?)")
                    .orElse("")
                + ". Its columns: "
                + String.join(", ", expected));
      }
      if (columns.containsValue(ours)) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " line "
                + lineOf(lines, e.getKey())
                + ": two columns are mapped to '"
                + ours
                + "'");
      }
      columns.put(norm(e.getKey()), ours);
    }
    for (JsonNode n : root.path("ignore")) {
      ignore.add(norm(n.asText()));
    }
    Optional<String> dates = Optional.empty();
    if (root.has("dates")) {
      String pattern = root.get("dates").asText().trim();
      if (!datePattern(pattern)) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " line "
                + lineOf(lines, "dates")
                + ": 'dates: "
                + pattern
                + "' is not a date pattern with a day, a month and a year; write it with d (day),"
                + " M (month) and yyyy (year), e.g. dd/MM/yyyy, or d/M/yyyy for 1/5/2024 too");
      }
      dates = Optional.of(pattern);
    }
    return new ColumnMapping(file, columns, ignore, dates);
  }

  /**
   * Whether Spark can read dates with the pattern and it names the day, month and year: a date
   * written with it reads back as itself. Week-based fields, which Spark refuses, are not taken.
   */
  static boolean datePattern(String pattern) {
    if (pattern.isEmpty() || pattern.replaceAll("'[^']*'", "").matches(".*[YwWuecFQq].*")) {
      return false;
    }
    try {
      java.time.format.DateTimeFormatter f =
          java.time.format.DateTimeFormatter.ofPattern(pattern, Locale.UK);
      java.time.LocalDate d = java.time.LocalDate.of(2024, 11, 23);
      return java.time.LocalDate.parse(d.atStartOfDay().format(f), f).equals(d);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String norm(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private static int lineOf(List<String> lines, String key) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(key)) {
        return i + 1;
      }
    }
    return 1;
  }

  /**
   * A file's header (trimmed, lower case) with mapped columns renamed to ours and ignored columns
   * renamed {@code _ignored_N}, so they are parsed but never checked or kept.
   *
   * @throws VruException when a mapped or ignored column is not in the header
   */
  List<String> apply(String where, List<String> header) {
    List<String> missing = new ArrayList<>();
    for (String k : columns.keySet()) {
      if (!header.contains(k)) {
        missing.add(k);
      }
    }
    for (String k : ignore) {
      if (!header.contains(k)) {
        missing.add(k);
      }
    }
    if (!missing.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          where
              + ": the column mapping "
              + file
              + " names "
              + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList())
              + ", not in the file's header ("
              + String.join(", ", header)
              + ")");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      out.add(ignore.contains(h) ? "_ignored_" + i : columns.getOrDefault(h, h));
    }
    return out;
  }
}
