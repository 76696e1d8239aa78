package vru.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.evaluation.api.TheoryOfChange;
import vru.pipeline.api.Pipeline;

/** vru toc: the partnership's theory of change, checked and assessed (no Spark). */
@Command(
    name = "toc",
    description = "Validate and assess a theory of change (toc.yaml; docs/theory-of-change.md).",
    subcommands = {TocCommand.Validate.class, TocCommand.Assess.class})
final class TocCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** vru toc validate. */
  @Command(
      name = "validate",
      description =
          "Check a toc.yaml: ids, stages, links, cycles, success measures; with --config also that"
              + " every indicator has data. Exit 3 on errors.")
  static final class Validate implements Runnable {
    @Parameters(index = "0", paramLabel = "TOC.yaml", description = "The theory of change.")
    Path file;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description =
            "The partnership's vru.yaml: also check indicators against its published data.")
    Path config;

    @Mixin DatabaseOptions database;

    @Override
    public void run() {
      TheoryOfChange.Validation v;
      if (config != null) {
        PartnershipConfig c = ConfigLoader.load(config);
        v =
            TheoryOfChange.validate(
                file,
                new Pipeline(c, database.open(), null, Console::progressLine).latestTocData(),
                vru.core.config.MeasureCatalogue.load(c.measureFiles()).keySet());
      } else {
        v = TheoryOfChange.validate(file);
      }
      for (var f : v.findings()) {
        System.err.println(f.format(file.toString()));
      }
      if (v.errors() > 0) {
        throw new VruException(
            ErrorCode.CONFIG_INVALID,
            file + ": " + v.errors() + " error(s), " + v.warnings() + " warning(s)");
      }
      Console.out(
          "%s: valid (%d nodes, %d links, %d indicators; %d warning(s))",
          file,
          v.model().nodes().size(),
          v.model().links().size(),
          v.model().indicators().size(),
          v.warnings());
    }
  }

  /** vru toc assess. */
  @Command(
      name = "assess",
      description =
          "Assess the theory of change on the latest published results: status of every indicator,"
              + " evidence on every link, impact on every long-term outcome; writes the diagram.")
  static final class Assess implements Runnable {
    @Mixin ConfigOption config;
    @Mixin DatabaseOptions database;

    @Option(
        names = "--toc",
        paramLabel = "FILE",
        description = "The model (default: theory-of-change in vru.yaml).")
    Path toc;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Folder for the diagram and JSON (default: reports/ beside vru.yaml).")
    Path out;

    @Option(names = "--json", description = "Print the assessment as JSON.")
    boolean json;

    @Override
    public void run() {
      PartnershipConfig c = config.load();
      Path model =
          Optional.ofNullable(toc)
              .or(c::theoryOfChange)
              .orElseThrow(
                  () ->
                      new VruException(
                          ErrorCode.USAGE,
                          "no theory of change: give --toc FILE or 'theory-of-change:' in "
                              + c.file()));
      Database db = database.open();
      JobScope.run(
          db,
          "toc assess",
          Map.of("config", c.file().toString(), "toc", model.toString()),
          job -> {
            Pipeline p = new Pipeline(c, db, job, Console::progressLine);
            Pipeline.Assessed a = p.assess(model, out != null ? out : p.reportFolder());
            TheoryOfChange.Result r = a.result();
            Path svg = a.diagram();
            if (json) {
              System.out.println(r.json());
            } else {
              Printed.assessment(r);
              Console.out("Diagram: %s", svg);
            }
            for (var f : r.validation().findings()) {
              System.err.println(f.format(model.toString()));
            }
          });
    }
  }
}
