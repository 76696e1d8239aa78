package vru.metrics.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Faults;
import vru.core.db.WarehouseLock;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.ComparisonRow;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.MetricsResult;
import vru.metrics.api.PanelRow;
import vru.metrics.api.PanelStore;

/**
 * A metrics run: per measure, one Spark aggregate (LA/CSP/force × month × age band) reaches the
 * driver, the panel and its comparisons are built in plain Java, and everything is published in one
 * PostgreSQL transaction with the run's fingerprint; LSOA counts stay in Spark and go to the
 * warehouse only.
 */
public final class PanelJob {
  static final String NO_LSOA_POPULATION =
      "no population estimates by LSOA in the warehouse (the population table is by local"
          + " authority)";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PanelJob.class);

  private PanelJob() {}

  private static final String STEP = vru.core.api.SparkStep.PROPERTY;

  /** The file in a published panel folder naming the metrics run that wrote it. */
  static final String RUN_MARKER = "_vru_run";

  /** Computes and publishes, as the warehouse's one writer (see {@link WarehouseLock}). */
  public static MetricsResult run(MetricsRequest request) {
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            request.database(), request.warehouse().root(), request.jobRun(), "metrics run")) {
      return publish(request);
    }
  }

  private static MetricsResult publish(MetricsRequest request) {
    SparkSession spark = request.spark();
    Warehouse wh = request.warehouse();
    Map<String, MeasureDefinition> defs =
        AggregatedSources.choose(
            spark,
            wh,
            MeasureDefinition.resolve(request.measures(), request.measureFiles()),
            request.sources());
    for (MeasureDefinition def : defs.values()) {
      if (!Files.isDirectory(wh.table(def.table()))) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "measure "
                + def.id()
                + " is counted from the "
                + def.table()
                + " table, which is empty: ingest its source first");
      }
    }
    // how each counted measure's rows are counted, worked out once; a month a provider sent
    // incomplete and rows no value counts are said on every run (an unchanged panel is not
    // recomputed)
    Map<String, Counts.Basis> bases = new HashMap<>();
    for (MeasureDefinition def : defs.values()) {
      if (!def.table().equals(Warehouse.FINGERTIPS)) {
        bases.put(def.id(), Counts.basis(spark, wh, def));
      }
      if (def.table().equals(Warehouse.COUNTS)) {
        Counts.Basis basis = bases.get(def.id());
        MonthlyTotals.warnings(spark, wh, def, basis)
            .forEach(w -> request.progress().accept("  warning: " + w));
        Uncounted.warning(spark, wh, def, basis)
            .ifPresent(w -> request.progress().accept("  warning: " + w));
      }
    }
    String fingerprint = Runs.fingerprint(request, defs.values());
    Optional<UUID> current = Runs.unchanged(request, fingerprint);
    if (current.isPresent() && !Runs.panelOnDiskIsUnrecorded(request)) {
      return new MetricsResult(
          PanelStore.annual(
              request.database(),
              current.get(),
              request.partnership().map(MetricsRequest.Partnership::name).orElse("")),
          current.get(),
          false,
          0);
    }
    spark.sparkContext().setLocalProperty(STEP, "metrics population");
    long started = System.nanoTime();
    List<Areas.Aggregate> aggregates = Areas.aggregates(request.partnership());
    // Fingertips values come with their own denominators: estimates are needed for counted ones
    Populations population =
        defs.values().stream().allMatch(d -> d.table().equals(Warehouse.FINGERTIPS))
            ? Populations.none()
            : Populations.load(spark, wh, aggregates);
    LOG.info("populations read in {} ms", (System.nanoTime() - started) / 1_000_000);
    Definitions.record(request, defs.values());
    Path staging = wh.staging(Warehouse.MEASURE_PANEL + "-" + request.jobRun());
    Path stagingLsoa = wh.staging(Warehouse.MEASURE_PANEL_LSOA + "-" + request.jobRun());
    List<PanelRow> annual = new ArrayList<>();
    Map<String, Counts.Coverage> coverage = new HashMap<>();
    long published;
    try (Connection c = request.database().connect()) {
      c.setAutoCommit(false);
      PanelPublisher out = new PanelPublisher(c, request.jobRun(), staging);
      for (MeasureDefinition def : defs.values()) {
        spark.sparkContext().setLocalProperty(STEP, "metrics " + def.id());
        long t0 = System.nanoTime();
        long t1;
        long t2;
        List<PanelRow> rows = new ArrayList<>();
        if (def.table().equals(Warehouse.FINGERTIPS)) {
          // published values, not counts: each area as Fingertips gives it, or recomputed
          var values = FingertipsPanel.read(spark, wh, def);
          t1 = System.nanoTime();
          t2 = t1;
          rows.addAll(FingertipsPanel.build(def, values, aggregates, request::localAreasOf));
        } else {
          Counts.Basis basis = bases.get(def.id());
          Counts.Coverage cov =
              coverage.computeIfAbsent(
                  def.table() + "/" + basis, t -> Counts.coverage(spark, wh, def.table(), basis));
          t1 = System.nanoTime();
          Counts counts = Counts.of(spark, wh, def, cov, basis);
          t2 = System.nanoTime();
          PanelBuilder.build(def, counts, population, aggregates, request::localAreasOf, rows::add);
        }
        long t3 = System.nanoTime();
        List<ComparisonRow> comparisons =
            Comparisons.build(
                rows,
                request.baselineYear(),
                def.measure().lowIsGood(),
                request.partnership(),
                PanelPublisher::inPostgres);
        long t4 = System.nanoTime();
        out.write(def, rows, comparisons);
        long t5 = System.nanoTime();
        rows.stream().filter(PanelRow::annual).forEach(annual::add);
        lsoa(spark, request, def, stagingLsoa);
        long t6 = System.nanoTime();
        request
            .progress()
            .accept(
                String.format(
                    java.util.Locale.UK,
                    "  %-20s %,11d rows  (%.1f s)",
                    def.id(),
                    rows.size(),
                    (t6 - t0) / 1e9));
        LOG.info(
            "{}: coverage {} ms, counts {} ms, panel {} ms ({} rows), comparisons {} ms, write {} ms,"
                + " lsoa {} ms",
            def.id(),
            (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000,
            (t3 - t2) / 1_000_000,
            rows.size(),
            (t4 - t3) / 1_000_000,
            (t5 - t4) / 1_000_000,
            (t6 - t5) / 1_000_000);
      }
      Runs.record(c, request, fingerprint, out.rows());
      published = out.rows();
      // the panel names its run, so a run that dies between the move and the commit leaves a
      // panel the next run finds unrecorded and replaces (Runs.panelOnDiskIsUnrecorded)
      for (Path p : List.of(staging, stagingLsoa)) {
        if (Files.isDirectory(p)) {
          Files.writeString(p.resolve(RUN_MARKER), request.jobRun().toString());
        }
      }
      PanelPublisher.swap(staging, wh.table(Warehouse.MEASURE_PANEL));
      if (Files.isDirectory(stagingLsoa)) {
        PanelPublisher.swap(stagingLsoa, wh.table(Warehouse.MEASURE_PANEL_LSOA));
      }
      Faults.at("metrics: panel moved, not committed");
      long committing = System.nanoTime();
      c.commit();
      LOG.info("committed in {} ms", (System.nanoTime() - committing) / 1_000_000);
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot publish the measure panel: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      PanelPublisher.delete(staging);
      PanelPublisher.delete(stagingLsoa);
    }
    long programme = System.nanoTime();
    spark.sparkContext().setLocalProperty(STEP, "metrics programme");
    ProgrammeJob.run(request);
    LOG.info("programme totals in {} ms", (System.nanoTime() - programme) / 1_000_000);
    long breakdown = System.nanoTime();
    spark.sparkContext().setLocalProperty(STEP, "metrics who is affected");
    BreakdownJob.run(request, defs.values());
    spark.sparkContext().setLocalProperty(STEP, null);
    LOG.info("who is affected in {} ms", (System.nanoTime() - breakdown) / 1_000_000);
    return new MetricsResult(annual, request.jobRun(), true, published);
  }

  /**
   * Counts per LSOA and financial year, all ages and under 25, computed and written by Spark (a row
   * per LSOA with at least one event; none reaches the driver).
   */
  private static void lsoa(
      SparkSession spark, MetricsRequest request, MeasureDefinition def, Path staging) {
    if (PublishedTable.summed(def.table()) || def.table().equals(Warehouse.FINGERTIPS)) {
      return; // LSOA counts are kept for record-level sources; an aggregate keeps its own cells
    }
    Warehouse wh = request.warehouse();
    UUID job = request.jobRun();
    // the LSOAs of the forces whose local areas get rows (MetricsRequest#localAreasOf)
    Column forces =
        request.allAreas() || request.partnership().isEmpty()
            ? lit(true)
            : Counts.force(def.table())
                .isin(
                    Geography.reference().pfas().keySet().stream()
                        .filter(request::localAreasOf)
                        .toArray());
    boolean ages = !def.ageColumn().equals(vru.core.config.MeasureCatalogue.NO_AGE);
    Dataset<Row> counts =
        spark
            .read()
            .parquet(wh.table(def.table()).toString())
            .filter(expr(def.filter()).and(col("lsoa_code").isNotNull()).and(forces))
            .groupBy(col("lsoa_code"), col("la_code"), col("financial_year"))
            .agg(
                count(lit(1)).as("all"),
                sum(when(ages ? col(def.ageColumn()).lt(25) : lit(false), 1L).otherwise(0L))
                    .as("young"));
    Column period =
        concat(
            lit("FY"),
            col("financial_year").cast("string"),
            lit("/"),
            format_string("%02d", expr("(financial_year + 1) % 100")));
    Dataset<Row> rows = null;
    for (String age :
        ages
            ? List.of(PanelBuilder.ALL_AGES, PanelBuilder.AGED_0_24)
            : List.of(PanelBuilder.ALL_AGES)) {
      Dataset<Row> part =
          counts.select(
              lit(def.id()).as("measure"),
              lit(age).as("age_band"),
              col("lsoa_code").as("area_code"),
              lit("lsoa").as("area_level"),
              col("la_code"),
              period.as("period"),
              col("financial_year"),
              col(age.equals(PanelBuilder.ALL_AGES) ? "all" : "young").as("count"),
              lit(NO_LSOA_POPULATION).as("missing_reason"),
              lit(def.measure().disclosure()).as("disclosure_rule"),
              lit(job.toString()).as("job_run_id"));
      rows = rows == null ? part : rows.unionByName(part);
    }
    rows.write().mode(SaveMode.Append).parquet(staging.resolve("measure=" + def.id()).toString());
  }
}
