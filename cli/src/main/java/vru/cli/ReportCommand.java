package vru.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationStore;
import vru.metrics.api.PanelStore;
import vru.reports.api.ReportResult;

/** vru report: written reports. */
@Command(name = "report", description = "Write reports.", subcommands = ReportCommand.Annual.class)
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

    @Override
    public void run() {
      PartnershipConfig c = config.load();
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
            Pipeline p = new Pipeline(c, db, job);
            var panel = PanelStore.latest(db, c.id(), c.name());
            var results = EvaluationStore.latest(db);
            ReportResult r =
                p.report(
                    panel,
                    results,
                    p.toc(panel, results),
                    fy,
                    out == null ? p.reportFolder() : out);
            Console.out("annual review written: %s", r.path());
          });
    }
  }
}
