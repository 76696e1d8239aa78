package vru.evaluation.api.did;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a panel's periods are written, and their integer positions on a regular axis: calendar years
 * ({@code 2019}), financial years ({@code 2019/20}, {@code FY2019/20} or {@code 2019-20}, placed at
 * their start year) and months ({@code 2019-04} or {@code 2019-04-01}, placed at {@code 12·year +
 * month − 1}). Consecutive periods are one apart, so event time is a difference of positions.
 */
public enum TimeAxis {
  YEAR,
  FINANCIAL_YEAR,
  MONTH;

  private static final Pattern YEAR_LABEL = Pattern.compile("\\d{4}");
  private static final Pattern FY_LABEL =
      Pattern.compile("(?i)(?:FY)?\\s*(\\d{4})\\s*[/-]\\s*(\\d{2}|\\d{4})");
  private static final Pattern MONTH_LABEL = Pattern.compile("(\\d{4})-(\\d{2})(?:-\\d{2})?");

  /** The axis a label is written on, or {@code null} when it is on none. */
  public static TimeAxis of(String label) {
    String s = label.trim();
    if (YEAR_LABEL.matcher(s).matches()) {
      return YEAR;
    }
    Matcher fy = FY_LABEL.matcher(s);
    if (fy.matches() && followsOn(fy.group(1), fy.group(2))) {
      return FINANCIAL_YEAR;
    }
    Matcher m = MONTH_LABEL.matcher(s);
    if (m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 12) {
      return MONTH;
    }
    return null;
  }

  private static boolean followsOn(String start, String end) {
    int y = Integer.parseInt(start);
    int e = Integer.parseInt(end);
    return end.length() == 2 ? e == (y + 1) % 100 : e == y + 1;
  }

  /**
   * The position of {@code label} on this axis.
   *
   * @throws IllegalArgumentException when the label is not written on this axis
   */
  public int position(String label) {
    String s = label.trim();
    if (of(s) != this) {
      throw new IllegalArgumentException(label);
    }
    return switch (this) {
      case YEAR -> Integer.parseInt(s);
      case FINANCIAL_YEAR -> {
        Matcher fy = FY_LABEL.matcher(s);
        fy.matches();
        yield Integer.parseInt(fy.group(1));
      }
      case MONTH -> {
        Matcher m = MONTH_LABEL.matcher(s);
        m.matches();
        yield Integer.parseInt(m.group(1)) * 12 + Integer.parseInt(m.group(2)) - 1;
      }
    };
  }

  /** The label of a position, e.g. {@code 2019/20} or {@code 2019-04}. */
  public String label(int position) {
    return switch (this) {
      case YEAR -> Integer.toString(position);
      case FINANCIAL_YEAR -> String.format(Locale.ROOT, "%d/%02d", position, (position + 1) % 100);
      case MONTH ->
          String.format(
              Locale.ROOT, "%d-%02d", Math.floorDiv(position, 12), Math.floorMod(position, 12) + 1);
    };
  }

  /** How the axis is described to a reader. */
  public String describe() {
    return switch (this) {
      case YEAR -> "calendar years";
      case FINANCIAL_YEAR -> "financial years";
      case MONTH -> "months";
    };
  }
}
