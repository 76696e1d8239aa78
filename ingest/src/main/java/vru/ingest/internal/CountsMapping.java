package vru.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * A counts file's mapping ({@code --columns}): {@code columns:} (the file's column: ours), {@code
 * ignore:}, {@code suppressed:} (the provider's own markers) and {@code indicator:} (the indicator
 * of every row, for a file of one indicator with no column of it, such as an ICB's admissions by
 * local authority and financial year).
 *
 * @param columns the column mapping
 * @param suppressed the provider's own suppression markers
 * @param indicator the indicator of every row, if the mapping gives one
 */
record CountsMapping(ColumnMapping columns, Set<String> suppressed, Optional<String> indicator) {
  private static final List<String> KEYS = List.of("columns", "ignore", "suppressed", "indicator");

  /** Reads {@code file}, its columns checked against {@code ours}. */
  static CountsMapping read(Path file, List<String> ours) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file + ": not a readable column mapping (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + ": expected columns:, and optionally ignore:, suppressed: and indicator:"
              + " (docs/ingest.md)");
    }
    for (Iterator<String> k = root.fieldNames(); k.hasNext(); ) {
      String key = k.next();
      if (!KEYS.contains(key)) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file + ": unknown key '" + key + "'; a counts mapping has " + String.join(", ", KEYS));
      }
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("columns").properties()) {
      String to = e.getValue().asText().trim().toLowerCase(Locale.ROOT);
      if (!ours.contains(to)) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + ": '"
                + e.getKey()
                + "' is mapped to '"
                + to
                + "', which is not a counts column"
                + vru.core.api.Suggest.closest(to, ours)
                    .map(x -> " (did you mean '" + x + "'?)")
                    .orElse("")
                + ". Its columns: "
                + String.join(", ", ours));
      }
      columns.put(e.getKey().trim().toLowerCase(Locale.ROOT), to);
    }
    Set<String> ignore = new LinkedHashSet<>();
    Set<String> suppressed = new LinkedHashSet<>();
    root.path("ignore").forEach(n -> ignore.add(n.asText().trim().toLowerCase(Locale.ROOT)));
    root.path("suppressed").forEach(n -> suppressed.add(n.asText()));
    Optional<String> indicator = Optional.empty();
    if (root.has("indicator")) {
      String i = root.path("indicator").asText().trim();
      if (i.isEmpty() || !root.path("indicator").isValueNode()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file + ": indicator: must be one name, e.g. indicator: knife_admissions");
      }
      indicator = Optional.of(i);
    }
    return new CountsMapping(
        new ColumnMapping(file, columns, ignore, Optional.empty()), suppressed, indicator);
  }
}
