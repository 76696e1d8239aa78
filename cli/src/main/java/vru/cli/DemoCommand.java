package vru.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
import vru.ingest.generate.GenerateOptions;
import vru.ingest.generate.Programme;

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
          Path data = dir.resolve("data");
          Console.progress("[generate]");
          if (alreadyGenerated(data)) {
            Console.progress("  reusing %s (same seed and scale)", data);
          } else {
            GenerateCommand.generate(
                new GenerateOptions(data, seed, scale, 2014, 2024, 0.005, l -> {}));
          }
          Path yaml = writeConfig(dir);
          PartnershipConfig c = ConfigLoader.load(yaml);
          RunCommand.Outcome o = RunCommand.runAll(c, db, job, spark, database, Optional.empty());
          summary(o, data);
        });
  }

  private boolean alreadyGenerated(Path data) throws IOException {
    Path manifest = data.resolve("generated.json");
    if (!Files.exists(manifest)) {
      return false;
    }
    JsonNode m = new ObjectMapper().readTree(manifest.toFile());
    return m.path("seed").asLong() == seed && m.path("scale").asDouble() == scale;
  }

  static Path writeConfig(Path dir) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("# Written by 'vru demo'. See the README's configuration reference.\n");
    y.append("partnership:\n");
    y.append("  id: west-midlands-vru\n");
    y.append("  name: West Midlands Violence Reduction Partnership\n");
    y.append("  areas: [E23000014]\n");
    y.append("  start: 2019-04-01\n");
    y.append("# every area funded for a VRU: the treated group of the impact evaluation\n");
    y.append("programme-areas:\n");
    for (Map.Entry<String, LocalDate> e :
        Programme.STARTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      y.append("  - {area: ")
          .append(e.getKey())
          .append(", start: ")
          .append(e.getValue())
          .append("}\n");
    }
    y.append("comparison: all-other-areas\n");
    y.append("measures: [knife_admissions, knife_crime, homicide]\n");
    y.append("baseline: FY2018/19\n");
    y.append("languages: [en]\n");
    y.append("warehouse: warehouse\n");
    y.append("theory-of-change: toc.yaml\n");
    y.append("inputs:\n");
    y.append("  geography: [data/geography/lsoa-lookup.csv]\n");
    y.append("  population: [data/population]\n");
    y.append("  police-records: [data/police]\n");
    y.append("  hospital-admissions: [data/hospital]\n");
    y.append("  homicide-index: [data/homicide]\n");
    y.append("  programme: [data/programme]\n");
    Files.createDirectories(dir);
    Path toc = dir.resolve("toc.yaml");
    if (!Files.exists(toc)) {
      try (var in = vru.evaluation.toc.TocModel.class.getResourceAsStream("example-toc.yaml")) {
        Files.copy(in, toc);
      }
    }
    Path file = dir.resolve("vru.yaml");
    Files.writeString(file, y);
    return file;
  }

  private static void summary(RunCommand.Outcome o, Path data) throws IOException {
    Map<String, double[]> truth = Truth.read(data.resolve("truth.csv"));
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
    Console.out(
        "Impact (difference-in-differences, 20 programme forces vs 23 others; per 100,000, homicide per 1,000,000):");
    Console.out(
        "  %-18s %-5s %9s %23s %15s", "measure", "", "estimate", "95% CI", "injected truth");
    for (EvaluationResult r : o.evaluation()) {
      var e = r.estimate();
      double[] t = truth.get(r.measure());
      Console.out(
          "  %-18s %-5s %9.3f %10.3f to %9.3f %15.3f  (%.0f%% fewer)",
          r.measure(), e.estimator(), e.estimate(), e.ciLower(), e.ciUpper(), t[0], -100 * t[1]);
    }
    Console.out("Report: %s", o.report().path());
  }

  /** The overall rows of truth.csv: measure to {effect_rate, relative_effect}. */
  static final class Truth {
    private Truth() {}

    static Map<String, double[]> read(Path file) throws IOException {
      Map<String, double[]> m = new java.util.HashMap<>();
      java.util.List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        if (f[1].equals("0")) {
          m.put(f[0], new double[] {Double.parseDouble(f[4]), Double.parseDouble(f[5])});
        }
      }
      return m;
    }
  }
}
