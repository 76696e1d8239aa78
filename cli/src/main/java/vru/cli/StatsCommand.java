package vru.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.metrics.api.StatsTables;
import vru.metrics.api.StatsTables.Polarity;

/** vru stats: the metrics methods on an analyst's own table (no Spark, no database). */
@Command(
    name = "stats",
    description = {
      "Apply the metrics methods to your own CSV table (docs/stats.md).",
      "Output: the input columns unchanged, then value, lower_95, upper_95, lower_99_8,"
          + " upper_99_8, method (and label where a comparison is made)."
    },
    subcommands = {
      StatsCommand.Rate.class,
      StatsCommand.ProportionCmd.class,
      StatsCommand.DsrCmd.class,
      StatsCommand.FunnelCmd.class,
      StatsCommand.TrendCmd.class
    })
final class StatsCommand implements Runnable {
  /** How this command names a column's role: its option. */
  static String option(String role) {
    return "--" + role;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Input and output files. */
  static class Files {
    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "The table.")
    Path input;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "FILE.csv",
        description = "Where to write.")
    Path output;

    void done(long rows) {
      Console.out("%,d row(s) written to %s", rows, output);
    }
  }

  /** {@code --count COL --population COL [--per N]}: the columns of a rate. */
  static class Counts {
    @Option(names = "--count", required = true, paramLabel = "COL", description = "Events.")
    String count;

    @Option(
        names = "--population",
        required = true,
        paramLabel = "COL",
        description = "Population (denominator).")
    String population;

    @Option(
        names = "--per",
        defaultValue = "100000",
        paramLabel = "N",
        description = "Rate per N (default: ${DEFAULT-VALUE}).")
    double per;

    double per() {
      positive(per, "--per");
      return per;
    }
  }

  static Polarity polarity(String p) {
    return switch (p.toLowerCase(Locale.ROOT)) {
      case "low" -> Polarity.LOW_IS_GOOD;
      case "high" -> Polarity.HIGH_IS_GOOD;
      case "none" -> Polarity.NONE;
      default ->
          throw new VruException(ErrorCode.USAGE, "--polarity must be low, high or none: " + p);
    };
  }

  static void positive(double per, String option) {
    if (!(per > 0)) {
      throw new VruException(ErrorCode.USAGE, option + " must be positive");
    }
  }

  @Command(
      name = "rate",
      description =
          "Crude rate per row with exact (below 10) or Byar's 95% and 99.8% limits; with"
              + " --compare-to, Similar/Better/Worse by the interval rule.")
  static final class Rate implements Runnable {
    @picocli.CommandLine.Mixin Files files;

    @picocli.CommandLine.Mixin Counts counts;

    @Option(
        names = "--compare-to",
        paramLabel = "RATE",
        description = "A benchmark rate, e.g. England's.")
    Double compareTo;

    @Option(names = "--polarity", defaultValue = "low", paramLabel = "low|high|none")
    String polarity;

    @Override
    public void run() {
      files.done(
          StatsTables.rowWise(
              files.input,
              files.output,
              false,
              counts.count,
              counts.population,
              counts.per(),
              Optional.ofNullable(compareTo),
              polarity(polarity),
              StatsCommand::option));
    }
  }

  @Command(name = "proportion", description = "Proportion per row with Wilson score limits.")
  static final class ProportionCmd implements Runnable {
    @picocli.CommandLine.Mixin Files files;

    @Option(names = "--numerator", required = true, paramLabel = "COL")
    String numerator;

    @Option(names = "--denominator", required = true, paramLabel = "COL")
    String denominator;

    @Option(
        names = "--per",
        defaultValue = "1",
        paramLabel = "N",
        description = "1, or 100 for percentages.")
    double per;

    @Option(names = "--compare-to", paramLabel = "VALUE")
    Double compareTo;

    @Option(names = "--polarity", defaultValue = "none", paramLabel = "low|high|none")
    String polarity;

    @Override
    public void run() {
      positive(per, "--per");
      files.done(
          StatsTables.rowWise(
              files.input,
              files.output,
              true,
              numerator,
              denominator,
              per,
              Optional.ofNullable(compareTo),
              polarity(polarity),
              StatsCommand::option));
    }
  }

  @Command(
      name = "dsr",
      description =
          "Directly standardised rate (Dobson) per group, European Standard Population 2013 by"
              + " default; not given when the total count is below 10.")
  static final class DsrCmd implements Runnable {
    @picocli.CommandLine.Mixin Files files;

    @picocli.CommandLine.Mixin Counts counts;

    @Option(
        names = "--age-band",
        required = true,
        paramLabel = "COL",
        description = "Bands 0-4 … 85-89, 90+.")
    String ageBand;

    @Option(names = "--by", paramLabel = "COL", description = "Group column (repeatable).")
    List<String> by = List.of();

    @Option(
        names = "--standard",
        paramLabel = "FILE.csv",
        description = "Standard population (columns age_band, weight); default ESP2013.")
    Path standard;

    @Override
    public void run() {
      files.done(
          StatsTables.dsr(
              files.input,
              files.output,
              counts.count,
              counts.population,
              ageBand,
              by,
              Optional.ofNullable(standard),
              counts.per(),
              StatsCommand::option));
    }
  }

  @Command(
      name = "funnel",
      description =
          "Funnel-plot control limits (95%, 99.8%) at each row's denominator around a target rate"
              + " (default: the overall rate), and each row's label.")
  static final class FunnelCmd implements Runnable {
    @picocli.CommandLine.Mixin Files files;

    @picocli.CommandLine.Mixin Counts counts;

    @Option(names = "--target", paramLabel = "RATE")
    Double target;

    @Override
    public void run() {
      files.done(
          StatsTables.funnel(
              files.input,
              files.output,
              counts.count,
              counts.population,
              counts.per(),
              Optional.ofNullable(target),
              StatsCommand::option));
    }
  }

  @Command(
      name = "trend",
      description = "Fingertips recent trend over the last five periods of each group.")
  static final class TrendCmd implements Runnable {
    @picocli.CommandLine.Mixin Files files;

    @Option(names = "--time", required = true, paramLabel = "COL")
    String time;

    @Option(names = "--value", required = true, paramLabel = "COL")
    String value;

    @Option(
        names = "--lower",
        required = true,
        paramLabel = "COL",
        description = "Lower 95% limit.")
    String lower;

    @Option(
        names = "--upper",
        required = true,
        paramLabel = "COL",
        description = "Upper 95% limit.")
    String upper;

    @Option(names = "--by", paramLabel = "COL")
    List<String> by = List.of();

    @Option(names = "--polarity", defaultValue = "none", paramLabel = "low|high|none")
    String polarity;

    @Override
    public void run() {
      files.done(
          StatsTables.trend(
              files.input,
              files.output,
              time,
              value,
              lower,
              upper,
              by,
              polarity(polarity),
              StatsCommand::option));
    }
  }
}
