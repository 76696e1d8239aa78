package vru.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.evaluation.api.Evaluation;
import vru.evaluation.api.EvaluationRequest;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.TheoryOfChange;
import vru.ingest.api.FileSummary;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;
import vru.metrics.api.Metrics;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.MetricsResult;
import vru.metrics.api.PanelRow;
import vru.metrics.api.ProgrammeStore;
import vru.reports.api.AnnualReview;
import vru.reports.api.ReportRequest;
import vru.reports.api.ReportResult;

/** The stages of the pipeline for a configured partnership, shared by run and demo. */
final class Pipeline {
  private static final String ENGLAND_AND_WALES = "K04000001";
  private final PartnershipConfig config;
  private final Database db;
  private final UUID jobRun;

  Pipeline(PartnershipConfig config, Database db, UUID jobRun) {
    this.config = config;
    this.db = db;
    this.jobRun = jobRun;
  }

  List<FileSummary> ingest(SparkSession spark, Path keyFile, double maxQuarantined) {
    List<FileSummary> all = new ArrayList<>();
    for (String source : Ingest.ORDER) {
      List<Path> inputs = config.inputs().get(source);
      if (inputs == null || inputs.isEmpty()) {
        continue;
      }
      long start = System.nanoTime();
      PartnershipConfig.InputOptions options =
          config.inputOptions().getOrDefault(source, PartnershipConfig.InputOptions.NONE);
      List<FileSummary> files =
          Ingest.run(
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
      all.addAll(files);
      long read = files.stream().mapToLong(FileSummary::rowsRead).sum();
      long skipped = files.stream().filter(FileSummary::alreadyIngested).count();
      Console.progress(
          "  %-20s %3d file(s), %,11d rows read%s  (%s)",
          source,
          files.size(),
          read,
          skipped > 0 ? ", " + skipped + " already ingested" : "",
          Console.seconds(start));
    }
    return all;
  }

  MetricsResult metrics(SparkSession spark) {
    vru.core.db.Partnerships.save(db, config);
    return Metrics.compute(
        new MetricsRequest(
            spark,
            db,
            jobRun,
            new Warehouse(config.warehouse()),
            config.measures(),
            Optional.of(
                new MetricsRequest.Partnership(
                    config.id(), config.name(), pfas(config.areas()), pfas(config.similarAreas()))),
            config.measureFiles(),
            Optional.of(config.baseline().startYear())));
  }

  List<EvaluationResult> evaluate(List<PanelRow> panel) {
    Map<String, LocalDate> starts = new LinkedHashMap<>();
    for (PartnershipConfig.ProgrammeArea a : config.programmeAreas()) {
      pfas(List.of(a.area())).forEach(p -> starts.put(p, a.start()));
    }
    return Evaluation.run(
        new EvaluationRequest(
            db,
            jobRun,
            panel,
            config.measures(),
            starts,
            pfas(config.comparison()),
            config.evaluation()));
  }

  /**
   * Assesses the configured theory of change on the panel, the programme totals and the impact
   * estimates, stores it and writes the diagram (SVG, PNG) and JSON beside the reports.
   */
  Optional<TheoryOfChange.Result> toc(List<PanelRow> panel, List<EvaluationResult> results) {
    if (config.theoryOfChange().isEmpty()) {
      return Optional.empty();
    }
    TheoryOfChange.Result r =
        TheoryOfChange.assess(
            config.theoryOfChange().get(),
            new TheoryOfChange.Data(
                config.id(), pfas(config.areas()), panel, ProgrammeStore.latest(db), results),
            Optional.of(db),
            jobRun,
            vru.core.config.MeasureCatalogue.load(config.measureFiles()).keySet());
    r.write(reportFolder(), config.id());
    return Optional.of(r);
  }

  ReportResult report(
      List<PanelRow> panel,
      List<EvaluationResult> results,
      Optional<TheoryOfChange.Result> toc,
      Optional<FinancialYear> year,
      Path out) {
    return report(panel, results, toc, year(panel, year), out, languages(Optional.empty()), true);
  }

  /** The latest financial year any police force area has in the current metrics run. */
  FinancialYear latestForceYear() {
    UUID run = vru.metrics.api.PanelStore.currentRun(db, "");
    return new FinancialYear(
        vru.metrics.api.PanelStore.annual(db, run, config.name()).stream()
            .filter(r -> r.areaLevel().equals("pfa"))
            .mapToInt(PanelRow::financialYear)
            .max()
            .orElseThrow(
                () ->
                    new VruException(
                        ErrorCode.INPUT_INVALID,
                        "the current metrics run has no police force area rows: run 'vru metrics'"
                            + " first")));
  }

  /** The year to report: the one asked for, else the partnership's latest in the panel. */
  FinancialYear year(List<PanelRow> panel, Optional<FinancialYear> year) {
    return year.orElseGet(
        () ->
            new FinancialYear(
                panel.stream()
                    .filter(p -> p.areaCode().equals(config.id()))
                    .mapToInt(PanelRow::financialYear)
                    .max()
                    .orElseThrow(
                        () ->
                            new VruException(
                                ErrorCode.INPUT_INVALID,
                                "the measure panel has no rows for "
                                    + config.id()
                                    + ": run metrics with this vru.yaml"))));
  }

  /** The annual review of year {@code y} in the given languages, with or without the PDF. */
  ReportResult report(
      List<PanelRow> panel,
      List<EvaluationResult> results,
      Optional<TheoryOfChange.Result> toc,
      FinancialYear y,
      Path out,
      List<vru.reports.internal.Language> languages,
      boolean pdf) {
    UUID run = vru.metrics.api.PanelStore.currentRun(db, config.id());
    List<String> rollingAreas = new ArrayList<>(config.similarAreas());
    rollingAreas.add(config.id());
    rollingAreas.add(ENGLAND_AND_WALES);
    Subject me =
        new Subject(
            config.id(),
            config.name(),
            config.areas(),
            config.similarAreas(),
            false,
            Optional.of(config.start()),
            results,
            toc);
    return AnnualReview.write(
        request(
            me,
            panel,
            vru.metrics.api.PanelStore.rolling(db, run, config.name(), rollingAreas),
            run,
            vru.core.config.MeasureCatalogue.load(config.measureFiles()),
            eventStudies(results),
            y,
            out,
            languages,
            pdf));
  }

  /** The area an annual review is about. */
  private record Subject(
      String id,
      String name,
      List<String> areas,
      List<String> similarAreas,
      boolean similarAreasByRegion,
      Optional<LocalDate> start,
      List<EvaluationResult> evaluation,
      Optional<TheoryOfChange.Result> toc) {}

  /** The event study of each configured measure that has impact estimates. */
  private Map<String, vru.evaluation.api.EvaluationStore.EventStudyView> eventStudies(
      List<EvaluationResult> results) {
    Map<String, vru.evaluation.api.EvaluationStore.EventStudyView> events = new LinkedHashMap<>();
    for (String m : config.measures()) {
      if (results.stream().anyMatch(e -> e.measure().equals(m))) {
        vru.evaluation.api.EvaluationStore.eventStudy(db, m).ifPresent(v -> events.put(m, v));
      }
    }
    return events;
  }

  /**
   * A review's request; the catalogue and the event studies are read by the caller, once for
   * however many reviews it writes.
   */
  private ReportRequest request(
      Subject s,
      List<PanelRow> panel,
      List<PanelRow> rolling,
      UUID run,
      Map<String, vru.core.config.MeasureCatalogue.Measure> measures,
      Map<String, vru.evaluation.api.EvaluationStore.EventStudyView> events,
      FinancialYear y,
      Path out,
      List<vru.reports.internal.Language> languages,
      boolean pdf) {
    return new ReportRequest(
        db,
        jobRun,
        s.id(),
        s.name(),
        s.areas(),
        s.similarAreas(),
        s.similarAreasByRegion(),
        s.start(),
        y,
        config.baseline(),
        panel,
        rolling,
        Optional.of(run),
        measures,
        s.evaluation(),
        s.evaluation().isEmpty() ? Map.of() : events,
        config.warehouse(),
        out,
        s.toc(),
        languages,
        pdf);
  }

  /** What {@link #reportAllForces} wrote, and how long each force's review took. */
  record AllForces(
      Map<String, ReportResult> written,
      Map<String, Long> millis,
      Map<String, VruException> refused,
      long wallMillis) {}

  /**
   * Every police force area's own annual review of year {@code y}, written in parallel from the
   * current metrics run: each force as a partnership of one, compared with the other forces of its
   * region, with the impact evaluation where the force is one of the configured programme areas. A
   * force whose review would disclose is refused (and named) without stopping the others.
   */
  AllForces reportAllForces(
      FinancialYear y,
      Path out,
      List<vru.reports.internal.Language> languages,
      boolean pdf,
      int threads) {
    long t0 = System.nanoTime();
    UUID run = vru.metrics.api.PanelStore.currentRun(db, "");
    List<PanelRow> panel = vru.metrics.api.PanelStore.annual(db, run, config.name());
    List<String> forces = new ArrayList<>(Geography.reference().pfas().keySet());
    java.util.Collections.sort(forces);
    List<String> rollingAreas = new ArrayList<>(forces);
    rollingAreas.add(ENGLAND_AND_WALES);
    Map<String, List<PanelRow>> rollingByArea = new java.util.HashMap<>();
    for (PanelRow r : vru.metrics.api.PanelStore.rolling(db, run, config.name(), rollingAreas)) {
      rollingByArea.computeIfAbsent(r.areaCode(), k -> new ArrayList<>()).add(r);
    }
    Map<String, LocalDate> starts = new LinkedHashMap<>();
    config.programmeAreas().forEach(a -> starts.put(a.area(), a.start()));
    Map<String, ReportResult> written = new java.util.concurrent.ConcurrentSkipListMap<>();
    Map<String, Long> millis = new java.util.concurrent.ConcurrentSkipListMap<>();
    Map<String, VruException> refused = new java.util.concurrent.ConcurrentSkipListMap<>();
    List<EvaluationResult> results = vru.evaluation.api.EvaluationStore.latest(db);
    var measures = vru.core.config.MeasureCatalogue.load(config.measureFiles());
    var events = eventStudies(results);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
      for (String pfa : forces) {
        tasks.add(
            pool.submit(
                () -> {
                  long t = System.nanoTime();
                  List<String> similar = vru.metrics.api.Regions.sameRegion(pfa);
                  List<PanelRow> rolling = new ArrayList<>();
                  for (String a : similar) {
                    rolling.addAll(rollingByArea.getOrDefault(a, List.of()));
                  }
                  rolling.addAll(rollingByArea.getOrDefault(pfa, List.of()));
                  rolling.addAll(rollingByArea.getOrDefault(ENGLAND_AND_WALES, List.of()));
                  Subject s =
                      new Subject(
                          pfa,
                          Geography.reference().nameOf(pfa).orElse(pfa),
                          List.of(pfa),
                          similar,
                          true,
                          Optional.ofNullable(starts.get(pfa)),
                          starts.containsKey(pfa) ? results : List.of(),
                          Optional.empty());
                  try {
                    written.put(
                        pfa,
                        AnnualReview.write(
                            request(
                                s, panel, rolling, run, measures, events, y, out, languages, pdf)));
                  } catch (VruException e) {
                    refused.put(pfa, e);
                  }
                  millis.put(pfa, (System.nanoTime() - t) / 1_000_000);
                }));
      }
      for (java.util.concurrent.Future<?> f : tasks) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VruException(ErrorCode.INTERNAL, "interrupted while writing the reports");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new AllForces(written, millis, refused, (System.nanoTime() - t0) / 1_000_000);
  }

  /** The report languages: {@code --language} if given, else vru.yaml's {@code languages:}. */
  List<vru.reports.internal.Language> languages(Optional<String> option) {
    if (option.isPresent()) {
      return vru.reports.internal.Language.parse(option.get());
    }
    List<vru.reports.internal.Language> out = new java.util.ArrayList<>();
    for (String l : config.languages()) {
      out.addAll(vru.reports.internal.Language.parse(l));
    }
    return out.isEmpty() ? List.of(vru.reports.internal.Language.EN) : List.copyOf(out);
  }

  Path reportFolder() {
    return config.file().getParent().resolve("reports");
  }

  /** Metrics and evaluation work on whole police force areas in this version. */
  private static List<String> pfas(List<String> codes) {
    Geography g = Geography.reference();
    for (String c : codes) {
      if (!g.pfas().containsKey(c)) {
        throw new VruException(
            ErrorCode.CONFIG_INVALID,
            "area "
                + c
                + " ("
                + g.nameOf(c).orElse("?")
                + ") is a community safety partnership: metrics and evaluation currently work on"
                + " whole police force areas (E23…/W15…); list the force area instead");
      }
    }
    return codes;
  }
}
