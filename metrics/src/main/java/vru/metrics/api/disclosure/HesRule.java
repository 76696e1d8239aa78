package vru.metrics.api.disclosure;

/**
 * NHS England's HES disclosure rule (since 2018): below national level, counts from 1 to 7 are
 * shown as {@code *} and all other counts are rounded to the nearest 5 (0 stays 0). Rates and
 * intervals are computed from unrounded counts and need no further control.
 */
public final class HesRule {
  /** The text published for a suppressed count. */
  public static final String SUPPRESSED = "*";

  private HesRule() {}

  /** The publishable form of {@code count}. */
  public static String publish(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (count == 0) {
      return "0";
    }
    if (count <= 7) {
      return SUPPRESSED;
    }
    return Long.toString(Math.round(count / 5.0) * 5);
  }
}
