package vru.ingest.internal;

import java.util.Locale;
import vru.ingest.api.FileSummary;

/** The message shown when a file has too many bad rows to publish. */
final class QualityReport {
  private QualityReport() {}

  /** A date written day or month first with slashes, dots or dashes: 01/05/2024, 1.5.2024. */
  private static final java.util.regex.Pattern DAY_FIRST =
      java.util.regex.Pattern.compile("[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}( .*)?");

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
    s.reasons().stream()
        .limit(5)
        .filter(r -> r.reason().equals("bad_date") && r.message().endsWith("written yyyy-MM-dd"))
        .filter(r -> r.exampleValue() != null && DAY_FIRST.matcher(r.exampleValue()).matches())
        .findFirst()
        .ifPresent(
            r ->
                sb.append(
                    "\nThe dates look day first ('"
                        + r.exampleValue()
                        + "'): if the file writes them so, say how in a --columns mapping,"
                        + " e.g. 'dates: dd/MM/yyyy' (docs/ingest.md)."));
    sb.append(
        "\nFix the file (every bad row is in the warehouse's quarantine table with its line), or"
            + " raise the threshold with --max-quarantined.");
    return sb.toString();
  }
}
