package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/architecture.md, checked on every main source file: arrows point one way
 * (no stage uses a later stage, pipeline or cli), a module uses another only through its API
 * packages, reports reads no other stage's tables, and no file is over 500 lines.
 */
class ArchitectureTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Which modules each module may use (core everywhere). */
  static final Map<String, Set<String>> MAY_USE =
      Map.of(
          "core", Set.of(),
          "ingest", Set.of("core"),
          "metrics", Set.of("core"),
          "evaluation", Set.of("core", "metrics"),
          "reports", Set.of("core", "ingest", "metrics", "evaluation"),
          "pipeline", Set.of("core", "ingest", "metrics", "evaluation", "reports"),
          "cli", Set.of("core", "ingest", "metrics", "evaluation", "reports", "pipeline"),
          "benchmarks", Set.of("core", "ingest", "metrics", "evaluation"));

  static final Pattern REFERENCE = Pattern.compile("\\bvru\\.([a-z]+)\\.([a-z]+)");

  record Source(String module, Path path, String text) {}

  static List<Source> sources() throws IOException {
    List<Source> out = new ArrayList<>();
    for (String module : MAY_USE.keySet()) {
      Path main = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          out.add(new Source(module, f, Files.readString(f)));
        }
      }
    }
    return out;
  }

  @Test
  void modulesUseOnlyEarlierStagesAndOnlyThroughTheirApi() throws IOException {
    List<String> broken = new ArrayList<>();
    List<Source> all = sources();
    for (Source s : all) {
      Matcher m = REFERENCE.matcher(s.text());
      while (m.find()) {
        String module = m.group(1);
        String pkg = m.group(2);
        if (module.equals(s.module()) || !MAY_USE.containsKey(module)) {
          continue;
        }
        boolean api =
            module.equals("core")
                || pkg.equals("api")
                || (module.equals("metrics") && pkg.equals("stats"));
        if (!MAY_USE.get(s.module()).contains(module) || !api) {
          broken.add(ROOT.relativize(s.path()) + ": vru." + module + "." + pkg);
        }
      }
    }
    assertThat(all).hasSizeGreaterThan(200);
    assertThat(broken).isEmpty();
  }

  @Test
  void reportsReadNoOtherStagesTables() throws IOException {
    Pattern foreign =
        Pattern.compile(
            "(?i)\\bfrom\\s+(source_file|quarantine_summary|measure_comparison|measure_value"
                + "|evaluation_\\w+|toc_\\w+|metrics_run)\\b");
    for (Source s : sources()) {
      if (s.module().equals("reports")) {
        assertThat(foreign.matcher(s.text()).find()).as(s.path().toString()).isFalse();
      }
    }
  }

  @Test
  void noMainSourceFileIsOverFiveHundredLines() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Source s : sources()) {
      long lines = s.text().lines().count();
      if (lines > 500) {
        long_.add(ROOT.relativize(s.path()) + " (" + lines + " lines)");
      }
    }
    assertThat(long_).isEmpty();
  }
}
