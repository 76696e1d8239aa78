package vru.reports.api;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import vru.core.api.FinancialYear;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationResult;
import vru.metrics.api.PanelRow;

/**
 * What an annual review report is written from.
 *
 * @param database where the report is recorded (and the data annex read from)
 * @param jobRun the job run
 * @param partnershipId the partnership id (its rows in the panel carry this code)
 * @param partnershipName the partnership's name
 * @param areas the member areas as a reader names them, e.g. {@code West Midlands (police force
 *     area)}
 * @param start the date the programme started
 * @param year the financial year reviewed
 * @param baseline the baseline year
 * @param panel the measure panel
 * @param evaluation impact estimates, one per measure
 * @param warehouse the warehouse the results came from (its source files form the data annex)
 * @param out the folder to write into
 * @param theoryOfChange the assessed theory of change, if the partnership has one
 */
public record ReportRequest(
    Database database,
    UUID jobRun,
    String partnershipId,
    String partnershipName,
    List<String> areas,
    java.time.LocalDate start,
    FinancialYear year,
    FinancialYear baseline,
    List<PanelRow> panel,
    List<EvaluationResult> evaluation,
    Path warehouse,
    Path out,
    java.util.Optional<vru.evaluation.api.TheoryOfChange.Result> theoryOfChange) {

  /** A request without a theory of change. */
  public ReportRequest(
      Database database,
      UUID jobRun,
      String partnershipId,
      String partnershipName,
      List<String> areas,
      java.time.LocalDate start,
      FinancialYear year,
      FinancialYear baseline,
      List<PanelRow> panel,
      List<EvaluationResult> evaluation,
      Path warehouse,
      Path out) {
    this(
        database,
        jobRun,
        partnershipId,
        partnershipName,
        areas,
        start,
        year,
        baseline,
        panel,
        evaluation,
        warehouse,
        out,
        java.util.Optional.empty());
  }
}
