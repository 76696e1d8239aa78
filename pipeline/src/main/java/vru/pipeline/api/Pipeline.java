package vru.pipeline.api;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.Partnerships;
import vru.core.warehouse.Warehouse;
import vru.evaluation.api.Evaluation;
import vru.evaluation.api.EvaluationRequest;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore;
import vru.evaluation.api.TheoryOfChange;
import vru.ingest.api.FileSummary;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;
import vru.metrics.api.Metrics;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.MetricsResult;
import vru.metrics.api.PanelRow;
import vru.metrics.api.PanelStore;
import vru.metrics.api.ProgrammeStore;
import vru.pipeline.api.PipelineResult.Evaluated;
import vru.pipeline.internal.AllForceReviews;
import vru.pipeline.internal.ReviewInputs;
import vru.reports.api.AnnualReview;
import vru.reports.api.Language;
import vru.reports.api.ReportResult;

/**
 * The stages for one configured partnership, in order: ingest → metrics → evaluate → report. Each
 * stage is handed its inputs as values read through the earlier stages' APIs; {@link #run} runs
 * them all and returns one immutable result. Progress goes to the callback given, one line per
 * step, never to a console of its own.
 */
public final class Pipeline {
  private final PartnershipConfig config;
  private final Database db;
  private final UUID jobRun;
  private final Consumer<String> progress;

  /**
   * A pipeline for one partnership.
   *
   * @param config the loaded and validated vru.yaml
   * @param db the database every stage records its work in
   * @param jobRun the job run the work is recorded under
   * @param progress receives one line per step (source, stage), for a person watching
   */
  public Pipeline(PartnershipConfig config, Database db, UUID jobRun, Consumer<String> progress) {
    this.config = config;
    this.db = db;
    this.jobRun = jobRun;
    this.progress = progress;
  }

  /**
   * Every stage: ingests the configured inputs (files already ingested are recognised and skipped),
   * computes the partnership's measures, evaluates them, assesses the theory of change and writes
   * the annual review of {@code year} (default: the latest in the panel).
   */
  public PipelineResult run(SparkSession spark, Path keyFile, Optional<FinancialYear> year) {
    long start = System.nanoTime();
    Map<String, Long> millis = new LinkedHashMap<>();
    progress.accept("[ingest]");
    long t = System.nanoTime();
    List<FileSummary> files = ingest(spark, keyFile, IngestRequest.DEFAULT_MAX_QUARANTINED);
    millis.put("ingest", elapsed(t));
    progress.accept("[metrics]");
    t = System.nanoTime();
    MetricsResult m = metrics(spark);
    millis.put("metrics", elapsed(t));
    progress.accept("  " + describe(m) + " (" + seconds(t) + ")");
    List<PanelRow> panel = m.annual();
    progress.accept("[evaluate]");
    t = System.nanoTime();
    Evaluated evaluated = evaluate(m.run(), panel, progress);
    millis.put("evaluate", elapsed(t));
    progress.accept(
        String.format(
            Locale.UK,
            "  %d estimate(s)%s  (%s)",
            evaluated.results().size(),
            evaluated.theoryOfChange().isPresent() ? ", theory of change assessed" : "",
            seconds(t)));
    progress.accept("[report]");
    t = System.nanoTime();
    ReportResult report =
        report(
            m.run(),
            panel,
            evaluated,
            year(panel, year),
            reportFolder(),
            languages(Optional.empty()),
            true);
    millis.put("report", elapsed(t));
    progress.accept(
        String.format(Locale.UK, "  %d file(s) written  (%s)", report.files().size(), seconds(t)));
    progress.accept("pipeline finished in " + seconds(start));
    return new PipelineResult(
        files,
        m,
        panel,
        evaluated,
        report,
        new PipelineResult.Provenance(jobRun, config.file(), config.id(), Map.copyOf(millis)));
  }

