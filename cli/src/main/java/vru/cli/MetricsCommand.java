package vru.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.metrics.api.PanelRow;

/** vru metrics: the measure panel for a partnership and every force. */
@Command(
    name = "metrics",
    description =
        "Compute the success measures per force area, country and partnership, by financial year, with confidence intervals.")
final class MetricsCommand implements Runnable {
  @Mixin ConfigOption config;
  @Mixin DatabaseOptions database;
  @Mixin SparkOption spark;

  @Override
  public void run() {
    PartnershipConfig c = config.load();
    Database db = database.open();
    JobScope.run(
        db,
        "metrics",
        Map.of("config", c.file().toString()),
        job -> {
          List<PanelRow> panel = new Pipeline(c, db, job).metrics(spark.session());
          Console.out(
              "%,d panel rows published for %s (measures: %s)",
              panel.size(), c.name(), String.join(", ", c.measures()));
        });
  }
}
