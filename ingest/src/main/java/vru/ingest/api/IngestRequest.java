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
    Consumer<FileSummary> progress) {

  /** The default data-quality threshold: 5% of a file's rows. */
  public static final double DEFAULT_MAX_QUARANTINED = 0.05;
}
