package vru.ingest.api;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import vru.core.db.Database;
import vru.core.warehouse.Warehouse;

/**
 * One ingest: a source and its input files or folders.
 *
 * @param spark the session to run in
 * @param database where file manifests, quarantine summaries and areas are recorded
 * @param jobRun the job run this belongs to
 * @param warehouse the canonical warehouse
 * @param keyFile the pseudonymisation key file (used when {@code VRU_PSEUDONYMISATION_KEY} is
 *     unset)
 * @param source the source name, e.g. {@code police-records}
 * @param inputs files or folders (folders: every {@code .csv} and {@code .csv.gz} in them)
 * @param maxQuarantinedShare above this share of bad rows a file is rejected (exit 4)
 * @param progress called after each file
 * @param columnMapping a YAML file naming which of the files' columns is which of the source's
 *     (record sources only; see {@code docs/ingest.md})
 * @param encoding the files' declared character encoding; when empty, UTF-8 (with or without a
 *     byte-order mark) or, for a file that is not valid UTF-8, Windows-1252
 */
public record IngestRequest(
    SparkSession spark,
    Database database,
    UUID jobRun,
    Warehouse warehouse,
    Path keyFile,
    String source,
    List<Path> inputs,
    double maxQuarantinedShare,
    Consumer<FileSummary> progress,
    java.util.Optional<Path> columnMapping,
    java.util.Optional<java.nio.charset.Charset> encoding) {

  /** A request whose files use the source's own column names. */
  public IngestRequest(
      SparkSession spark,
      Database database,
      UUID jobRun,
      Warehouse warehouse,
      Path keyFile,
      String source,
      List<Path> inputs,
      double maxQuarantinedShare,
      Consumer<FileSummary> progress) {
    this(
        spark,
        database,
        jobRun,
        warehouse,
        keyFile,
        source,
        inputs,
        maxQuarantinedShare,
        progress,
        java.util.Optional.empty(),
        java.util.Optional.empty());
  }

  /** This request with the files' columns renamed by a mapping file. */
  public IngestRequest withColumnMapping(java.util.Optional<Path> file) {
    return new IngestRequest(
        spark,
        database,
        jobRun,
        warehouse,
        keyFile,
        source,
        inputs,
        maxQuarantinedShare,
        progress,
        file,
        encoding);
  }

  /** This request with the files read in a declared encoding. */
  public IngestRequest withEncoding(java.util.Optional<java.nio.charset.Charset> charset) {
    return new IngestRequest(
        spark,
        database,
        jobRun,
        warehouse,
        keyFile,
        source,
        inputs,
        maxQuarantinedShare,
        progress,
        columnMapping,
        charset);
  }

  /** The default data-quality threshold: 5% of a file's rows. */
  public static final double DEFAULT_MAX_QUARANTINED = 0.05;
}
