package vru.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationResult;
import vru.metrics.api.PanelStore;

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
          Pipeline p = new Pipeline(c, db, job);
          List<vru.metrics.api.PanelRow> panel = PanelStore.latest(db, c.id(), c.name());
          List<EvaluationResult> results = p.evaluate(panel);
          print(results);
          p.toc(panel, results).ifPresent(TocCommand::summary);
        });
  }

  static void print(List<EvaluationResult> results) {
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
    }
  }
}
