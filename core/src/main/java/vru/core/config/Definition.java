package vru.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partnership's local definition of serious violence ({@code definition:} in vru.yaml), as the
 * Serious Violence Duty asks each partnership to agree one: its text in each language the
 * partnership publishes in, and the measures it covers.
 *
 * <pre>
 * definition:
 *   measures: [knife_admissions, knife_crime, homicide]
 *   text:
 *     en: Serious violence in our area means ...
 *     cy: Mae trais difrifol yn ein hardal yn golygu ...
 * </pre>
 *
 * @param measures the measures the definition covers (each known to the catalogue)
 * @param text the definition by language code ({@code en}, {@code cy})
 */
public record Definition(List<String> measures, Map<String, String> text) {
  /** As written in the file. */
  record Raw(
      @JsonProperty("measures") List<String> measures,
      @JsonProperty("text") Map<String, String> text) {}

  /**
   * The definition validated: measures known, a non-empty text in every language the partnership
   * publishes in, no other language.
   *
   * @throws ConfigProblems.Invalid naming the key and value
   */
  static Definition of(Raw raw, Set<String> known, List<String> languages) {
    if (raw.measures() == null || raw.measures().isEmpty()) {
      throw ConfigProblems.problem(
          "definition.measures",
          "list the measures your definition covers, e.g. [knife_admissions, knife_crime,"
              + " homicide]");
    }
    for (String m : raw.measures()) {
      if (!known.contains(m)) {
        throw ConfigProblems.problem(
            "definition.measures",
            m,
            "unknown measure '" + m + "'; known: " + String.join(", ", known));
      }
    }
    Map<String, String> text = raw.text() == null ? Map.of() : raw.text();
    for (String l : text.keySet()) {
      if (!List.of("en", "cy").contains(l)) {
        throw ConfigProblems.problem(
            "definition.text." + l, "unknown language '" + l + "'; write the text as en: or cy:");
      }
    }
    List<String> needed =
        languages.contains("both")
            ? List.of("en", "cy")
            : languages.stream().filter(l -> !l.equals("both")).toList();
    for (String l : needed) {
      String v = text.get(l);
      if (v == null || v.isBlank()) {
        throw ConfigProblems.problem(
            "definition.text",
            "the definition has no "
                + (l.equals("cy") ? "Welsh (cy:)" : "English (en:)")
                + " text, and the partnership publishes in that language; add it under"
                + " definition.text."
                + l);
      }
    }
    return new Definition(List.copyOf(raw.measures()), new LinkedHashMap<>(text));
  }
}
