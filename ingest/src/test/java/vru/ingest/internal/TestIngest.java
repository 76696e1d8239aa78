package vru.ingest.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;

/**
 * How the ingest tests run an ingest: each run is its own job run (as each {@code vru ingest} is),
 * with the test class's Spark session, database and pseudonym key file.
 */
record TestIngest(SparkSession spark, Database db, Path keyFile) {

  /** A request for one run, with no progress listener; add a mapping or encoding with its withs. */
  IngestRequest request(Warehouse w, String source, List<Path> inputs, double maxQuarantined) {
    UUID job = new JobRuns(db, Clock.systemUTC()).start("test", Map.of());
    return new IngestRequest(
        spark, db, job, w, keyFile, source, inputs, maxQuarantined, summary -> {});
  }

  List<FileSummary> run(Warehouse w, String source, List<Path> inputs, double maxQuarantined) {
    return Ingest.run(request(w, source, inputs, maxQuarantined));
  }

  /** A run with the default quality threshold. */
  List<FileSummary> run(Warehouse w, String source, List<Path> inputs) {
    return run(w, source, inputs, IngestRequest.DEFAULT_MAX_QUARANTINED);
  }
}
