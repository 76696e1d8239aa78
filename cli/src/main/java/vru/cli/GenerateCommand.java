package vru.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.ingest.api.generate.GenerateOptions;
import vru.pipeline.api.Demo;

/** vru generate: synthetic England and Wales in partners' file formats. */
@Command(
    name = "generate",
    description =
        "Generate synthetic data for England and Wales (police, hospital, Homicide Index,"
            + " population, geography, programme monitoring) with a known injected effect.")
final class GenerateCommand implements Runnable {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write into.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      defaultValue = "0.1",
      description =
          "Volume multiplier; 1 is national volume, about 1.6 million police rows a year"
              + " (default ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--first-year",
      defaultValue = "2014",
      description = "First financial year (default ${DEFAULT-VALUE}, i.e. FY2014/15).")
  int firstYear;

  @Option(
      names = "--last-year",
      defaultValue = "2024",
      description = "Last financial year (default ${DEFAULT-VALUE}).")
  int lastYear;

  @Mixin DatabaseOptions database;

  @Override
  public void run() {
    GenerateOptions options;
    try {
      options = new GenerateOptions(out, seed, scale, firstYear, lastYear, 0.005, line -> {});
    } catch (IllegalArgumentException e) {
      throw new VruException(ErrorCode.USAGE, e.getMessage());
    }
    JobScope.run(
        database.open(),
        "generate",
        Map.of("out", out.toAbsolutePath().toString(), "seed", seed, "scale", scale),
        job -> Demo.generate(options, Console::progressLine));
  }
}
