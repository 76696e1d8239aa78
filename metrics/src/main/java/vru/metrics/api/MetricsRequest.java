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
 * @param baseline the baseline financial year (start year) for change, if configured
 * @param allAreas with a partnership: also every local authority and CSP of the country (the
 *     national run); without it only those inside the partnership's and its similar areas' forces
 *     get rows, which is all its review, comparisons and evaluation read (forces, regions and
 *     countries always get rows). Without a partnership every area gets rows.
 * @param progress receives a line as each measure is published (rows and time), for a person
 *     watching
 * @param sources where the partnership states a national measure is counted from ({@code records}
 *     or {@code counts}, vru.yaml's {@code measure-sources:}); a measure not named is chosen by
 *     what was ingested
 */
public record MetricsRequest(
    SparkSession spark,
    Database database,
    UUID jobRun,
    Warehouse warehouse,
    List<String> measures,
    Optional<Partnership> partnership,
    List<java.nio.file.Path> measureFiles,
    Optional<Integer> baseline,
    boolean allAreas,
    java.util.function.Consumer<String> progress,
    java.util.Map<String, String> sources) {

  /** The same request, its progress lines going to {@code to}. */
  public MetricsRequest withProgress(java.util.function.Consumer<String> to) {
    return new MetricsRequest(
        spark,
        database,
        jobRun,
        warehouse,
        measures,
        partnership,
        measureFiles,
        baseline,
        allAreas,
        to,
        sources);
  }

  /**
   * The same request with every local authority and CSP of the country given rows (see {@code
   * allAreas}).
   */
  public MetricsRequest withAllAreas(boolean all) {
    return new MetricsRequest(
        spark,
        database,
        jobRun,
        warehouse,
        measures,
        partnership,
        measureFiles,
        baseline,
        all,
        progress,
        sources);
  }

  /** The same request with the sources the partnership states for national measures. */
  public MetricsRequest withSources(java.util.Map<String, String> stated) {
    return new MetricsRequest(
        spark,
        database,
        jobRun,
        warehouse,
        measures,
        partnership,
        measureFiles,
        baseline,
        allAreas,
        progress,
        java.util.Map.copyOf(stated));
  }

  /** A request with the partnership's local areas only (see {@code allAreas}). */
  public MetricsRequest(
      SparkSession spark,
      Database database,
      UUID jobRun,
      Warehouse warehouse,
      List<String> measures,
      Optional<Partnership> partnership,
      List<java.nio.file.Path> measureFiles,
      Optional<Integer> baseline) {
    this(
        spark,
        database,
        jobRun,
        warehouse,
        measures,
        partnership,
        measureFiles,
        baseline,
        false,
        line -> {},
        java.util.Map.of());
  }

  /**
   * Whether local authority or CSP {@code pfa}'s force gets rows: every force without a
   * partnership, with {@code allAreas} or with a partnership of CSPs or local authorities (compared
   * with every area of their level), else the partnership's and its similar areas' forces.
   */
  public boolean localAreasOf(String pfa) {
    return allAreas
        || partnership.isEmpty()
        // a partnership of CSPs or local authorities is compared with every area of its level
        || !partnership.get().ofForces()
        || partnership.get().forces().contains(pfa)
        || partnership.get().similar().contains(pfa);
  }

  /** A request with the built-in catalogue only. */
  public MetricsRequest(
      SparkSession spark,
      Database database,
      UUID jobRun,
      Warehouse warehouse,
      List<String> measures,
      Optional<Partnership> partnership) {
    this(spark, database, jobRun, warehouse, measures, partnership, List.of(), Optional.empty());
  }

  /** A request with the partnership's measure files and the default baseline. */
  public MetricsRequest(
      SparkSession spark,
      Database database,
      UUID jobRun,
      Warehouse warehouse,
      List<String> measures,
      Optional<Partnership> partnership,
      List<java.nio.file.Path> measureFiles) {
    this(spark, database, jobRun, warehouse, measures, partnership, measureFiles, Optional.empty());
  }

  /**
   * A partnership: police force areas, community safety partnerships or local authorities, not
   * overlapping (the configuration refuses members that do).
   *
   * @param areas its member areas' codes
   * @param similar its most similar force areas (compared with as a group), possibly none
   */
  public record Partnership(String id, String name, List<String> areas, List<String> similar) {
    public Partnership(String id, String name, List<String> areas) {
      this(id, name, areas, List.of());
    }

    /** The police force areas its members lie in (each member's own force, or itself). */
    public List<String> forces() {
      vru.core.geo.Geography g = vru.core.geo.Geography.reference();
      return areas.stream()
          .map(a -> g.pfas().containsKey(a) ? a : g.pfaOf(a).orElse(a))
          .distinct()
          .toList();
    }

    /** The local authorities of its members. */
    public List<String> localAuthorities() {
      return vru.core.geo.Geography.reference().links().stream()
          .filter(
              l ->
                  areas.contains(l.pfa().code())
                      || areas.contains(l.csp().code())
                      || areas.contains(l.la().code()))
          .map(l -> l.la().code())
          .distinct()
          .toList();
    }

    /** Whether every member is a whole police force area. */
    public boolean ofForces() {
      return areas.stream().allMatch(vru.core.geo.Geography.reference().pfas()::containsKey);
    }
  }

  /** The baseline financial year for change (the partnership's, else the year before the VRUs). */
  public int baselineYear() {
    return baseline.orElse(2018);
  }
}
