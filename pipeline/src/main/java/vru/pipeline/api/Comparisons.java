package vru.pipeline.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import vru.core.config.MeasureCatalogue;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.metrics.api.PanelStore;
import vru.metrics.api.Period;
import vru.reports.api.CompareReport;
import vru.reports.api.CompareRequest;
import vru.reports.api.Language;
import vru.reports.api.ReportResult;

/**
 * The cross-partnership comparison of one measure and period, from the current metrics run: the
 * rows and trends are read through the metrics API and handed to the report as values.
 */
public final class Comparisons {
  private Comparisons() {}

  /**
   * Writes the comparison.
   *
   * @param warehouse the warehouse whose current metrics run is compared (vru.yaml's, when one is
   *     given; every warehouse on a machine shares the database, so it is never guessed)
   * @param partnership a vru.yaml whose programme areas are marked as VRU areas and whose own areas
   *     are highlighted, if given
   */
  public static ReportResult write(
      Database db,
      UUID jobRun,
      String measure,
      Period period,
      String level,
      Path warehouse,
      Optional<PartnershipConfig> partnership,
      Path out,
      List<Language> languages,
      boolean pdf) {
    List<String> treated =
        partnership
            .map(
                x ->
                    x.programmeAreas().stream().map(PartnershipConfig.ProgrammeArea::area).toList())
            .orElse(List.of());
    List<String> mine = partnership.map(PartnershipConfig::areas).orElse(List.of());
    var measures =
        MeasureCatalogue.load(partnership.map(PartnershipConfig::measureFiles).orElse(List.of()));
    CompareReport.check(level, measure, measures);
    UUID run =
        partnership.isPresent()
            ? vru.pipeline.internal.AllForceReviews.panelRun(db, partnership.get())
            : PanelStore.currentRun(db, warehouse, "");
    return CompareReport.write(
        new CompareRequest(
            db,
            jobRun,
            measure,
            period,
            level,
            run,
            PanelStore.at(db, run, "", measure, period),
            PanelStore.trends(db, run, measure, period),
            treated,
            mine,
            measures,
            out,
            languages,
            pdf));
  }
}
