package vru.ingest.api.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Generates a synthetic England and Wales in the file formats partners send: geography lookup,
 * population estimates, police record-level crimes, hospital episodes, the Homicide Index and
 * programme monitoring, plus {@code truth.csv} (the injected programme effect) and {@code
 * generated.json} (the options, files and deliberately bad rows). Deterministic for a seed: files
 * are written in parallel, each from its own seed, so the bytes do not depend on thread timing.
 * Rows stream to disk; memory does not grow with {@code --scale}. See {@code
 * docs/synthetic-data.md}.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** The result of a generation. */
  public record Result(Path out, List<GeneratedFile> files, List<Truth> truth, long millis) {
    public long totalRows() {
      return files.stream().mapToLong(GeneratedFile::rows).sum();
    }

    /** Rows per source, summed over files. */
    public Map<String, Long> rowsBySource() {
      Map<String, Long> m = new LinkedHashMap<>();
      files.forEach(f -> m.merge(f.source(), f.rows(), Long::sum));
      return m;
    }

    /** The overall injected effect for a measure, in rate units. */
    public Truth overall(String measure) {
      return truth.stream()
          .filter(t -> t.measure().equals(measure) && t.cohort() == 0)
          .findFirst()
          .orElseThrow();
    }
  }

  /** Writes every file under {@code options.out()}. */
  public static Result generate(GenerateOptions options) {
    long started = System.nanoTime();
    Path out = options.out();
    try {
      Files.createDirectories(out);
      SyntheticGeography geography = new SyntheticGeography(options.seed());
      EventModel model =
          new EventModel(options.seed(), options.scale(), options.nationalScale(), geography);
      List<Callable<GeneratedFile>> tasks = new ArrayList<>();
      tasks.add(() -> ReferenceWriters.geography(geography, out));
      tasks.add(() -> ReferenceWriters.population(geography, out, options));
      tasks.add(() -> ReferenceWriters.deprivation(geography, out, options.seed()));
      for (int fy = options.firstYear(); fy <= options.lastYear(); fy++) {
        int year = fy;
        tasks.add(() -> PoliceRecordsWriter.write(model, year, out, options));
        tasks.add(() -> AdmissionsWriter.write(model, year, out, options));
      }
      tasks.add(() -> ReferenceWriters.homicides(model, out, options));
      tasks.add(() -> ReferenceWriters.programme(out, options));
      List<GeneratedFile> files = runAll(tasks, options);
      List<Truth> truth = Truth.compute(model, options.firstYear(), options.lastYear());
      writeTruth(out, truth);
      long millis = (System.nanoTime() - started) / 1_000_000;
      Result result = new Result(out, files, truth, millis);
      writeManifest(options, result);
      return result;
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.INPUT_NOT_FOUND,
          "cannot write generated data to " + out + ": " + e.getMessage(),
          e);
    }
  }

  /** Runs the writers in parallel; reports each file as it finishes; returns them in task order. */
  private static List<GeneratedFile> runAll(List<Callable<GeneratedFile>> tasks, GenerateOptions o)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      CompletionService<GeneratedFile> done = new ExecutorCompletionService<>(pool);
      List<Future<GeneratedFile>> futures = new ArrayList<>();
      for (Callable<GeneratedFile> t : tasks) {
        futures.add(done.submit(t));
      }
      for (int i = 0; i < tasks.size(); i++) {
        GeneratedFile f = done.take().get();
        o.progress()
            .accept(
                String.format(
                    java.util.Locale.UK,
                    "[%d/%d] %s: %,d rows",
                    i + 1,
                    tasks.size(),
                    o.out().relativize(f.path()),
                    f.rows()));
      }
      List<GeneratedFile> files = new ArrayList<>();
      for (Future<GeneratedFile> f : futures) {
        files.add(f.get());
      }
      return files;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("generation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException("generation failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void writeTruth(Path out, List<Truth> truth) throws IOException {
    StringBuilder sb =
        new StringBuilder("measure,cohort,financial_year,cells,effect_rate,relative_effect\n");
    truth.forEach(t -> sb.append(t.csv()).append('\n'));
    Files.writeString(out.resolve("truth.csv"), sb, StandardCharsets.UTF_8);
  }

  private static void writeManifest(GenerateOptions o, Result r) throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("seed", o.seed());
    manifest.put("scale", o.scale());
    manifest.put("national_scale", o.nationalScale());
    manifest.put("first_year", o.firstYear());
    manifest.put("last_year", o.lastYear());
    manifest.put("dirty_rate", o.dirtyRate());
    List<Map<String, Object>> files = new ArrayList<>();
    for (GeneratedFile f : r.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", r.out().relativize(f.path()).toString());
      m.put("source", f.source());
      m.put("rows", f.rows());
      m.put("dirty_rows", f.dirtyRows());
      files.add(m);
    }
    manifest.put("files", files);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(r.out().resolve("generated.json").toFile(), manifest);
  }
}
