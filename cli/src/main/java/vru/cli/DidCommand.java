package vru.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.evaluation.api.DidAnalysis;
import vru.evaluation.api.DidOutput;
import vru.evaluation.api.PanelCsv;
import vru.evaluation.api.did.CallawaySantAnna;
import vru.evaluation.api.did.SmallSample;
import vru.evaluation.api.did.WildClusterBootstrap;

/** vru did: difference-in-differences on an analyst's own panel file (no Spark, no database). */
@Command(
    name = "did",
    sortOptions = false,
    description = {
      "Difference-in-differences on a panel CSV: one row per unit and period.",
      "Estimators: 2x2, twfe (with --bootstrap: wild cluster bootstrap), event-study, cs"
          + " (Callaway-Sant'Anna; with --bootstrap: multiplier bootstrap and uniform bands), bacon"
          + " (Goodman-Bacon decomposition of twfe).",
      "One treated area, or several treated together (block design, --treatment 0/1): sdid"
          + " (synthetic difference-in-differences), sc (synthetic control), did-sdid (uniform"
          + " weights), with placebo or jackknife errors and a permutation test.",
      "Everyone treated at once: its (interrupted time series on --series, Newey-West errors).",
      "JSON fields are documented in docs/did-json.md."
    })
final class DidCommand implements Runnable {
  @Option(names = "--panel", paramLabel = "FILE.csv", description = "The panel.")
  Path panel;

  @Option(
      names = "--series",
      paramLabel = "FILE.csv",
      description = "A single series for --estimator its: a period and an outcome column.")
  Path series;

  @Option(names = "--unit", paramLabel = "COL", description = "Unit column.")
  String unit;

  @Option(
      names = "--time",
      required = true,
      paramLabel = "COL",
      description = "Period column: years (2019), financial years (2019/20) or months (2019-04).")
  String time;

  @Option(names = "--outcome", required = true, paramLabel = "COL", description = "Outcome column.")
  String outcome;

  @Option(
      names = "--cohort",
      paramLabel = "COL",
      description = "First treated period; 0, empty or 'never' for never treated.")
  String cohort;

  @Option(
      names = "--treatment",
      paramLabel = "COL",
      description = "sdid, sc, did-sdid: 1 when the unit is treated in the period, else 0.")
  String treatment;

  @Option(
      names = "--se",
      defaultValue = "auto",
      paramLabel = "auto|placebo|jackknife|none",
      description =
          "sdid, sc, did-sdid: placebo with one treated unit, jackknife with more (default"
              + " ${DEFAULT-VALUE}).")
  String se;

  @Option(
      names = "--replications",
      defaultValue = "200",
      paramLabel = "N",
      description = "Placebo replications (default ${DEFAULT-VALUE}).")
  int replications;

  @Option(
      names = "--start",
      paramLabel = "PERIOD",
      description = "its: the first period of the intervention, e.g. 2023-02.")
  String start;

  @Option(names = "--seasonal", description = "its: month-of-year terms (monthly series).")
  boolean seasonal;

  @Option(
      names = "--lag",
      paramLabel = "L",
      description = "its: the Newey-West lag (default: floor(4(n/100)^(2/9))).")
  Integer lag;

  @Option(
      names = "--comparison",
      paramLabel = "COL",
      description = "its: a comparison series column, added to the regression.")
  String comparison;

  @Option(names = "--cluster", paramLabel = "COL", description = "Cluster column (default: unit).")
  String cluster;

  @Option(names = "--weight", paramLabel = "COL", description = "Weight column (e.g. population).")
  String weight;

  @Option(
      names = "--population",
      paramLabel = "COL",
      description = "Population column: the effect is also given as a number of events.")
  String population;

  @Option(
      names = "--outcome-kind",
      defaultValue = "rate",
      paramLabel = "rate|count",
      description =
          "A count is turned into a rate per --per of --population (default: ${DEFAULT-VALUE}).")
  String outcomeKind;

