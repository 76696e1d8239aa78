package vru.reports.internal.review;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vru.reports.api.Language;
import vru.reports.internal.Text;

/**
 * Why a value is missing, in the review's language. The panel stores its reasons in English; the
 * common ones (a cell the provider suppressed, an area or month with no data, no population
 * estimate, a value Fingertips did not publish) are worded again from their parts, names and
 * numbers kept; any other is given in English, labelled so.
 */
final class MissingReasons {
  private record Form(Pattern pattern, String key) {}

  private static final List<Form> FORMS =
      List.of(
          new Form(
              Pattern.compile(
                  "incomplete: (\\d+) cells? suppressed by the provider; the count is at least"
                      + " (\\d+)"),
              "reason.suppressed"),
          new Form(
              Pattern.compile("no data: (.+) has no data in the (\\S+) table for this period"),
              "reason.nodata"),
          new Form(
              Pattern.compile(
                  "incomplete: (\\d+) of its (\\d+) local authorities \\((.+)\\) have no data in the"
                      + " (\\S+) table for this period"),
              "reason.incomplete.las"),
          new Form(
              Pattern.compile(
                  "incomplete: (\\d+) of its (\\d+) police force areas \\((.+)\\) have no data in"
                      + " the (\\S+) table for this period"),
              "reason.incomplete.pfas"),
          new Form(Pattern.compile("the (\\S+) table has no data for (.+)"), "reason.notcovered"),
          new Form(
              Pattern.compile(
                  "no population estimate for this area for mid-(\\d{4}) or any earlier year"),
              "reason.nopopulation"),
          new Form(Pattern.compile("not published by Fingertips \\((.+)\\)"), "reason.fingertips"));

  private MissingReasons() {}

  /** The reason worded in the review's language, or empty to give it as stored (in English). */
  static Optional<String> word(Text t, String reason) {
    if (t.language() == Language.EN) {
      return Optional.empty();
    }
    for (Form f : FORMS) {
      Matcher m = f.pattern().matcher(reason);
      if (m.matches()) {
        Object[] parts = new Object[m.groupCount()];
        for (int i = 0; i < parts.length; i++) {
          String g = m.group(i + 1);
          parts[i] = g.matches("\\d{1,15}") ? Long.parseLong(g) : g;
        }
        return Optional.of(t.format(f.key(), parts));
      }
    }
    return Optional.empty();
  }
}
