package vru.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.api.FinancialYear;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationResult;
import vru.ingest.api.FileSummary;
import vru.ingest.api.IngestRequest;
import vru.metrics.api.MetricsResult;
import vru.metrics.api.PanelRow;
import vru.reports.api.ReportResult;

/** vru run: every stage for a vru.yaml. */
@Command(
    name = "run",
    description = "Run the whole pipeline for a partnership: ingest, metrics, evaluate, report.")
final class RunCommand implements Runnable {
  @Mixin ConfigOption config;
  @Mixin DatabaseOptions database;
  @Mixin SparkOption spark;

  @Option(
      names = "--year",
      paramLabel = "FY2024/25",
      description = "Financial year of the annual review (default: the latest).")
  String year;

  /** What a whole run produced. */
  record Outcome(
      List<FileSummary> files,
      List<PanelRow> panel,
      List<EvaluationResult> evaluation,
      Optional<vru.evaluation.api.TheoryOfChange.Result> toc,
      ReportResult report) {}

  @Override
  public void run() {
    PartnershipConfig c = config.load();
    Database db = database.open();
    Optional<FinancialYear> fy = Optional.ofNullable(year).map(FinancialYear::parse);
    JobScope.run(
        db,
        "run",
        Map.of("config", c.file().toString()),
        job -> runAll(c, db, job, spark, database, fy));
  }

  static Outcome runAll(
      PartnershipConfig c,
      Database db,
      java.util.UUID job,
      SparkOption spark,
      DatabaseOptions database,
      Optional<FinancialYear> year) {
    Pipeline p = new Pipeline(c, db, job);
    long start = System.nanoTime();
    Console.progress("[ingest]");
    SparkSession session = spark.session();
    List<FileSummary> files =
        p.ingest(session, database.keyFile(), IngestRequest.DEFAULT_MAX_QUARANTINED);
    Console.progress("[metrics]");
    long t = System.nanoTime();
    MetricsResult m = p.metrics(session);
    List<PanelRow> panel = m.annual();
    Console.progress("  %s (%s)", MetricsCommand.describe(m), Console.seconds(t));
    Console.progress("[evaluate]");
    List<EvaluationResult> results = p.evaluate(panel);
    Optional<vru.evaluation.api.TheoryOfChange.Result> toc = p.toc(panel, results);
    toc.ifPresent(TocCommand::summary);
    Console.progress("[report]");
    ReportResult report = p.report(panel, results, toc, year, p.reportFolder());
    Console.progress("pipeline finished in %s", Console.seconds(start));
    Console.out("annual review: %s", report.path());
    return new Outcome(files, panel, results, toc, report);
  }
}