  @Option(
      names = "--per",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Rate multiplier (default: ${DEFAULT-VALUE}).")
  double per;

  @Option(
      names = "--estimator",
      defaultValue = "cs",
      paramLabel = "2x2|twfe|event-study|cs|bacon|sdid|sc|did-sdid|its",
      description = "Default: ${DEFAULT-VALUE}.")
  String estimator;

  @Option(
      names = "--control",
      defaultValue = "never",
      paramLabel = "never|not-yet",
      description = "Comparison units for cs (default: ${DEFAULT-VALUE}).")
  String control;

  @Option(
      names = "--base-period",
      defaultValue = "varying",
      paramLabel = "varying|universal",
      description = "Base period of pre-treatment effects for cs (default: ${DEFAULT-VALUE}).")
  String basePeriod;

  @Option(
      names = "--anticipation",
      defaultValue = "0",
      paramLabel = "N",
      description = "Periods of anticipation for cs (default: ${DEFAULT-VALUE}).")
  int anticipation;

  @Option(
      names = "--aggregate",
      defaultValue = "simple",
      paramLabel = "simple|dynamic|group|calendar",
      description = "Aggregation of cs (default: ${DEFAULT-VALUE}).")
  String aggregate;

  @Option(
      names = "--balance-e",
      paramLabel = "E",
      description = "cs dynamic: only cohorts observed for E periods after treatment.")
  Integer balanceE;

  @Option(
      names = "--min-e",
      paramLabel = "E",
      description = "Earliest event time (cs dynamic; event-study: bins earlier times into E).")
  Integer minE;

  @Option(
      names = "--max-e",
      paramLabel = "E",
      description = "Latest event time (cs; event-study: bins later times into E).")
  Integer maxE;

  @Option(
      names = "--bootstrap",
      defaultValue = "0",
      paramLabel = "N",
      description = "Bootstrap draws: multiplier (cs) or wild cluster (twfe); 0 for analytic.")
  int bootstrap;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--wild-weights",
      defaultValue = "rademacher",
      paramLabel = "rademacher|webb",
      description = "Wild bootstrap weights; webb for fewer than about 12 clusters.")
  String wildWeights;

  @Option(
      names = "--small-sample",
      defaultValue = "all-fixed-effects",
      paramLabel = "all-fixed-effects|fixest|clusters-only|none",
      description = "CR1 factor of twfe, 2x2 and event-study (default: ${DEFAULT-VALUE}).")
  String smallSample;

  @Option(
      names = "--confidence",
      defaultValue = "0.95",
      paramLabel = "LEVEL",
      description = "Confidence level (default: ${DEFAULT-VALUE}).")
  double confidence;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "json|table",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public void run() {
    boolean json = choose("--format", format, "json", "table").equals("json");
    boolean count = choose("--outcome-kind", outcomeKind, "rate", "count").equals("count");
    if (!(per > 0)) {
      throw new VruException(ErrorCode.USAGE, "--per must be positive, e.g. 100000");
    }
    if (!(confidence > 0.5 && confidence < 1)) {
      throw new VruException(ErrorCode.USAGE, "--confidence must be between 0.5 and 1, e.g. 0.95");
    }
    if (SyntheticDesigns.handles(estimator)) {
      SyntheticDesigns.run(this, json);
      return;
    }
    require("--panel", panel);
    require("--unit", unit);
    require("--time", time);
    require("--outcome", outcome);
    require("--cohort", cohort);
    CallawaySantAnna.Options o =
        CallawaySantAnna.Options.defaults()
            .withControl(
                choose("--control", control, "never", "not-yet").equals("never")
                    ? CallawaySantAnna.Control.NEVER_TREATED
                    : CallawaySantAnna.Control.NOT_YET_TREATED)
            .withBasePeriod(
                CallawaySantAnna.BasePeriod.valueOf(
                    choose("--base-period", basePeriod, "varying", "universal")
                        .toUpperCase(Locale.ROOT)))
            .withAnticipation(anticipation)
            .withEventWindow(balanceE, minE, maxE)
            .withBootstrap(bootstrap, seed)
            .withConfidence(confidence);
    if (bootstrap < 0) {
      throw new VruException(ErrorCode.USAGE, "--bootstrap must be 0 or more draws");
    }
    DidAnalysis.Request request =
        new DidAnalysis.Request(
            panel,
            new PanelCsv.Columns(
                unit, time, outcome, cohort, cluster, weight, population, count, per),
            DidAnalysis.Estimator.of(estimator),
            o,
            DidAnalysis.Aggregate.valueOf(
                choose("--aggregate", aggregate, "simple", "dynamic", "group", "calendar")
                    .toUpperCase(Locale.ROOT)),
            SmallSample.valueOf(
                choose(
                        "--small-sample",
                        smallSample,
                        "all-fixed-effects",
                        "fixest",
                        "clusters-only",
                        "none")
                    .toUpperCase(Locale.ROOT)
                    .replace('-', '_')),
            WildClusterBootstrap.Weights.valueOf(
                choose("--wild-weights", wildWeights, "rademacher", "webb")
                    .toUpperCase(Locale.ROOT)));
    DidOutput out = DidAnalysis.run(request);
    System.out.print(json ? out.toJson() + System.lineSeparator() : DidTable.of(out));
  }

  static void require(String option, Object value) {
    if (value == null) {
      throw new VruException(ErrorCode.USAGE, "Missing required option: '" + option + "'");
    }
  }

  static String choose(String option, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equalsIgnoreCase(value)) {
        return a;
      }
    }
    throw new VruException(
        ErrorCode.USAGE,
        "unknown value '" + value + "' for " + option + ": use " + String.join(", ", allowed));
  }
}
