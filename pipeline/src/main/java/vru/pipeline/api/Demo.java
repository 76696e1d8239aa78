package vru.pipeline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import vru.ingest.api.generate.GenerateOptions;
import vru.ingest.api.generate.Programme;
import vru.ingest.api.generate.SyntheticData;

/**
 * The demo's inputs: synthetic England and Wales (generated once per seed and scale, reused after),
 * a vru.yaml for the West Midlands VRU and the example theory of change.
 */
public final class Demo {
  private Demo() {}

  /**
   * The demo folder made ready: data generated into {@code dir/data} unless the same seed and scale
   * are there already, {@code dir/vru.yaml} and {@code dir/toc.yaml} written.
   *
   * @return the vru.yaml
   */
  public static Path prepare(Path dir, long seed, double scale, Consumer<String> progress) {
    Path data = dir.resolve("data");
    progress.accept("[generate]");
    if (alreadyGenerated(data, seed, scale)) {
      progress.accept("  reusing " + data + " (same seed and scale)");
    } else {
      generate(
          new GenerateOptions(data, seed, scale, 2014, 2024, 0.005, l -> {})
              .withNationalScale(nationalScale(scale)),
          progress);
    }
    return writeConfig(dir);
  }

  /** Generates synthetic data, reporting progress and rows per source. */
  public static SyntheticData.Result generate(GenerateOptions options, Consumer<String> progress) {
    long start = System.nanoTime();
    progress.accept(
        String.format(
            java.util.Locale.UK,
            "  generating synthetic data (scale %s, seed %d) into %s",
            options.scale(),
            options.seed(),
            options.out()));
    SyntheticData.Result r =
        SyntheticData.generate(options.withProgress(line -> progress.accept("  " + line)));
    r.rowsBySource()
        .forEach(
            (source, rows) ->
                progress.accept(
                    String.format(java.util.Locale.UK, "  %-20s %,11d rows", source, rows)));
    progress.accept(
        String.format(
            java.util.Locale.UK,
            "  %,d rows in %d files (%.1f s)",
            r.totalRows(),
            r.files().size(),
            (System.nanoTime() - start) / 1e9));
    return r;
  }

  /**
   * The scale of the national measures' own events in the demo: ten times the bulk's, at most the
   * national volume. At the demo's --scale 0.1 knife crime, knife admissions and homicides are at
   * real magnitudes (about 80 knife offences and 7 admissions per 100,000, 10 homicides per
   * million) while the other crime and admissions, which no national measure reads, stay thinned.
   */
  public static double nationalScale(double scale) {
    return Math.min(1.0, scale * 10);
  }

  private static boolean alreadyGenerated(Path data, long seed, double scale) {
    Path manifest = data.resolve("generated.json");
    if (!Files.exists(manifest)) {
      return false;
    }
    try {
      JsonNode m = new ObjectMapper().readTree(manifest.toFile());
      return Files.exists(data.resolve("deprivation/imd-deciles.csv"))
          && m.path("seed").asLong() == seed
          && m.path("scale").asDouble() == scale
          && m.path("national_scale").asDouble() == nationalScale(scale);
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes the West Midlands VRU's vru.yaml (and toc.yaml when missing) into {@code dir}. */
  public static Path writeConfig(Path dir) {
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
    y.append("# the partnership's local definition of serious violence (made up for the demo)\n");
    y.append("definition:\n");
    y.append("  measures: [knife_admissions, knife_crime, homicide]\n");
    y.append("  text:\n");
    y.append(
        "    en: \"Serious violence is violence that causes or risks serious injury or death:"
            + " homicide, violence with a knife or other weapon, and serious assault, in public"
            + " places and at home, with a focus on people under 25.\"\n");
    y.append(
        "    cy: \"Trais difrifol yw trais sy'n achosi neu'n peryglu anaf difrifol neu farwolaeth:"
            + " dynladdiad, trais gyda chyllell neu arf arall, ac ymosodiad difrifol, mewn mannau"
            + " cyhoeddus ac yn y cartref, gyda ffocws ar bobl dan 25 oed.\"\n");
    y.append("inputs:\n");
    y.append("  geography: [data/geography/lsoa-lookup.csv]\n");
    y.append("  population: [data/population]\n");
    y.append("  police-records: [data/police]\n");
    y.append("  hospital-admissions: [data/hospital]\n");
    y.append("  homicide-index: [data/homicide]\n");
    y.append("  programme: [data/programme]\n");
    try {
      Files.createDirectories(dir);
      Path toc = dir.resolve("toc.yaml");
      if (!Files.exists(toc)) {
        try (InputStream in = vru.evaluation.api.TheoryOfChange.exampleModel()) {
          Files.copy(in, toc);
        }
      }
      writeReviewContent(dir);
      Path file = dir.resolve("vru.yaml");
      Files.writeString(file, y);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The demo partnership's review content (its sections in review/, its actions.yaml and the
   * generated deprivation lookup as review/deprivation.csv), each written only when missing, so an
   * analyst's edits to them are kept.
   */
  private static void writeReviewContent(Path dir) throws IOException {
    List<String> files = new java.util.ArrayList<>(List.of("actions.yaml"));
    for (String section : List.of("foreword", "governance", "needs-assessment", "next-year")) {
      for (String language : List.of("en", "cy")) {
        files.add("review/" + section + "." + language + ".md");
      }
    }
    // the generated LSOA deprivation lookup, for who is affected
    Path imd = dir.resolve("data/deprivation/imd-deciles.csv");
    Path lookup = dir.resolve("review/deprivation.csv");
    if (Files.isRegularFile(imd) && !Files.exists(lookup)) {
      Files.createDirectories(lookup.getParent());
      Files.copy(imd, lookup);
    }
    for (String f : files) {
      Path target = dir.resolve(f);
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        try (InputStream in = Demo.class.getResourceAsStream("/vru/pipeline/demo/" + f)) {
          Files.copy(in, target);
        }
      }
    }
  }

  /** The injected overall effect per measure: {effect on the rate, relative effect}. */
  public record Truth(double effect, double relative) {}

  /** The overall rows of the generated {@code truth.csv}, by measure. */
  public static Map<String, Truth> truth(Path data) {
    Map<String, Truth> m = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(data.resolve("truth.csv"));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        if (f[1].equals("0")) {
          m.put(f[0], new Truth(Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
