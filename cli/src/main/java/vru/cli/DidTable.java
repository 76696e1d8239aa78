package vru.cli;

import java.util.Locale;
import vru.evaluation.api.DidOutput;

/** The plain-text table {@code vru did --format table} prints. */
final class DidTable {
  private DidTable() {}

  /** A plain-text table of the output for a terminal. */
  static String of(DidOutput o) {
    StringBuilder s = new StringBuilder();
    java.util.function.Function<Double, String> f =
        v -> v == null ? "—" : String.format(Locale.UK, "%.6g", v);
    s.append(String.format(Locale.UK, "%s (%s)%n", o.estimator(), o.inference()));
    s.append(
        String.format(
            Locale.UK,
            "estimate %s  SE %s  %s%% CI %s to %s  p %s%n",
            f.apply(o.estimate()),
            f.apply(o.se()),
            Math.round(o.confidence() * 1000) / 10.0,
            f.apply(o.ciLower()),
            f.apply(o.ciUpper()),
            o.pValue() == null ? "—" : String.format(Locale.UK, "%.4f", o.pValue())));
    s.append(
        String.format(
            Locale.UK,
            "%d units (%d treated), %d periods (%s), %d clusters%n",
            o.nUnits(),
            o.nTreated(),
            o.nPeriods(),
            o.timeAxis(),
            o.nClusters()));
    if (o.events() != null) {
      DidOutput.Events e = o.events();
      s.append(
          String.format(
              Locale.UK,
              "events: %s%,.0f over the treated areas' post-treatment periods (CI %,.0f to %,.0f)%n",
              e.difference() < 0 ? "" : "+",
              e.difference(),
              e.ciLower() == null ? Double.NaN : e.ciLower(),
              e.ciUpper() == null ? Double.NaN : e.ciUpper()));
    }
    if (o.wildBootstrap() != null) {
      DidOutput.WildBootstrap w = o.wildBootstrap();
      s.append(
          String.format(
              Locale.UK,
              "wild cluster bootstrap (%s, %d draws%s): p %s, CI %s to %s%n",
              w.weights(),
              w.draws(),
              w.enumerated() ? ", all sign patterns" : ", seed " + w.seed(),
              f.apply(w.pValue()),
              f.apply(w.ciLower()),
              f.apply(w.ciUpper())));
    }
    if (!o.effects().isEmpty()) {
      s.append(
          String.format(
              Locale.UK,
              "%n%-26s %12s %12s %12s %12s%n",
              "effect",
              "estimate",
              "SE",
              "lower",
              "upper"));
      for (DidOutput.Effect e : o.effects()) {
        s.append(
            String.format(
                Locale.UK,
                "%-26s %12s %12s %12s %12s%s%n",
                e.key(),
                f.apply(e.estimate()),
                f.apply(e.se()),
                f.apply(e.ciLower()),
                f.apply(e.ciUpper()),
                e.weight() == null ? "" : String.format(Locale.UK, "  weight %.4f", e.weight())));
      }
    }
    if (o.pretest() != null && o.pretest().statistic() != null) {
      s.append(
          String.format(
              Locale.UK,
              "%npre-trend test: W = %.4f, df %d, p = %.4f%n",
              o.pretest().statistic(),
              o.pretest().df(),
              o.pretest().pValue()));
    }
    if (o.bootstrap() != null) {
      s.append(
          String.format(
              Locale.UK,
              "bootstrap: %d draws, seed %d, uniform critical value %s%n",
              o.bootstrap().draws(),
              o.bootstrap().seed(),
              f.apply(o.bootstrap().criticalValue())));
    }
    for (String x : o.excluded()) {
      s.append("excluded: ").append(x).append(System.lineSeparator());
    }
    for (String x : o.notes()) {
      s.append("note: ").append(x).append(hint(x)).append(System.lineSeparator());
    }
    return s.toString();
  }

  /** The option that acts on a note's advice, in this command's words. */
  private static String hint(String note) {
    if (note.contains("wild cluster bootstrap")) {
      return " (add --bootstrap 999)";
    }
    if (note.contains("Callaway-Sant'Anna estimator")) {
      return " (--estimator cs)";
    }
    return "";
  }
}
