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
                  s -> {}));
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
    java.util.UUID run = vru.metrics.api.PanelStore.currentRun(db, config.id());
    List<String> rollingAreas = new java.util.ArrayList<>(config.similarAreas());
    rollingAreas.add(config.id());
    rollingAreas.add("K04000001");
    var measures = vru.core.config.MeasureCatalogue.load(config.measureFiles());
    java.util.Map<String, vru.evaluation.api.EvaluationStore.EventStudyView> events =
        new java.util.LinkedHashMap<>();
    for (String m : config.measures()) {
      if (results.stream().anyMatch(e -> e.measure().equals(m))) {
        vru.evaluation.api.EvaluationStore.eventStudy(db, m).ifPresent(v -> events.put(m, v));
      }
    }
    return AnnualReview.write(
        new ReportRequest(
            db,
            jobRun,
            config.id(),
            config.name(),
            config.areas(),
            config.similarAreas(),
            config.start(),
            y,
            config.baseline(),
            panel,
            vru.metrics.api.PanelStore.rolling(db, run, config.name(), rollingAreas),
            Optional.of(run),
            measures,
            results,
            events,
            config.warehouse(),
            out,
            toc,
            languages,
            pdf));
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
