package vru.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.Metrics;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.MetricsResult;
import vru.metrics.api.PanelExport;
import vru.pipeline.api.Pipeline;

/** vru metrics: the measure panel for a partnership, or for every area of the country. */
@Command(
    name = "metrics",
    description = {
      "Compute the measures per local authority, CSP, force area, country (and partnership) by"
          + " financial year, with confidence intervals and comparisons.",
      "Either --config vru.yaml (the partnership's measures and areas) or --all-areas --warehouse"
          + " DIR (every measure of the built-in catalogue whose source has been ingested).",
      "With --config, local authorities and CSPs get rows in the partnership's and its similar"
          + " areas' forces only (all its review, comparisons and evaluation read); add --all-areas"
          + " for every one in the country."
    })
final class MetricsCommand implements Runnable {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The partnership's configuration file (vru.yaml).")
  Path config;

  @Option(
      names = "--all-areas",
      description =
          "Every local authority and CSP of the country: without --config, the national run (no"
              + " partnership); with it, the partnership's panel plus every local area.")
  boolean allAreas;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "With --all-areas: the warehouse.")
  Path warehouse;

  @Option(
      names = "--measure",
      paramLabel = "ID",
      description = "With --all-areas: only these measures (repeatable).")
  List<String> measures = new ArrayList<>();

  @Option(
      names = "--export",
      paramLabel = "FILE.csv",
      description =
          "Also write the current panel of one area level (--level) as a CSV for publication,"
              + " with each measure's disclosure rule applied and checked.")
  Path export;

  @Option(
      names = "--level",
      paramLabel = "LEVEL",
      defaultValue = "pfa",
      description = "With --export: la, csp, pfa, region, country or partnership (default pfa).")
  String level;

  @Mixin DatabaseOptions database;
  @Mixin SparkOption spark;

  private void export(Database db, MetricsResult r) {
    if (export == null) {
      return;
    }
    PanelExport.Summary s = PanelExport.write(db, r.run(), level, export);
    Console.out(
        "%,d %s rows exported to %s (disclosure rules %s; %,d counts withheld)",
        s.rows(), level, export, s.byRule(), s.suppressed());
  }

  @Override
  public void run() {
    if (export != null && !PanelExport.LEVELS.contains(level)) {
      throw new VruException(
          ErrorCode.USAGE,
          "--level must be one of "
              + String.join(", ", PanelExport.LEVELS)
              + ", not '"
              + level
              + "'");
    }
    if (config == null && !allAreas) {
      throw new VruException(
          ErrorCode.USAGE, "give either --config vru.yaml or --all-areas --warehouse DIR");
    }
    if (config != null && (warehouse != null || !measures.isEmpty())) {
      throw new VruException(
          ErrorCode.USAGE,
          "--warehouse and --measure are for the national run without --config; the partnership's"
              + " warehouse and measures are in its vru.yaml");
    }
    Database db = database.open();
    if (config != null) {
      PartnershipConfig c = ConfigLoader.load(config);
      JobScope.run(
          db,
          "metrics",
          Map.of("config", c.file().toString()),
          job -> {
            MetricsResult r =
                new Pipeline(c, db, job, Console::progressLine)
                    .metrics(spark.session(c.warehouse()), allAreas);
            Console.out(
                "%s for %s (measures: %s)",
                Pipeline.describe(r), c.name(), String.join(", ", c.measures()));
            export(db, r);
          });
      return;
    }
    if (warehouse == null) {
      throw new VruException(ErrorCode.USAGE, "--all-areas needs --warehouse DIR");
    }
    Warehouse wh = new Warehouse(warehouse);
    List<String> ids = new ArrayList<>(measures);
    if (ids.isEmpty()) {
      for (MeasureDefinition d : MeasureDefinition.BUILT_IN) {
        if (Files.isDirectory(wh.table(d.table()))) {
          ids.add(d.id());
        }
      }
    }
    if (ids.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          warehouse + " has no police, admissions or homicide table: ingest a source first");
    }
    ids.forEach(MeasureDefinition::of);
    JobScope.run(
        db,
        "metrics",
        Map.of("all_areas", true, "warehouse", warehouse.toString(), "measures", ids),
        job -> {
          long start = System.nanoTime();
          MetricsResult r =
              Metrics.compute(
                  new MetricsRequest(spark.session(wh.root()), db, job, wh, ids, Optional.empty())
                      .withProgress(Console::progressLine));
          Console.out(
              "%s for every area (measures: %s) in %s",
              Pipeline.describe(r), String.join(", ", ids), Console.seconds(start));
          export(db, r);
        });
  }
}
