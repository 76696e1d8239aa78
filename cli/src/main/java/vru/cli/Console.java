package vru.cli;

import java.util.Locale;

/** What the commands print: results on standard output, progress on standard error. */
final class Console {
  private Console() {}

  static void progress(String format, Object... args) {
    SparkProgress.endStep();
    System.err.println(String.format(Locale.UK, format, args));
  }

  /** A progress line as a stage wrote it. */
  static void progressLine(String line) {
    SparkProgress.endStep();
    System.err.println(line);
  }

  static void out(String format, Object... args) {
    SparkProgress.endStep();
    System.out.println(String.format(Locale.UK, format, args));
  }

  static String seconds(long startNanos) {
    return String.format(Locale.UK, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
