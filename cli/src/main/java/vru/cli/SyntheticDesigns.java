package vru.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.evaluation.api.BlockPanel;
import vru.evaluation.api.SeriesAnalysis;
import vru.evaluation.api.SyntheticAnalysis;
import vru.evaluation.api.did.SynthDid;

/** {@code vru did} with sdid, sc, did-sdid (a block panel) or its (one series). */
final class SyntheticDesigns {
  private SyntheticDesigns() {}

  static boolean handles(String estimator) {
    return kind(estimator).isPresent() || estimator.equalsIgnoreCase("its");
  }

  private static Optional<SynthDid.Kind> kind(String estimator) {
    for (SynthDid.Kind k : SynthDid.Kind.values()) {
      if (k.id().equalsIgnoreCase(estimator)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  static void run(DidCommand c, boolean json) {
    Optional<SynthDid.Kind> kind = kind(c.estimator);
    if (kind.isPresent()) {
      synthetic(c, kind.get(), json);
    } else {
      series(c, json);
    }
  }

  private static void synthetic(DidCommand c, SynthDid.Kind kind, boolean json) {
    DidCommand.require("--panel", c.panel);
    DidCommand.require("--unit", c.unit);
    DidCommand.require("--treatment", c.treatment);
    if (c.cohort != null) {
      throw new VruException(
          ErrorCode.USAGE,
          "--cohort goes with the staggered estimators; " + kind.id() + " takes --treatment");
    }
    if (c.replications < 2) {
      throw new VruException(ErrorCode.USAGE, "--replications must be at least 2");
    }
    SyntheticAnalysis.SeMethod se =
        SyntheticAnalysis.SeMethod.valueOf(
            DidCommand.choose("--se", c.se, "auto", "placebo", "jackknife", "none")
                .toUpperCase(Locale.ROOT));
    BlockPanel.Read panel = BlockPanel.fromCsv(c.panel, c.unit, c.time, c.outcome, c.treatment);
    SyntheticAnalysis.Output o =
        SyntheticAnalysis.run(
            new SyntheticAnalysis.Request(panel, kind, se, c.replications, c.seed));
    System.out.println(json ? o.toJson() : table(o));
  }

  private static void series(DidCommand c, boolean json) {
    DidCommand.require("--series", c.series);
    DidCommand.require("--start", c.start);
    if (c.lag != null && c.lag < 0) {
      throw new VruException(ErrorCode.USAGE, "--lag must be 0 or more");
    }
    SeriesAnalysis.Output o =
        SeriesAnalysis.run(
            SeriesAnalysis.read(
                c.series,
                c.time,
                c.outcome,
                Optional.ofNullable(c.comparison),
                c.start,
                c.seasonal,
                Optional.ofNullable(c.lag)));
    System.out.println(json ? o.toJson() : table(o));
  }

  private static String table(SyntheticAnalysis.Output o) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.UK,
            "%s: %s treated unit(s) against %d controls; %d pre-, %d post-periods%n",
            o.estimator(),
            String.join(", ", o.treatedUnits()),
            o.nControl(),
            o.prePeriods(),
            o.postPeriods()));
    s.append(
        String.format(
            Locale.UK,
            "estimate %.6g  SE %s  95%% CI %s  p %s   (%s: %s)%n",
            o.estimate(),
            o.se() == null ? "—" : String.format(Locale.UK, "%.6g", o.se()),
            o.ciLower() == null
                ? "—"
                : String.format(Locale.UK, "%.6g to %.6g", o.ciLower(), o.ciUpper()),
            o.pValue() == null ? "—" : String.format(Locale.UK, "%.4f", o.pValue()),
            o.seMethod(),
            o.seWhy()));
    s.append(
        String.format(
            Locale.UK,
            "pre-period RMSPE %.4g; effective donors %.2f; effective pre-periods %s;"
                + " permutation p %.3f (post/pre RMSPE ratio %.3g, rank among %d units)%n",
            o.preRmspe(),
            o.effectiveControls(),
            o.effectivePrePeriods() == null
                ? "—"
                : String.format(Locale.UK, "%.2f", o.effectivePrePeriods()),
            o.permutation().pValue(),
            o.permutation().ratio(),
            o.permutation().units()));
    s.append("donor weights:").append(System.lineSeparator());
    o.unitWeights().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e -> s.append(String.format(Locale.UK, "  %-30s %.4f%n", e.getKey(), e.getValue())));
    return s.toString();
  }

  private static String table(SeriesAnalysis.Output o) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.UK,
            "its: %d pre-, %d post-periods; Newey-West SEs, lag %d%n",
            o.prePeriods(),
            o.postPeriods(),
            o.lag()));
    for (Map.Entry<String, SeriesAnalysis.Coefficient> e : o.coefficients().entrySet()) {
      SeriesAnalysis.Coefficient k = e.getValue();
      s.append(
          String.format(
              Locale.UK,
              "  %-14s %12.6g  SE %10.4g  95%% CI %.4g to %.4g  p %.4f%n",
              e.getKey(),
              k.estimate(),
              k.se(),
              k.ciLower(),
              k.ciUpper(),
              k.pValue()));
    }
    SeriesAnalysis.Coefficient cum = o.cumulativeDifference();
    s.append(
        String.format(
            Locale.UK,
            "cumulative difference over the post-periods %.6g (95%% CI %.4g to %.4g)%n",
            cum.estimate(),
            cum.ciLower(),
            cum.ciUpper()));
    s.append(
        String.format(
            Locale.UK,
            "pre-period RMSE %.4g; Durbin-Watson %.3f%n",
            o.preRmse(),
            o.durbinWatson()));
    return s.toString();
  }
}
