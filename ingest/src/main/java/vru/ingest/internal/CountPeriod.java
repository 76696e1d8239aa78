package vru.ingest.internal;

import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period of an aggregated count, read from the ways published tables write one: a month ({@code
 * 2024-05}, {@code May 2024}, {@code May-24}, or year and month columns), a calendar quarter
 * ({@code 2024 Q2}, {@code Q2 2024}), a financial year ({@code FY2024/25}, {@code 2024/25}, {@code
 * 2024-25}), a calendar year ({@code 2024}) or 12 months ending a month ({@code YE2025-03}, {@code
 * year ending March 2025}, {@code 12 months to March 2025}).
 *
 * @param type {@code month}, {@code quarter}, {@code fy}, {@code year} or {@code r12}
 * @param first its first month
 * @param last its last month
 */
record CountPeriod(String type, YearMonth first, YearMonth last) {
  private static final String MONTHS =
      "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
  private static final Pattern ISO_MONTH = Pattern.compile("^(\\d{4})-(\\d{1,2})$");
  private static final Pattern NAMED_MONTH =
      Pattern.compile("^" + MONTHS + "[ -](\\d{4}|\\d{2})$", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUARTER =
      Pattern.compile(
          "^(?:(\\d{4})[ -]?q([1-4])|q([1-4])[ -]?(\\d{4}))$", Pattern.CASE_INSENSITIVE);
  private static final Pattern FY =
      Pattern.compile("^(?:fy ?)?(\\d{4})[/-](\\d{2})$", Pattern.CASE_INSENSITIVE);
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})$");
  private static final Pattern ENDING =
      Pattern.compile(
          "^(?:ye ?(\\d{4})-(\\d{2})|(?:year ending|12 months (?:to|ending)) "
              + MONTHS
              + " (\\d{4}))$",
          Pattern.CASE_INSENSITIVE);

  /** What this reader takes, for messages. */
  static final String FORMATS =
      "a month (2024-05, May 2024), a quarter (2024 Q2), a financial year (FY2024/25 or 2024/25),"
          + " a calendar year (2024) or 12 months ending a month (YE2025-03, year ending March"
          + " 2025)";

  /** The period written in {@code text}, if it is one of the forms read. */
  static Optional<CountPeriod> parse(String text) {
    String s = text == null ? "" : text.trim().replaceAll("\\s+", " ");
    Matcher m = ISO_MONTH.matcher(s);
    if (m.matches()) {
      return month(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    m = NAMED_MONTH.matcher(s);
    if (m.matches()) {
      int year = Integer.parseInt(m.group(2));
      return month(year < 100 ? 2000 + year : year, monthOf(m.group(1)));
    }
    m = QUARTER.matcher(s);
    if (m.matches()) {
      int year = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(4));
      int q = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(3));
      YearMonth first = YearMonth.of(year, 3 * q - 2);
      return Optional.of(new CountPeriod("quarter", first, first.plusMonths(2)));
    }
    m = FY.matcher(s);
    if (m.matches()) {
      int start = Integer.parseInt(m.group(1));
      if ((start + 1) % 100 != Integer.parseInt(m.group(2))) {
        return Optional.empty();
      }
      return Optional.of(new CountPeriod("fy", YearMonth.of(start, 4), YearMonth.of(start + 1, 3)));
    }
    m = YEAR.matcher(s);
    if (m.matches()) {
      int year = Integer.parseInt(m.group(1));
      return Optional.of(new CountPeriod("year", YearMonth.of(year, 1), YearMonth.of(year, 12)));
    }
    m = ENDING.matcher(s);
    if (m.matches()) {
      YearMonth last =
          m.group(1) != null
              ? YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
              : YearMonth.of(Integer.parseInt(m.group(4)), monthOf(m.group(3)));
      return Optional.of(new CountPeriod("r12", last.minusMonths(11), last));
    }
    return Optional.empty();
  }

  /** The month of a year column and a month column (a number 1–12 or a month's name). */
  static Optional<CountPeriod> of(String year, String month) {
    String y = year == null ? "" : year.trim();
    String mo = month == null ? "" : month.trim();
    if (!y.matches("\\d{4}")) {
      return Optional.empty();
    }
    if (mo.matches("\\d{1,2}")) {
      return month(Integer.parseInt(y), Integer.parseInt(mo));
    }
    if (mo.matches("(?i)" + MONTHS)) {
      return month(Integer.parseInt(y), monthOf(mo));
    }
    return Optional.empty();
  }

  private static Optional<CountPeriod> month(int year, int month) {
    if (month < 1 || month > 12 || year < 1900 || year > 2100) {
      return Optional.empty();
    }
    YearMonth m = YearMonth.of(year, month);
    return Optional.of(new CountPeriod("month", m, m));
  }

  private static int monthOf(String name) {
    String three = name.substring(0, 3).toLowerCase(Locale.ROOT);
    for (Month m : Month.values()) {
      if (m.getDisplayName(TextStyle.SHORT, Locale.UK).toLowerCase(Locale.ROOT).startsWith(three)) {
        return m.getValue();
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The label the warehouse keeps: {@code 2024-05}, {@code 2024-Q2}, {@code FY2024/25}, … */
  String label() {
    return switch (type) {
      case "month" -> first.toString();
      case "quarter" -> first.getYear() + "-Q" + ((first.getMonthValue() + 2) / 3);
      case "fy" ->
          String.format(Locale.ROOT, "FY%d/%02d", first.getYear(), (first.getYear() + 1) % 100);
      case "year" -> Integer.toString(first.getYear());
      default -> "YE" + last;
    };
  }

  /** The financial year (its start year) the period ends in. */
  int financialYear() {
    return last.getMonthValue() >= 4 ? last.getYear() : last.getYear() - 1;
  }
}
