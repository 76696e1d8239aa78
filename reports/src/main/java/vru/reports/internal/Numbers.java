package vru.reports.internal;

import java.text.NumberFormat;
import java.util.Locale;

/** Numbers as an en-GB reader expects them: thousands separators, rates to one decimal place. */
public final class Numbers {
  private final Locale locale;

  public Numbers(Locale locale) {
    this.locale = locale;
  }

  public String count(long n) {
    return NumberFormat.getIntegerInstance(locale).format(n);
  }

  public String rate(double r) {
    return decimals(r, 1);
  }

  /** A number's leading hyphen as the true minus sign (U+2212), as every number shown has it. */
  static String minus(String formatted) {
    return formatted.startsWith("-") ? "\u2212" + formatted.substring(1) : formatted;
  }

  public String decimals(double v, int places) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMinimumFractionDigits(places);
    f.setMaximumFractionDigits(places);
    return minus(f.format(v));
  }

  /** A percentage change from a ratio, e.g. 0.88 → "12%". */
  public String percent(double fraction) {
    return NumberFormat.getIntegerInstance(locale).format(Math.round(Math.abs(fraction) * 100))
        + "%";
  }

  /** A signed percentage, e.g. −0.19 → "−19%", 0.04 → "+4%". */
  public String signedPercent(double fraction) {
    long v = Math.round(fraction * 100);
    return (v < 0 ? "−" : v > 0 ? "+" : "")
        + NumberFormat.getIntegerInstance(locale).format(Math.abs(v))
        + "%";
  }

  /** The p-value as a sentence writes it: "p = 0.015", "p < 0.001". */
  public String pStatement(double p) {
    return p < 0.001 ? "p < 0.001" : "p = " + decimals(p, 3);
  }

  public String pValue(double p) {
    return p < 0.001 ? "< 0.001" : decimals(p, 3);
  }
}
