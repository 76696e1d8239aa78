package vru.metrics.api;

import java.time.YearMonth;
import java.util.Locale;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;

/**
 * A period of the measure panel: a calendar month, a calendar quarter, a financial year, the
 * rolling 12 months ending a month, or years pooled (as Fingertips publishes some indicators).
 *
 * <p>Labels: {@code 2025-03} (month), {@code 2025-Q1} (January to March 2025), {@code FY2024/25},
 * {@code YE2025-03} (the 12 months ending March 2025), {@code 2015 to 2017} (three calendar years
 * pooled), {@code FY2017/18 to FY2019/20} (three financial years pooled).
 *
 * @param type the kind of period
 * @param first its first month
 * @param last its last month
 */
public record Period(Type type, YearMonth first, YearMonth last) {
  /** The kinds of period, with the key stored in {@code measure_value.period_type}. */
  public enum Type {
    MONTH,
    QUARTER,
    FY,
    R12,
    POOLED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Type of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  public static Period month(YearMonth m) {
    return new Period(Type.MONTH, m, m);
  }

  /** The calendar quarter containing {@code m}. */
  public static Period quarter(YearMonth m) {
    YearMonth first = YearMonth.of(m.getYear(), (m.getMonthValue() - 1) / 3 * 3 + 1);
    return new Period(Type.QUARTER, first, first.plusMonths(2));
  }

  /** The financial year starting in April of {@code startYear}. */
  public static Period fy(int startYear) {
    return new Period(Type.FY, YearMonth.of(startYear, 4), YearMonth.of(startYear + 1, 3));
  }

  /** The 12 months ending with {@code end}. */
  public static Period rolling12(YearMonth end) {
    return new Period(Type.R12, end.minusMonths(11), end);
  }

  /**
   * The whole years from {@code first} to {@code last} pooled: calendar years when {@code first} is
   * a January, financial years when it is an April.
   */
  public static Period pooled(YearMonth first, YearMonth last) {
    return new Period(Type.POOLED, first, last);
  }

  /** The period a label names, for the given type. */
  public static Period parse(Type type, String label) {
    try {
      return switch (type) {
        case MONTH -> month(YearMonth.parse(label));
        case QUARTER ->
            quarter(
                YearMonth.of(
                    Integer.parseInt(label.substring(0, 4)),
                    (Integer.parseInt(label.substring(6)) - 1) * 3 + 1));
        case FY -> fy(FinancialYear.parse(label).startYear());
        case R12 -> rolling12(YearMonth.parse(label.substring(2)));
        case POOLED -> {
          String[] ends = label.split(" to ");
          yield ends[0].startsWith("FY")
              ? pooled(
                  fy(FinancialYear.parse(ends[0]).startYear()).first(),
                  fy(FinancialYear.parse(ends[1]).startYear()).last())
              : pooled(
                  YearMonth.of(Integer.parseInt(ends[0]), 1),
                  YearMonth.of(Integer.parseInt(ends[1]), 12));
        }
      };
    } catch (RuntimeException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "'"
              + label
              + "' is not a "
              + type.key()
              + " period; use e.g. 2025-03, 2025-Q1, FY2024/25, YE2025-03 or 2015 to 2017");
    }
  }

  public String label() {
    return switch (type) {
      case MONTH -> first.toString();
      case QUARTER -> first.getYear() + "-Q" + ((first.getMonthValue() - 1) / 3 + 1);
      case FY -> new FinancialYear(first.getYear()).label();
      case R12 -> "YE" + last;
      case POOLED ->
          first.getMonthValue() == 4
              ? new FinancialYear(first.getYear()).label()
                  + " to "
                  + new FinancialYear(last.getYear() - 1).label()
              : first.getYear() + " to " + last.getYear();
    };
  }

  public int months() {
    return (int) first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1;
  }

  /** The financial year (starting calendar year) the period ends in. */
  public int financialYear() {
    return last.getMonthValue() >= 4 ? last.getYear() : last.getYear() - 1;
  }

  /**
   * The year of the mid-year population estimate used as the denominator: for a 12-month period,
   * the year whose 30 June falls inside it; for a month or quarter, that of the financial year it
   * belongs to (so a financial year's months share its denominator).
   */
  public int populationYear() {
    if (months() >= 12) {
      return first.getMonthValue() <= 6 ? first.getYear() : first.getYear() + 1;
    }
    return first.getMonthValue() >= 4 ? first.getYear() : first.getYear() - 1;
  }

  /** The same kind of period one year earlier. */
  public Period yearEarlier() {
    return new Period(type, first.minusYears(1), last.minusYears(1));
  }

  @Override
  public String toString() {
    return label();
  }
}
