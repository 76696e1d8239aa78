package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and subcommand answers --help and -h with its usage and exit 0, as a process, and
 * {@code vru help COMMAND} works; the list of commands is read from the command model, so a new
 * command is checked without editing this test.
 */
class HelpIT {
  static List<List<String>> commands() {
    List<List<String>> out = new ArrayList<>();
    walk(new CommandLine(new Main()), new ArrayList<>(), out);
    return out;
  }

  static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      out.add(p);
      walk(e.getValue(), p, out);
    }
  }

  @Test
  void everyCommandAndSubcommandAnswersHelp() throws Exception {
    List<List<String>> commands = commands();
    assertThat(commands).hasSizeGreaterThan(20);
    // two processes at a time, one per core: each is mostly a JVM starting
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    List<java.util.concurrent.Future<VruProcess.Result>> runs = new ArrayList<>();
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add(command.size() % 2 == 0 ? "-h" : "--help");
      runs.add(pool.submit(() -> VruProcess.run(args.toArray(new String[0]))));
    }
    pool.shutdown();
    for (int i = 0; i < commands.size(); i++) {
      List<String> command = commands.get(i);
      List<String> args = new ArrayList<>(command);
      args.add(command.size() % 2 == 0 ? "-h" : "--help");
      VruProcess.Result r = runs.get(i).get();
      assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.out())
          .as(String.join(" ", args))
          .contains("Usage: vru " + String.join(" ", command));
    }
  }

  @Test
  void helpCommandNamesTheCommand() throws Exception {
    VruProcess.Result r = VruProcess.run("help", "ingest");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: vru ingest");
    VruProcess.Result did = VruProcess.run("did", "--help");
    assertThat(did.exitCode()).isZero();
    assertThat(did.out()).contains("--estimator", "sdid", "--treatment", "--series");
  }
}
