package vru.evaluation.api.toc;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The stages of a theory of change, in causal order. */
public enum Stage {
  INPUTS("inputs", "Inputs"),
  ACTIVITIES("activities", "Activities"),
  OUTPUTS("outputs", "Outputs"),
  SHORT_TERM_OUTCOMES("short-term-outcomes", "Short-term outcomes"),
  MEDIUM_TERM_OUTCOMES("medium-term-outcomes", "Medium-term outcomes"),
  LONG_TERM_OUTCOMES("long-term-outcomes", "Long-term outcomes"),
  IMPACT("impact", "Impact");

  private final String key;
  private final String title;

  Stage(String key, String title) {
    this.key = key;
    this.title = title;
  }

  /** How the stage is written in {@code toc.yaml}. */
  public String key() {
    return key;
  }

  public String title() {
    return title;
  }

  /** Every stage as written in the file. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Stage::key).toList();
  }

  /** The stage written as {@code key} (case and spaces or underscores for hyphens are accepted). */
  public static Optional<Stage> of(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return Arrays.stream(values()).filter(s -> s.key.equals(k)).findFirst();
  }
}
