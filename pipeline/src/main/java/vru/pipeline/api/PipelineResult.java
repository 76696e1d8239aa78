package vru.pipeline.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.TheoryOfChange;
import vru.ingest.api.FileSummary;
import vru.metrics.api.MetricsResult;
import vru.metrics.api.PanelRow;
import vru.reports.api.ReportResult;

/**
 * What a whole pipeline run produced, stage by stage, and where it came from.
 *
 * @param files every input file's ingest summary, in the order the sources were ingested
 * @param metrics the metrics run (published, or the unchanged current one)
 * @param panel the financial-year rows of the panel the later stages used
 * @param evaluation the impact estimates and the theory-of-change assessment
 * @param report the annual review's files
 * @param provenance the job run, configuration and how long each stage took
 */
public record PipelineResult(
    List<FileSummary> files,
    MetricsResult metrics,
    List<PanelRow> panel,
    Evaluated evaluation,
    ReportResult report,
    Provenance provenance) {

  /**
   * The evaluation stage's output.
   *
   * @param results impact estimates, one per measure and estimator
   * @param theoryOfChange the assessed theory of change, if the partnership has one
   */
  public record Evaluated(
      List<EvaluationResult> results, Optional<TheoryOfChange.Result> theoryOfChange) {}

  /**
   * Where a run came from.
   *
   * @param jobRun the job run every stage recorded its work under
   * @param config the partnership's vru.yaml
   * @param partnershipId the partnership
   * @param stageMillis wall time per stage ({@code ingest}, {@code metrics}, {@code evaluate},
   *     {@code report}), in the order they ran
   */
  public record Provenance(
      UUID jobRun, Path config, String partnershipId, Map<String, Long> stageMillis) {}
}
