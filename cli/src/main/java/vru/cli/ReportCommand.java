package vru.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.pipeline.api.AllForces;
import vru.pipeline.api.Comparisons;
import vru.pipeline.api.Pipeline;
import vru.reports.api.Language;
import vru.reports.api.ReportResult;

/** vru report: written reports. */
@Command(
    name = "report",
    description = "Write reports.",
    subcommands = {ReportCommand.Annual.class, ReportCommand.Compare.class})
final class ReportCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** vru report annual. */
  @Command(
      name = "annual",
      description = "The partnership's annual review (HTML) from the latest published results.")
  static final class Annual implements Runnable {
    @Mixin ConfigOption config;
    @Mixin DatabaseOptions database;

    @Option(
        names = "--year",
        paramLabel = "FY2024/25",
        description = "Financial year reviewed (default: the latest in the panel).")
    String year;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Folder for the report (default: reports/ beside vru.yaml).")
    Path out;

    @Option(
        names = "--language",
        paramLabel = "en|cy|both",
        description = "Report language(s) (default: vru.yaml's languages, else en).")
    String language;

    @Option(names = "--no-pdf", description = "Write the HTML only.")
    boolean noPdf;

    @Option(
        names = "--all-forces",
        description =
            "Write every police force area's own annual review (each force as a partnership of"
                + " one, compared with the other forces in its region), in parallel, into"
                + " reports/all-forces/ beside vru.yaml unless --out is given.")
    boolean allForces;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "Reviews written at once with --all-forces (default: the number of cores).")
    Integer threads;

    @Override
    public void run() {
      PartnershipConfig c = config.load();
      if (threads != null && (threads < 1 || !allForces)) {
        throw new VruException(
            ErrorCode.USAGE,
            allForces
                ? "--threads: give a number of at least 1 (got " + threads + ")"
                : "--threads goes with --all-forces");
      }
      Optional<FinancialYear> fy;
      try {
        fy = Optional.ofNullable(year).map(FinancialYear::parse);
      } catch (IllegalArgumentException e) {
        throw new VruException(ErrorCode.USAGE, "--year: " + e.getMessage());
      }
      Database db = database.open();
      JobScope.run(
          db,
          "report",
          Map.of("config", c.file().toString(), "year", String.valueOf(year)),
          job -> {
            Pipeline p = new Pipeline(c, db, job, Console::progressLine);
            if (allForces) {
              allForces(p, fy);
              return;
            }
            ReportResult r =
                p.reportLatest(
                    fy,
                    out == null ? p.reportFolder() : out,
                    p.languages(Optional.ofNullable(language)),
                    !noPdf);
            for (ReportResult.File f : r.files()) {
              Console.out("annual review (%s, %s) written: %s", f.language(), f.format(), f.path());
            }
          });
    }

    private void allForces(Pipeline p, Optional<FinancialYear> fy) {
      int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      Path folder = out != null ? out : p.reportFolder().resolve("all-forces");
      FinancialYear y = fy.orElseGet(() -> p.latestForceYear());
      AllForces r =
          p.reportAllForces(y, folder, p.languages(Optional.ofNullable(language)), !noPdf, n);
      long slowest = r.millis().values().stream().mapToLong(Long::longValue).max().orElse(0);
      double mean = r.millis().values().stream().mapToLong(Long::longValue).average().orElse(0);
      Console.out(
          "%d of %d force annual reviews for %s written to %s in %.1f s on %d thread(s)"
              + " (%.1f s each on average, slowest %.1f s)",
          r.written().size(),
          r.written().size() + r.refused().size(),
          y.label(),
          folder,
          r.wallMillis() / 1000.0,
          n,
          mean / 1000.0,
          slowest / 1000.0);
      if (!r.refused().isEmpty()) {
        StringBuilder why = new StringBuilder();
        r.refused()
            .forEach(
                (pfa, e) -> why.append("\n  ").append(pfa).append(": ").append(e.getMessage()));
        VruException first = r.refused().values().iterator().next();
        throw new VruException(
            first.code(),
            r.refused().size() + " force review(s) were not written; the others were:" + why);
      }
    }
  }

  /** vru report compare. */
  @Command(
      name = "compare",
      description =
          "All police force areas (or CSPs) side by side for one measure and period, from the"
              + " current metrics run.")
  static final class Compare implements Runnable {
    @Mixin DatabaseOptions database;

    @Option(
        names = "--measure",
        required = true,
        paramLabel = "ID",
        description = "The measure, e.g. knife_admissions.")
    String measure;

    @Option(
        names = "--period",
        required = true,
        paramLabel = "YE2025-03|FY2024/25",
        description = "Rolling 12 months ending a month (YE2025-03) or a financial year.")
    String period;

    @Option(
        names = "--level",
        defaultValue = "pfa",
        paramLabel = "pfa|csp",
        description = "Areas compared (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "A vru.yaml whose programme areas are marked as VRU areas and whose own areas are"
                + " highlighted (optional).")
    Path config;

    @Option(
        names = "--warehouse",
        paramLabel = "DIR",
        description =
            "The warehouse whose current metrics run is compared (needed without --config; with"
                + " --config, vru.yaml's warehouse).")
    Path warehouse;

    @Option(
        names = "--out",
        defaultValue = "reports",
        paramLabel = "DIR",
        description = "Folder for the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--language", defaultValue = "en", paramLabel = "en|cy|both")
    String language;

    @Option(names = "--no-pdf", description = "Write the HTML only.")
    boolean noPdf;

    @Override
    public void run() {
      vru.metrics.api.Period p;
      try {
        p =
            vru.metrics.api.Period.parse(
                period.startsWith("YE")
                    ? vru.metrics.api.Period.Type.R12
                    : vru.metrics.api.Period.Type.FY,
                period);
      } catch (VruException e) {
        throw new VruException(ErrorCode.USAGE, "--period: " + e.getMessage());
      }
      Optional<PartnershipConfig> c = Optional.ofNullable(config).map(ConfigLoader::load);
      if (c.isEmpty() && warehouse == null) {
        throw new VruException(
            ErrorCode.USAGE,
            "say which warehouse to compare: --config vru.yaml or --warehouse DIR (every"
                + " warehouse on this machine shares one database)");
      }
      if (c.isPresent()
          && warehouse != null
          && !c.get()
              .warehouse()
              .toAbsolutePath()
              .normalize()
              .equals(warehouse.toAbsolutePath().normalize())) {
        throw new VruException(
            ErrorCode.USAGE,
            "--warehouse "
                + warehouse
                + " is not the warehouse of "
                + config
                + " ("
                + c.get().warehouse()
                + "): give one of them");
      }
      Path wh = c.map(PartnershipConfig::warehouse).orElse(warehouse);
      List<Language> languages = Language.parse(language);
      Database db = database.open();
      JobScope.run(
          db,
          "report-compare",
          Map.of("measure", measure, "period", period, "level", level),
          job -> {
            ReportResult r =
                Comparisons.write(db, job, measure, p, level, wh, c, out, languages, !noPdf);
            for (ReportResult.File f : r.files()) {
              Console.out("comparison (%s, %s) written: %s", f.language(), f.format(), f.path());
            }
          });
    }
  }
}
