package vru.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.db.JobRuns;

/** vru jobs: recent job runs. */
@Command(name = "jobs", description = "Recent job runs: command, status, duration, parameters.")
final class JobsCommand implements Runnable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many (default ${DEFAULT-VALUE}).")
  int limit;

  @Mixin DatabaseOptions database;

  @Override
  public void run() {
    JobRuns runs = new JobRuns(database.open(), java.time.Clock.systemUTC());
    runs.markInterrupted();
    Console.out(
        "%-19s  %-9s %-11s %9s  %s",
        "started (UTC)", "command", "status", "duration", "parameters / error");
    for (JobRuns.JobRun r : runs.recent(limit)) {
      Console.out(
          "%-19s  %-9s %-11s %9s  %s",
          TIME.format(r.startedAt()),
          r.command(),
          r.status(),
          r.duration().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("-"),
          r.errorMessage().map(m -> m.lines().findFirst().orElse("")).orElse(r.parameters()));
    }
  }
}
