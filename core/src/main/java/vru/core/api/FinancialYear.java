package vru.core.api;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A financial year, April to March, written {@code FY2024/25}. Identified by the calendar year in
 * which it starts.
 */
public record FinancialYear(int startYear) implements Comparable<FinancialYear> {
  private static final Pattern LABEL = Pattern.compile("FY(\\d{4})/(\\d{2})");

  public FinancialYear {
    if (startYear < 1900 || startYear > 2999) {
      throw new IllegalArgumentException("financial year out of range: " + startYear);
    }
  }

  /** The financial year containing {@code date}. */
  public static FinancialYear containing(LocalDate date) {
    return new FinancialYear(date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1);
  }

  /**
   * Parses {@code FY2024/25}.
   *
   * @throws IllegalArgumentException when the text is not a financial year label
   */
  public static FinancialYear parse(String label) {
    Matcher m = LABEL.matcher(label.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + label + "' is not a financial year; write it like FY2024/25");
    }
    int start = Integer.parseInt(m.group(1));
    if ((start + 1) % 100 != Integer.parseInt(m.group(2))) {
      throw new IllegalArgumentException(
          "'" + label + "' is not a financial year: the second year must follow the first");
    }
    return new FinancialYear(start);
  }

  public LocalDate firstDay() {
    return LocalDate.of(startYear, 4, 1);
  }

  public LocalDate lastDay() {
    return LocalDate.of(startYear + 1, 3, 31);
  }

  public FinancialYear previous() {
    return new FinancialYear(startYear - 1);
  }

  public FinancialYear next() {
    return new FinancialYear(startYear + 1);
  }

  /** The label, e.g. {@code FY2024/25}. */
  public String label() {
    return String.format("FY%d/%02d", startYear, (startYear + 1) % 100);
  }

  /** The short label used in running text and charts, e.g. {@code 2024/25}. */
  public String shortLabel() {
    return String.format("%d/%02d", startYear, (startYear + 1) % 100);
  }

  @Override
  public int compareTo(FinancialYear other) {
    return Integer.compare(startYear, other.startYear);
  }

  @Override
  public String toString() {
    return label();
  }
}
