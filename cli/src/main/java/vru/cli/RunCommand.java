package vru.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.api.FinancialYear;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.pipeline.api.Pipeline;
import vru.pipeline.api.PipelineResult;

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

  @Override
  public void run() {
    PartnershipConfig c = config.load();
    Database db = database.open();
    Optional<FinancialYear> fy = Optional.ofNullable(year).map(FinancialYear::parse);
    JobScope.run(
        db,
        "run",
        Map.of("config", c.file().toString()),
        job -> {
          PipelineResult r =
              new Pipeline(c, db, job, Console::progressLine)
                  .run(spark.session(c.warehouse()), database.keyFile(), fy);
          Printed.theoryOfChange(r.evaluation());
          Console.out("annual review: %s", r.report().path());
        });
  }
}
