package vru.cli;

import org.apache.logging.log4j.Level;
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
      JobsCommand.class
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
    }
  }

  static boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
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
