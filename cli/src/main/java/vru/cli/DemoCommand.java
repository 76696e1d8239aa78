package vru.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationResult;
import vru.ingest.api.FileSummary;
import vru.pipeline.api.Demo;
import vru.pipeline.api.Pipeline;
import vru.pipeline.api.PipelineResult;

/** vru demo: synthetic data for all of England and Wales, then the whole pipeline for one VRU. */
@Command(
    name = "demo",
    description =
        "Generate synthetic data, write a vru.yaml for the West Midlands VRU, run the"
            + " whole pipeline and compare the estimated effect with the injected truth.")
final class DemoCommand implements Runnable {
  @Option(
      names = "--out",
      defaultValue = "vru-demo",
      paramLabel = "DIR",
      description = "Folder for the demo (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--scale",
      defaultValue = "0.1",
      description = "Data volume; 1 is national volume (default ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DatabaseOptions database;
  @Mixin SparkOption spark;

  @Override
  public void run() {
    Path dir = out.toAbsolutePath().normalize();
    Database db = database.open();
    JobScope.run(
        db,
        "demo",
        Map.of("out", dir.toString(), "scale", scale, "seed", seed),
        job -> {
          Path yaml = Demo.prepare(dir, seed, scale, Console::progressLine);
          PartnershipConfig c = ConfigLoader.load(yaml);
          PipelineResult r =
              new Pipeline(c, db, job, Console::progressLine)
                  .run(spark.session(c.warehouse()), database.keyFile(), Optional.empty());
          Printed.theoryOfChange(r.evaluation());
          Console.out("annual review: %s", r.report().path());
          summary(r, Demo.truth(dir.resolve("data")));
        });
  }

  private static void summary(PipelineResult o, Map<String, Demo.Truth> truth) {
    Console.out("");
    Console.out("Rows by source (read = accepted + quarantined):");
    Map<String, long[]> bySource = new java.util.LinkedHashMap<>();
    for (FileSummary f : o.files()) {
      long[] t = bySource.computeIfAbsent(f.source(), k -> new long[4]);
      t[0] += f.rowsRead();
      t[1] += f.rowsAccepted();
      t[2] += f.rowsQuarantined();
      t[3] += f.alreadyIngested() ? 1 : 0;
    }
    bySource.forEach(
        (s, t) ->
            Console.out(
                "  %-20s %,11d read %,11d accepted %,8d quarantined%s",
                s, t[0], t[1], t[2], t[3] > 0 ? "  (" + t[3] + " file(s) already ingested)" : ""));
    Console.out("Measures computed: %,d panel rows", o.panel().size());
    List<EvaluationResult> pooled =
        o.evaluation().results().stream().filter(r -> !r.own()).toList();
    List<EvaluationResult> own = o.evaluation().results().stream().filter(r -> r.own()).toList();
    Console.out(
        "Impact, pooled over the programme forces (difference-in-differences, %s; per 100,000,"
            + " homicide per 1,000,000):",
        pooled.isEmpty()
            ? "none"
            : pooled.get(0).estimate().treatedUnits()
                + " programme forces vs "
                + (pooled.get(0).estimate().units() - pooled.get(0).estimate().treatedUnits())
                + " others");
    impact(pooled, truth);
    Console.out(
        "West Midlands' own effect (synthetic difference-in-differences, with synthetic control and"
            + " uniform-weights DiD beside it; placebo inference; the truth column is the pooled"
            + " injected effect):");
    impact(own, truth);
    Console.out("Report: %s", o.report().path());
  }

  private static void impact(List<EvaluationResult> results, Map<String, Demo.Truth> truth) {
    Console.out(
        "  %-18s %-8s %9s %23s %15s", "measure", "", "estimate", "95% CI", "injected truth");
    for (EvaluationResult r : results) {
      var e = r.estimate();
      Demo.Truth t = truth.get(r.measure());
      Console.out(
          "  %-18s %-8s %9.3f %10.3f to %9.3f %15.3f  (%.0f%% fewer)",
          r.measure(),
          e.estimator(),
          e.estimate(),
          e.ciLower(),
          e.ciUpper(),
          t.effect(),
          -100 * t.relative());
    }
  }
}
