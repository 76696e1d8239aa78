package vru.reports.api;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vru.core.api.FinancialYear;
import vru.core.config.MeasureCatalogue;
import vru.core.db.Database;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore.EventStudyView;
import vru.evaluation.api.TheoryOfChange;
import vru.ingest.api.SourceFiles;
import vru.metrics.api.PanelRow;

/**
 * What an annual review report is written from.
 *
 * @param database where the report is recorded
 * @param jobRun the job run
 * @param partnershipId the partnership id (its rows in the panel carry this code)
 * @param partnershipName the partnership's name
 * @param areas the member areas' codes (police force areas)
 * @param similarAreas the partnership's most similar areas (police force areas), may be empty
 * @param similarAreasByRegion whether {@code similarAreas} are the other forces of the area's
 *     region rather than a configured most-similar group (the wording says which)
 * @param start the date the programme started, if the area has a programme
 * @param year the financial year reviewed
 * @param baseline the baseline year
 * @param panel the financial-year rows of the measure panel (every area)
 * @param rolling the rolling 12-month rows of the partnership, England and Wales and the similar
 *     areas, and their pooled-years rows (a Fingertips indicator published for pooled years)
 * @param metricsRun the metrics run the panel came from
 * @param measures the measure catalogue (disclosure rules, series breaks)
 * @param evaluation impact estimates, one per measure and estimator
 * @param eventStudies the event study of each measure, where one was estimated
 * @param sources the files published into the partnership's warehouse and their quarantine counts,
 *     as the ingest stage recorded them (the data annex)
 * @param out the folder to write into
 * @param theoryOfChange the assessed theory of change, if the partnership has one
 * @param languages the languages to write
 * @param pdf whether to write the PDF beside the HTML
 * @param content what the partnership wrote for its review (definition, sections, actions)
 * @param programme programme monitoring per intervention, area and financial year (delivery and
 *     reach), every area; empty when none was ingested
 * @param breakdown the partnership's events by sex, age band and LSOA per measure and financial
 *     year (who is affected); empty when the metrics run published none
 */
public record ReportRequest(
    Database database,
    UUID jobRun,
    String partnershipId,
    String partnershipName,
    List<String> areas,
    List<String> similarAreas,
    boolean similarAreasByRegion,
    Optional<LocalDate> start,
    FinancialYear year,
    FinancialYear baseline,
    List<PanelRow> panel,
    List<PanelRow> rolling,
    Optional<UUID> metricsRun,
    Map<String, MeasureCatalogue.Measure> measures,
    List<EvaluationResult> evaluation,
    Map<String, EventStudyView> eventStudies,
    SourceFiles.Listing sources,
    Path out,
    Optional<TheoryOfChange.Result> theoryOfChange,
    List<Language> languages,
    boolean pdf,
    ReviewContent content,
    List<vru.metrics.api.ProgrammeValue> programme,
    List<vru.metrics.api.BreakdownValue> breakdown) {}
