package vru.evaluation.api;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import vru.core.api.FinancialYear;

/**
 * The impact design that fits the question a configuration asks (docs/methods.md, "Choosing the
 * design"): one treated area → synthetic difference-in-differences against the areas without the
 * programme; several areas, possibly starting in different years → Callaway–Sant'Anna pooled over
 * them, with the partnership's own synthetic estimate beside it; every area treated at once (no
 * untreated comparison) → an interrupted time series on the partnership's monthly rate; a
 * partnership of CSPs or local authorities with no force areas in the programme → synthetic
 * difference-in-differences of the partnership against the areas of its level.
 */
final class Designs {
  /** A design and the sentence that says why it fits. */
  record Design(String name, String why) {}

  private Designs() {}

  static Design choose(EvaluationRequest r, Collection<String> areasWithData) {
    String setting = r.settings().design();
    Map<String, LocalDate> starts = r.programmeStarts();
    if (!setting.equals("auto")) {
      return new Design(
          setting, "the design set in vru.yaml (evaluation: design: " + setting + ")");
    }
    long untreated =
        areasWithData.stream()
            .filter(a -> !starts.containsKey(a))
            .filter(a -> r.comparison().isEmpty() || r.comparison().contains(a))
            .count();
    if (untreated == 0 && r.partnership().isPresent()) {
      return new Design(
          "its",
          "every area with data is treated, so no untreated area can show what would have"
              + " happened without the programme: an interrupted time series compares the"
              + " partnership's monthly rate with its own trend before the start");
    }
    if (starts.isEmpty() && r.partnership().isPresent()) {
      return new Design(
          "sdid",
          "a partnership of community safety partnerships or local authorities, with no force"
              + " areas in the programme: synthetic difference-in-differences compares it with the"
              + " areas of its level without the programme, weighting them and the years to match"
              + " it before the start (synthetic control and plain difference-in-differences"
              + " beside it); inference is by placebo");
    }
    if (starts.size() == 1) {
      return new Design(
          "sdid",
          "one treated area against "
              + untreated
              + " areas without the programme: synthetic difference-in-differences weights the"
              + " comparison areas and years to match the treated area before the start"
              + " (synthetic control and plain difference-in-differences beside it); inference"
              + " is by placebo, since cluster-robust errors are not valid with one treated area");
    }
    TreeSet<Integer> years = new TreeSet<>();
    starts.values().forEach(d -> years.add(FinancialYear.containing(d).startYear()));
    return new Design(
        "cs",
        String.format(
            Locale.UK,
            "%d programme areas starting in %d different year(s): Callaway-Sant'Anna pools them"
                + " against the %d areas without the programme, robust to different start years;"
                + " the pooled estimate covers all %d areas, and the partnership's own effect is"
                + " estimated beside it by synthetic difference-in-differences",
            starts.size(),
            years.size(),
            untreated,
            starts.size()));
  }

  /** Why the partnership's own estimate stands beside a pooled one. */
  static String ownWhy() {
    return "the partnership's own effect, beside the pooled one: synthetic difference-in-differences"
        + " of its area against the areas without the programme, with placebo inference";
  }

  /** The warning a rejected pre-trend test puts beside its estimate. */
  static List<String> pretestWarnings(double p) {
    if (!(p < 0.05)) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.UK,
            "the pre-trend test rejects parallel trends before the start (p %s): the areas were"
                + " already on different paths, so this estimate is not reliable.",
            p < 0.001 ? "< 0.001" : String.format(Locale.UK, "= %.3f", p)));
  }
}
