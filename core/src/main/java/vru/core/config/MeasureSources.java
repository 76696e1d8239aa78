package vru.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vru.core.api.Measures;

/**
 * Where the partnership states a national measure is counted from ({@code measure-sources:}):
 * {@code records} (its record-level table: admissions, police incidents, homicides) or {@code
 * counts} (the aggregated counts whose indicator is its id, docs/measures.md). A measure not named
 * is chosen by what was ingested: its records when there are some, else such counts.
 */
final class MeasureSources {
  static final String RECORDS = "records";
  static final String COUNTS = "counts";

  private MeasureSources() {}

  static Map<String, String> of(Map<String, String> raw, List<String> measures) {
    if (raw == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String key = "measure-sources." + e.getKey();
      if (!Measures.NATIONAL.contains(e.getKey())) {
        throw ConfigProblems.problem(
            key,
            "only a national measure ("
                + String.join(", ", Measures.NATIONAL)
                + ") has a record-level and an aggregated source to choose from; a measure of"
                + " the partnership's own is counted from the table its definition names");
      }
      if (!measures.contains(e.getKey())) {
        throw ConfigProblems.problem(
            key, "'" + e.getKey() + "' is not one of the partnership's measures (measures:)");
      }
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (!List.of(RECORDS, COUNTS).contains(value)) {
        throw ConfigProblems.problem(
            key,
            value,
            "'"
                + value
                + "' is not records (its record-level table) or counts (the aggregated counts"
                + " whose indicator is "
                + e.getKey()
                + ")");
      }
      out.put(e.getKey(), value);
    }
    return Map.copyOf(out);
  }
}