  /**
   * Ingests every configured input: the geography first, then the other sources {@value
   * #INGEST_THREADS} at a time (files already ingested are recognised and skipped). A line per
   * source as it finishes.
   */
  public List<FileSummary> ingest(SparkSession spark, Path keyFile, double maxQuarantined) {
    List<IngestRequest> requests = new ArrayList<>();
    for (String source : Ingest.ORDER) {
      List<Path> inputs = config.inputs().get(source);
      if (inputs == null || inputs.isEmpty()) {
        continue;
      }
      PartnershipConfig.InputOptions options =
          config.inputOptions().getOrDefault(source, PartnershipConfig.InputOptions.NONE);
      requests.add(
          new IngestRequest(
                  spark,
                  db,
                  jobRun,
                  new Warehouse(config.warehouse()),
                  keyFile,
                  source,
                  inputs,
                  maxQuarantined,
                  s -> {})
              .withColumnMapping(options.columns())
              .withEncoding(options.encoding()));
    }
    long start = System.nanoTime();
    List<FileSummary> all = new ArrayList<>();
    for (List<FileSummary> files :
        Ingest.runAll(requests, INGEST_THREADS, (r, files) -> done(r, files, start))) {
      all.addAll(files);
    }
    return all;
  }

  /**
   * Sources ingested at once after the geography. Two was measured best on two cores (docs/
   * performance.md): the police records on one thread, the smaller sources one after another on the
   * other.
   */
  static final int INGEST_THREADS = 2;

  private void done(IngestRequest r, List<FileSummary> files, long start) {
    long read =
        files.stream().filter(f -> !f.alreadyIngested()).mapToLong(FileSummary::rowsRead).sum();
    long skipped = files.stream().filter(FileSummary::alreadyIngested).count();
    progress.accept(
        String.format(
            Locale.UK,
            "  %-20s %3d file(s), %,11d rows read%s  (done at %s)",
            r.source(),
            files.size(),
            read,
            skipped > 0 ? ", " + skipped + " already ingested" : "",
            seconds(start)));
  }

  /** The partnership's measure panel, published (or the current one, when nothing changed). */
  public MetricsResult metrics(SparkSession spark) {
    return metrics(spark, false);
  }

  /**
   * The partnership's measure panel; with {@code allAreas} every local authority and CSP of the
   * country gets rows too, not only those in the partnership's and its similar areas' forces.
   */
  public MetricsResult metrics(SparkSession spark, boolean allAreas) {
    Partnerships.save(db, config);
    return Metrics.compute(
        new MetricsRequest(
            spark,
            db,
            jobRun,
            new Warehouse(config.warehouse()),
            config.measures(),
            Optional.of(
                new MetricsRequest.Partnership(
                    config.id(), config.name(), config.areas(), config.similarAreas())),
            config.measureFiles(),
            Optional.of(config.baseline().startYear()),
            allAreas,
            progress,
            config.measureSources()));
  }

  /**
   * Difference-in-differences per measure on {@code panel}, the annual rows of metrics run {@code
   * panelRun} (stored, scoped to that run and so to this warehouse and partnership), then the
   * theory of change assessed on the panel, the programme totals and those estimates (stored; the
   * diagram and JSON written beside the reports).
   */
  public Evaluated evaluate(UUID panelRun, List<PanelRow> panel) {
    return evaluate(panelRun, panel, null);
  }

  /**
   * {@link #evaluate}; with {@code progress} (a whole run) a panel on which no estimate can be made
   * gives no estimates, a line saying why, and a review that says so, instead of stopping the run.
   */
  private Evaluated evaluate(
      UUID panelRun, List<PanelRow> panel, java.util.function.Consumer<String> progress) {
    scope(panelRun);
    Map<String, LocalDate> starts = new LinkedHashMap<>();
    for (PartnershipConfig.ProgrammeArea a : config.programmeAreas()) {
      starts.put(a.area(), a.start());
    }
    List<PanelRow> monthly = PanelStore.monthly(db, panelRun, config.name(), List.of(config.id()));
    EvaluationRequest request =
        new EvaluationRequest(
            db,
            jobRun,
            panel,
            config.measures(),
            starts,
            config.comparison(),
            config.evaluation(),
            Optional.of(
                new EvaluationRequest.Partnership(
                    config.id(), config.areas(), config.start(), monthly)));
    List<EvaluationResult> results;
    try {
      results = Evaluation.run(request);
    } catch (Evaluation.NoEstimate e) {
      if (progress == null) {
        throw e;
      }
      progress.accept("  " + e.getMessage());
      results = List.of();
    }
    Optional<TheoryOfChange.Result> toc = Optional.empty();
    if (config.theoryOfChange().isPresent()) {
      TheoryOfChange.Result r =
          TheoryOfChange.assess(
              config.theoryOfChange().get(),
              tocData(panel, results, panelRun),
              Optional.of(db),
              jobRun,
              catalogue().keySet());
      r.write(reportFolder(), config.id());
      toc = Optional.of(r);
    }
    return new Evaluated(results, toc);
  }

