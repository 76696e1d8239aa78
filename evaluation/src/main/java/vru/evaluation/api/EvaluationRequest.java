package vru.evaluation.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.metrics.api.PanelRow;

/**
 * One impact evaluation over the measure panel.
 *
 * @param database where estimates are stored
 * @param jobRun the job run
 * @param panel the measure panel (rows for PFAs, all ages, are used)
 * @param measures measure ids to evaluate
 * @param programmeStarts treated areas (PFA codes) and their start dates
 * @param comparison comparison PFAs; empty means every PFA not in {@code programmeStarts}
 * @param settings the estimator's settings from {@code vru.yaml}
 * @param partnership the partnership whose own effect is estimated, if any
 */
public record EvaluationRequest(
    Database database,
    UUID jobRun,
    List<PanelRow> panel,
    List<String> measures,
    Map<String, LocalDate> programmeStarts,
    List<String> comparison,
    PartnershipConfig.Evaluation settings,
    Optional<Partnership> partnership) {

  /**
   * The partnership an evaluation is for.
   *
   * @param id its id (the panel's partnership rows carry it)
   * @param areas its member police force areas
   * @param start the date its programme started
   * @param monthly its monthly rows of the panel (for an interrupted time series)
   */
  public record Partnership(
      String id, List<String> areas, LocalDate start, List<PanelRow> monthly) {}

  /** A request for the programme areas alone. */
  public EvaluationRequest(
      Database database,
      UUID jobRun,
      List<PanelRow> panel,
      List<String> measures,
      Map<String, LocalDate> programmeStarts,
      List<String> comparison,
      PartnershipConfig.Evaluation settings) {
    this(
        database, jobRun, panel, measures, programmeStarts, comparison, settings, Optional.empty());
  }

  /** A request with the default settings. */
  public EvaluationRequest(
      Database database,
      UUID jobRun,
      List<PanelRow> panel,
      List<String> measures,
      Map<String, LocalDate> programmeStarts,
      List<String> comparison) {
    this(
        database,
        jobRun,
        panel,
        measures,
        programmeStarts,
        comparison,
        PartnershipConfig.Evaluation.DEFAULT);
  }
}
