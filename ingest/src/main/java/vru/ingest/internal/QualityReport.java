package vru.ingest.internal;

import java.util.Locale;
import vru.ingest.api.FileSummary;

/** The message shown when a file has too many bad rows to publish. */
final class QualityReport {
  private QualityReport() {}

  static String describe(FileSummary s, double threshold) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%s: %,d of %,d rows (%.1f%%) failed validation, more than the %.1f%% allowed for %s;"
                + " nothing from this file was published. Top reasons:",
            s.file(),
            s.rowsQuarantined(),
            s.rowsRead(),
            100 * s.quarantinedShare(),
            100 * threshold,
            s.source()));
    s.reasons().stream()
        .limit(5)
        .forEach(
            r ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "%n  %s: %,d rows, e.g. %s %d: %s",
                        r.reason(),
                        r.rows(),
                        s.lineUnit(),
                        r.exampleLine(),
                        r.message())));
    sb.append(
        "\nFix the file (every bad row is in the warehouse's quarantine table with its line), or"
            + " raise the threshold with --max-quarantined.");
    return sb.toString();
  }
}
