package vru.pipeline.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vru.core.api.FinancialYear;
import vru.core.config.MeasureCatalogue;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore;
import vru.evaluation.api.TheoryOfChange;
import vru.ingest.api.SourceFiles;
import vru.metrics.api.BreakdownStore;
import vru.metrics.api.PanelRow;
import vru.metrics.api.PanelStore;
import vru.metrics.api.ProgrammeStore;
import vru.metrics.api.ProgrammeValue;
import vru.reports.api.Language;
import vru.reports.api.ReportRequest;
import vru.reports.api.ReviewContent;

/**
 * What every annual review of one metrics run shares, read once through the stages' APIs: the run,
 * the measure catalogue, the warehouse's source files and the event studies; each review's request
 * is then built from values.
 */
public final class ReviewInputs {
  static final String ENGLAND_AND_WALES = "K04000001";

  private final Database db;
  private final PartnershipConfig config;
  private final UUID metricsRun;
  private final Map<String, MeasureCatalogue.Measure> measures;
  private final SourceFiles.Listing sources;
  private final List<ProgrammeValue> programme;

  private ReviewInputs(
      Database db,
      PartnershipConfig config,
      UUID metricsRun,
      Map<String, MeasureCatalogue.Measure> measures,
      SourceFiles.Listing sources,
      List<ProgrammeValue> programme) {
    this.db = db;
    this.programme = programme;
    this.config = config;
    this.metricsRun = metricsRun;
    this.measures = measures;
    this.sources = sources;
  }

  /** The inputs for reviews of one metrics run's panel. */
  public static ReviewInputs of(Database db, PartnershipConfig config, UUID metricsRun) {
    return new ReviewInputs(
        db,
        config,
        metricsRun,
        MeasureCatalogue.load(config.measureFiles()),
        SourceFiles.published(db, config.warehouse()),
        ProgrammeStore.of(db, metricsRun));
  }

  UUID metricsRun() {
    return metricsRun;
  }

  /** The configured partnership's review request. */
  public ReportRequest request(
      UUID jobRun,
      List<PanelRow> panel,
      List<EvaluationResult> results,
      Optional<TheoryOfChange.Result> toc,
      FinancialYear y,
      Path out,
      List<Language> languages,
      boolean pdf) {
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
            toc,
            ReviewContent.load(
                config.file(),
                config.definition(),
                toc.map(
                        x ->
                            x.validation().model().nodes().stream()
                                .map(n -> n.id())
                                .collect(java.util.stream.Collectors.toSet()))
                    .orElse(java.util.Set.of())));
    return request(
        jobRun,
        me,
        panel,
        // a Fingertips indicator published for pooled years only has those, beside the rolling
        java.util.stream.Stream.concat(
                PanelStore.rolling(db, metricsRun, config.name(), withEngland(rollingAreas))
                    .stream(),
                PanelStore.pooled(db, metricsRun, config.name(), withEngland(rollingAreas))
                    .stream())
            .toList(),
        eventStudies(results),
        y,
        out,
        languages,
        pdf);
  }

  /** The areas and England, whose published Fingertips values the review compares with. */
  private static List<String> withEngland(List<String> areas) {
    List<String> out = new ArrayList<>(areas);
    out.add("E92000001");
    return out;
  }

  /** The area an annual review is about. */
  record Subject(
      String id,
      String name,
      List<String> areas,
      List<String> similarAreas,
      boolean similarAreasByRegion,
      Optional<LocalDate> start,
      List<EvaluationResult> evaluation,
      Optional<TheoryOfChange.Result> toc,
      ReviewContent content) {}

  /** The event study of each configured measure that has impact estimates. */
  Map<String, EvaluationStore.EventStudyView> eventStudies(List<EvaluationResult> results) {
    Map<String, EvaluationStore.EventStudyView> events = new LinkedHashMap<>();
    for (String m : config.measures()) {
      if (results.stream().anyMatch(e -> e.measure().equals(m))) {
        EvaluationStore.eventStudy(db, metricsRun, m).ifPresent(v -> events.put(m, v));
      }
    }
    return events;
  }

  ReportRequest request(
      UUID jobRun,
      Subject s,
      List<PanelRow> panel,
      List<PanelRow> rolling,
      Map<String, EvaluationStore.EventStudyView> events,
      FinancialYear y,
      Path out,
      List<Language> languages,
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
        Optional.of(metricsRun),
        measures,
        s.evaluation(),
        s.evaluation().isEmpty() ? Map.of() : events,
        sources,
        out,
        s.toc(),
        languages,
        pdf,
        s.content(),
        programme.stream().filter(v -> s.areas().contains(v.areaCode())).toList(),
        BreakdownStore.of(db, metricsRun, s.id()));
  }
}