  /** {@link #evaluate} on the partnership's current published panel. */
  public Evaluated evaluateLatest() {
    UUID run = currentRun();
    return evaluate(run, PanelStore.annual(db, run, config.name()));
  }

  /**
   * The partnership's current metrics run in its own warehouse (see {@link PanelStore#currentRun}).
   */
  public UUID currentRun() {
    try {
      return PanelStore.currentRun(db, config.warehouse(), config.id());
    } catch (VruException e) {
      throw new VruException(
          e.code(), e.getMessage().replace("--config vru.yaml", "--config " + config.file()));
    }
  }

  /** Records that this job works on {@code panelRun} of this warehouse and partnership. */
  private void scope(UUID panelRun) {
    if (jobRun != null) {
      JobRuns.scope(db, jobRun, config.warehouse(), config.id(), panelRun);
    }
  }

  /**
   * Assesses a theory of change on the latest published results, stores the assessment and writes
   * the diagram and JSON into {@code out}; returns the assessment and the diagram's path.
   */
  public Assessed assess(Path model, Path out) {
    TheoryOfChange.Data data = latestTocData();
    scope(currentRun());
    TheoryOfChange.Result r =
        TheoryOfChange.assess(model, data, Optional.of(db), jobRun, catalogue().keySet());
    return new Assessed(r, r.write(out, config.id()));
  }

  /** An assessment and where its diagram was written. */
  public record Assessed(TheoryOfChange.Result result, Path diagram) {}

  /** The partnership's published data, as a theory of change's indicators read it. */
  public TheoryOfChange.Data latestTocData() {
    UUID run = currentRun();
    return tocData(PanelStore.annual(db, run, config.name()), EvaluationStore.latest(db, run), run);
  }

  private TheoryOfChange.Data tocData(
      List<PanelRow> panel, List<EvaluationResult> results, UUID panelRun) {
    return new TheoryOfChange.Data(
        config.id(), config.areas(), panel, ProgrammeStore.of(db, panelRun), results);
  }

  /**
   * The annual review of year {@code y} from values the earlier stages produced ({@code panel} is
   * the annual rows of metrics run {@code panelRun}).
   */
  public ReportResult report(
      UUID panelRun,
      List<PanelRow> panel,
      Evaluated evaluated,
      FinancialYear y,
      Path out,
      List<Language> languages,
      boolean pdf) {
    scope(panelRun);
    return AnnualReview.write(
        ReviewInputs.of(db, config, panelRun)
            .request(
                jobRun,
                panel,
                evaluated.results(),
                evaluated.theoryOfChange(),
                y,
                out,
                languages,
                pdf));
  }

