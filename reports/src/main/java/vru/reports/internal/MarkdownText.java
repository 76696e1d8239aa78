package vru.reports.internal;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A section the partnership wrote in Markdown, as XHTML for the review: any HTML in it is escaped
 * (never passed through), links keep only safe schemes, and its headings start at level 3 so they
 * sit under the review's own section heading.
 */
public final class MarkdownText {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private MarkdownText() {}

  /** {@code markdown} as well-formed XHTML, headings shifted down two levels (# → h3). */
  public static String toXhtml(String markdown) {
    String html = RENDERER.render(PARSER.parse(markdown));
    StringBuilder out = new StringBuilder(html.length());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(/?)h([1-6])>").matcher(html);
    while (m.find()) {
      int level = Math.min(6, Integer.parseInt(m.group(2)) + 2);
      m.appendReplacement(out, "<" + m.group(1) + "h" + level + ">");
    }
    m.appendTail(out);
    return out.toString();
  }
}
