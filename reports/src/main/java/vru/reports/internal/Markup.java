package vru.reports.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text made safe for the page, with the spans print needs: a financial year ("2024/25",
 * "FY2023/24") never breaks across lines. The template calls it as {@code ${m.nw(text)?no_esc}}.
 */
public final class Markup {
  private static final Pattern YEAR = Pattern.compile("(FY)?\\d{4}/\\d{2}[,.;:)]?");

  /** {@code text} escaped for (X)HTML, each financial year kept on one line. */
  public String nw(String text) {
    String escaped = escape(text);
    Matcher m = YEAR.matcher(escaped);
    return m.replaceAll("<span class=\"nw\">$0</span>");
  }

  /** {@code text} with the five XML special characters escaped. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
