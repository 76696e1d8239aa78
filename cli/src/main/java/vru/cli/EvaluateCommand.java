package vru.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.pipeline.api.Pipeline;
import vru.pipeline.api.PipelineResult;

/** vru evaluate: difference-in-differences on the latest measure panel (no Spark). */
@Command(
    name = "evaluate",
    description =
        "Estimate the programme's effect on each measure (difference-in-differences on force-by-year rates) from the latest published panel.")
final class EvaluateCommand implements Runnable {
  @Mixin ConfigOption config;
  @Mixin DatabaseOptions database;

  @Override
  public void run() {
    PartnershipConfig c = config.load();
    Database db = database.open();
    JobScope.run(
        db,
        "evaluate",
        Map.of("config", c.file().toString()),
        job -> {
          PipelineResult.Evaluated e =
              new Pipeline(c, db, job, Console::progressLine).evaluateLatest();
          Printed.estimates(e.results());
          Printed.theoryOfChange(e);
        });
  }
}
