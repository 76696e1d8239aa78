package vru.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ./vru as a separate process, as a user would, against a test database. */
final class VruProcess {
  static final Path ROOT =
      Path.of(System.getProperty("vru.root.dir", "..")).toAbsolutePath().normalize();

  record Result(int exitCode, String out, String err) {}

  private VruProcess() {}

  static Result run(String... args) throws IOException, InterruptedException {
    return run(java.util.Map.of(), args);
  }

  /** Starts {@code vru args} and returns at once, its output discarded. */
  static Process start(String... args) throws IOException {
    return start(null, args);
  }

  /** Starts {@code vru args} and returns at once, its standard error to {@code err} if given. */
  static Process start(Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("vru").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(
                err == null
                    ? ProcessBuilder.Redirect.DISCARD
                    : ProcessBuilder.Redirect.to(err.toFile()));
    pb.environment().put("VRU_NO_BUILD", "1");
    pb.environment().put("VRU_DB_NAME", "vru_test_cli");
    pb.environment().remove("VRU_DB_URL");
    return pb.start();
  }

  /** Runs {@code vru args} with extra environment variables. */
  static Result run(java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("vru").toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("vru-out", ".txt");
    Path err = Files.createTempFile("vru-err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("VRU_NO_BUILD", "1");
    pb.environment().put("VRU_DB_NAME", "vru_test_cli");
    pb.environment().remove("VRU_DB_URL");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "vru " + String.join(" ", args) + " did not finish in 15 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
