package vru.cli;

import java.util.List;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.TheoryOfChange;
import vru.pipeline.api.PipelineResult;

/** The terminal tables the commands print from stage results. */
final class Printed {
  private Printed() {}

  /** The impact estimates, a line per measure and estimator. */
  static void estimates(List<EvaluationResult> results) {
    results.stream()
        .filter(r -> !r.why().isEmpty())
        .map(
            r ->
                (r.own() ? "the partnership's own effect" : "pooled programme estimate")
                    + " ("
                    + r.design()
                    + "): "
                    + r.why())
        .distinct()
        .forEach(l -> Console.out("%s", l));
    Console.out("%-18s %12s %12s %27s %9s", "measure", "effect", "SE", "95% CI", "p");
    for (EvaluationResult r : results) {
      var e = r.estimate();
      Console.out(
          "%-18s %12.3f %12.3f %13.3f to %10.3f %9.4f   per %,d; %s",
          r.measure(),
          e.estimate(),
          e.se(),
          e.ciLower(),
          e.ciUpper(),
          e.pValue(),
          r.multiplier(),
          e.estimator());
      for (String w : r.warnings()) {
        Console.out("    warning: %s", w);
      }
    }
  }

  /** The theory-of-change assessment, if there is one. */
  static void theoryOfChange(PipelineResult.Evaluated e) {
    e.theoryOfChange().ifPresent(Printed::assessment);
  }

  /** An assessment's statuses, one line per indicator, and the impact on each outcome. */
  static void assessment(TheoryOfChange.Result r) {
    Console.out(
        "Theory of change (%s, version %s):",
        r.validation().model().title(), r.validation().model().version());
    for (var s : r.assessment().indicators()) {
      Console.out("  %-26s %-18s %s", s.id(), s.status().label(), s.reason());
    }
    for (var o : r.assessment().outcomes()) {
      o.did()
          .ifPresent(
              d ->
                  Console.out(
                      "  impact on %-16s %s %.3f per %,d (95%% CI %.3f to %.3f)",
                      o.measure(),
                      d.estimator(),
                      d.estimate(),
                      d.multiplier(),
                      d.lower(),
                      d.upper()));
    }
  }
}
