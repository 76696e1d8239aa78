package vru.metrics.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import vru.core.db.Database;
import vru.core.warehouse.Warehouse;

/**
 * One metrics run.
 *
 * @param spark the session
 * @param database where the panel is published
 * @param jobRun the job run
 * @param warehouse the canonical warehouse
 * @param measures the measure ids to compute
 * @param partnership the partnership to aggregate (id, name, member PFA codes), if any
 * @param measureFiles the partnership's own measure definitions (besides the built-in catalogue)
 */
public record MetricsRequest(
    SparkSession spark,
    Database database,
    UUID jobRun,
    Warehouse warehouse,
    List<String> measures,
    Optional<Partnership> partnership,
    List<java.nio.file.Path> measureFiles) {

  /** A request with the built-in catalogue only. */
  public MetricsRequest(
      SparkSession spark,
      Database database,
      UUID jobRun,
      Warehouse warehouse,
      List<String> measures,
      Optional<Partnership> partnership) {
    this(spark, database, jobRun, warehouse, measures, partnership, List.of());
  }

  /** A partnership made of whole police force areas. */
  public record Partnership(String id, String name, List<String> pfas) {}
}