  /**
   * The annual review from the latest published results: the current panel, the stored impact
   * estimates and the theory-of-change assessment {@code vru evaluate} stored (not assessed again).
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the partnership has a theory of
   *     change but no stored assessment of this version of it
   */
  public ReportResult reportLatest(
      Optional<FinancialYear> year, Path out, List<Language> languages, boolean pdf) {
    UUID run = currentRun();
    List<PanelRow> panel = PanelStore.annual(db, run, config.name());
    Optional<TheoryOfChange.Result> toc = Optional.empty();
    if (config.theoryOfChange().isPresent()) {
      toc =
          Optional.of(
              TheoryOfChange.stored(
                      db, run, config.id(), config.theoryOfChange().get(), catalogue().keySet())
                  .orElseThrow(
                      () ->
                          new VruException(
                              ErrorCode.INPUT_INVALID,
                              "no assessment of "
                                  + config.theoryOfChange().get()
                                  + " (as it is now) is stored for "
                                  + config.id()
                                  + " on its current measure panel: run 'vru evaluate --config "
                                  + config.file()
                                  + "' first")));
    }
    List<EvaluationResult> results = EvaluationStore.latest(db, run);
    if (results.isEmpty() && !config.programmeAreas().isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "no impact evaluation of "
              + config.id()
              + "'s current measure panel is stored (its programme areas are configured): run"
              + " 'vru evaluate --config "
              + config.file()
              + "' first");
    }
    return report(run, panel, new Evaluated(results, toc), year(panel, year), out, languages, pdf);
  }

  /**
   * Every police force area's own annual review of year {@code y} (default: the latest any force
   * has), written in parallel on {@code threads} threads from the current metrics run: each force
   * as a partnership of one, compared with the other forces of its region, with the impact
   * evaluation where the force is one of the configured programme areas. A force whose review would
   * disclose is refused (and named) without stopping the others.
   */
  public AllForces reportAllForces(
      FinancialYear y, Path out, List<Language> languages, boolean pdf, int threads) {
    return new AllForceReviews(db, jobRun, config).write(y, out, languages, pdf, threads);
  }

  /** The latest financial year any police force area has in the current metrics run. */
  public FinancialYear latestForceYear() {
    UUID run = AllForceReviews.panelRun(db, config);
    return latest(
        PanelStore.annual(db, run, config.name()).stream().filter(r -> r.areaLevel().equals("pfa")),
        "the current metrics run has no police force area rows: run 'vru metrics' first");
  }

  /**
   * The year to report: the one asked for, else the partnership's latest in the panel with a count
   * (a year the sources cover only in part, such as the current one, has none), else its latest.
   */
  public FinancialYear year(List<PanelRow> panel, Optional<FinancialYear> year) {
    if (year.isPresent()) {
      return year.get();
    }
    List<PanelRow> own = panel.stream().filter(p -> p.areaCode().equals(config.id())).toList();
    java.util.OptionalInt counted =
        own.stream().filter(p -> p.count().isPresent()).mapToInt(PanelRow::financialYear).max();
    return counted.isPresent()
        ? new FinancialYear(counted.getAsInt())
        : latest(
            own.stream(),
            "the measure panel has no rows for "
                + config.id()
                + ": run metrics with this vru.yaml");
  }

  private static FinancialYear latest(java.util.stream.Stream<PanelRow> rows, String none) {
    return new FinancialYear(
        rows.mapToInt(PanelRow::financialYear)
            .max()
            .orElseThrow(() -> new VruException(ErrorCode.INPUT_INVALID, none)));
  }

  /** The report languages: {@code option} (en, cy or both) if given, else vru.yaml's. */
  public List<Language> languages(Optional<String> option) {
    if (option.isPresent()) {
      return Language.parse(option.get());
    }
    List<Language> out = new ArrayList<>();
    for (String l : config.languages()) {
      out.addAll(Language.parse(l));
    }
    return out.isEmpty() ? List.of(Language.EN) : List.copyOf(out);
  }

  /** {@code reports/} beside vru.yaml. */
  public Path reportFolder() {
    return config.file().getParent().resolve("reports");
  }

  /** What a metrics run did, in a line. */
  public static String describe(MetricsResult r) {
    return r.published()
        ? String.format(Locale.ROOT, "%,d panel rows published (run %s)", r.rows(), r.run())
        : "inputs unchanged since run "
            + r.run()
            + ": its values are still current, nothing published";
  }

  private Map<String, MeasureCatalogue.Measure> catalogue() {
    return MeasureCatalogue.load(config.measureFiles());
  }

  private static long elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.UK, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
