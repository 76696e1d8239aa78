package vru.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vru.core.api.ErrorCode;
import vru.core.api.Version;
import vru.core.api.VruException;

/**
 * The {@code vru} command. Exit codes: 0 success, 1 anything else, 2 usage error, 3 input error
 * (bad file, config), 4 data-quality threshold exceeded, 5 database unavailable.
 */
@Command(
    name = "vru",
    mixinStandardHelpOptions = true,
    // every command and subcommand answers --help (and --version) too
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.VersionProvider.class,
    description = {
      "Outcomes analytics and evaluation for Violence Reduction Units and Serious Violence Duty"
          + " partnerships.",
      ""
    },
    subcommands = {
      GenerateCommand.class,
      IngestCommand.class,
      MetricsCommand.class,
      EvaluateCommand.class,
      DidCommand.class,
      TocCommand.class,
      StatsCommand.class,
      ReportCommand.class,
      RunCommand.class,
      DemoCommand.class,
      DbCommand.class,
      JobsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:anything else",
      "2:usage error",
      "3:input error (bad file, config)",
      "4:data-quality threshold exceeded",
      "5:database unavailable"
    })
public final class Main implements Runnable {
  @Option(
      names = {"-v", "--verbose"},
      description = "Show progress logs, and a stack trace with errors.",
      scope = CommandLine.ScopeType.INHERIT)
  void verbose(boolean on) {
    verbose = on;
    if (on) {
      Configurator.setRootLevel(Level.INFO);
      Configurator.setLevel("org.apache.spark", Level.WARN);
      Configurator.setLevel("org.apache.hadoop", Level.WARN);
      Configurator.setLevel("org.sparkproject", Level.WARN);
      // each source ingested at once runs in a scheduler pool of its own, made on first use
      // (SourcesTogether.run); Spark warns about every pool not in an allocation file
      Configurator.setLevel("org.apache.spark.scheduler.FairSchedulableBuilder", Level.ERROR);
    }
  }

  static boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Set when the JVM begins to shut down (Ctrl-C, SIGTERM) while a command runs. */
  private static volatile boolean stopping;

  /** Counted down when the command has returned, or has said why it stopped. */
  private static final java.util.concurrent.CountDownLatch FINISHED =
      new java.util.concurrent.CountDownLatch(1);

  public static void main(String[] args) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping = true;
                  if (!verbose) {
                    // tasks cut off by Spark's own shutdown log their interruption with traces
                    Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
                  }
                  // the JVM halts when the hooks are done: give the command time to say why
                  try {
                    FINISHED.await(20, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "vru-stopping"));
    int code;
    try {
      code = execute(args);
    } finally {
      FINISHED.countDown();
    }
    System.exit(code);
  }

  static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(
        (e, a) -> {
          System.err.println("vru: " + e.getMessage());
          System.err.println(
              "Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ErrorCode.USAGE.exitCode();
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (stopping) {
            // Spark and the database go away under a running job; what fails then is noise
            String name = commandLine.getCommandName();
            // ingest and metrics publish by renaming whole staged folders
            boolean staged = name.equals("ingest") || name.equals("metrics");
            System.err.println(
                "vru: "
                    + name
                    + " stopped before it finished (interrupted or terminated)."
                    + (staged ? " Nothing partial is published:" : "")
                    + " run the same command again to complete it.");
            if (verbose) {
              e.printStackTrace(System.err);
            }
            return ErrorCode.INTERNAL.exitCode();
          }
          VruException v = unwrap(e);
          if (v == null) {
            System.err.println("vru: unexpected error: " + e);
            if (verbose) {
              e.printStackTrace(System.err);
            } else {
              System.err.println("Run again with -v to see the details.");
            }
            return ErrorCode.INTERNAL.exitCode();
          }
          System.err.println("vru: " + v.getMessage());
          if (verbose && v.getCause() != null) {
            v.getCause().printStackTrace(System.err);
          }
          return v.code().exitCode();
        });
    return cli.execute(args);
  }

  private static VruException unwrap(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VruException v) {
        return v;
      }
    }
    return null;
  }

  /** The version from the build. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "vru " + Version.current(), "Java " + System.getProperty("java.version")
      };
    }
  }
}
