package vru.ingest.internal;

import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import vru.core.warehouse.Warehouse;

/**
 * What every step of one record ingest works with: the Spark session, the warehouse, the manifest
 * of ingested files, the pseudonymiser, the job run, and the share of quarantined rows above which
 * a file is refused.
 */
record IngestContext(
    SparkSession spark,
    Warehouse warehouse,
    Manifest manifest,
    Pseudonymiser pseudonymiser,
    UUID jobRun,
    double threshold) {

  /** The versions of a source's files in this warehouse. */
  Versions versions(SourceSpec spec) {
    return new Versions(
        spark, warehouse, manifest, jobRun, spec.source(), spec.table(), spec.coverage());
  }
}
