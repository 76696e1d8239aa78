package vru.ingest.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What happened to one input file. Always {@code rowsRead = rowsAccepted + rowsQuarantined}.
 *
 * @param source the source name
 * @param file the file
 * @param sha256 the file's SHA-256, its identity
 * @param sizeBytes the file's size
 * @param rowsRead data rows read (blank lines are not rows)
 * @param rowsAccepted rows written to the warehouse
 * @param rowsQuarantined rows written to quarantine, with reasons
 * @param reasons quarantined rows by reason, most frequent first
 * @param alreadyIngested true when the same bytes were ingested before and nothing was done
 * @param replaces the earlier files (as they were named when ingested) this file superseded: it
 *     covers everything they covered, so their rows moved to history
 */
public record FileSummary(
    String source,
    Path file,
    String sha256,
    long sizeBytes,
    long rowsRead,
    long rowsAccepted,
    long rowsQuarantined,
    List<Reason> reasons,
    boolean alreadyIngested,
    List<String> replaces) {

  /** A summary that replaces no earlier file. */
  public FileSummary(
      String source,
      Path file,
      String sha256,
      long sizeBytes,
      long rowsRead,
      long rowsAccepted,
      long rowsQuarantined,
      List<Reason> reasons,
      boolean alreadyIngested) {
    this(
        source,
        file,
        sha256,
        sizeBytes,
        rowsRead,
        rowsAccepted,
        rowsQuarantined,
        reasons,
        alreadyIngested,
        List.of());
  }

  /** This summary, naming the earlier files it superseded. */
  public FileSummary replacing(List<String> files) {
    return new FileSummary(
        source,
        file,
        sha256,
        sizeBytes,
        rowsRead,
        rowsAccepted,
        rowsQuarantined,
        reasons,
        alreadyIngested,
        List.copyOf(files));
  }

  public FileSummary {
    if (!alreadyIngested && rowsRead != rowsAccepted + rowsQuarantined) {
      throw new IllegalStateException(
          "reconciliation failed for "
              + file
              + ": read "
              + rowsRead
              + " != accepted "
              + rowsAccepted
              + " + quarantined "
              + rowsQuarantined);
    }
  }

  /**
   * Quarantined rows for one reason, with the first example.
   *
   * @param reason the reason code, e.g. {@code bad_date}
   * @param field the column at fault
   * @param rows how many rows
   * @param exampleLine the line number of the first such row
   * @param exampleValue the offending value in that row
   * @param message what is wrong and what was expected
   */
  public record Reason(
      String reason,
      String field,
      long rows,
      long exampleLine,
      String exampleValue,
      String message) {}

  /**
   * What a reason's example line number counts: {@code line} in a text file (the header is line 1),
   * {@code row} in a Parquet file (the first row is row 1).
   */
  public String lineUnit() {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")
        ? "row"
        : "line";
  }

  /** The share of rows quarantined (0 when no rows). */
  public double quarantinedShare() {
    return rowsRead == 0 ? 0 : rowsQuarantined / (double) rowsRead;
  }
}
