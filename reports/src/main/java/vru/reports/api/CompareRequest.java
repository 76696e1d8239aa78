package vru.reports.api;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import vru.core.config.MeasureCatalogue;
import vru.core.db.Database;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;

/**
 * What a cross-partnership comparison is written from.
 *
 * @param database where the report is recorded
 * @param jobRun the job run
 * @param measure the measure id
 * @param period the period, e.g. the 12 months to March 2025 ({@code YE2025-03}) or a financial
 *     year
 * @param level the areas compared: {@code pfa} (police force areas) or {@code csp} (community
 *     safety partnerships)
 * @param metricsRun the metrics run the rows come from
 * @param rows every area's rows (all age bands) of the measure and period in that run
 * @param trends each area's recent-trend label in that run (Fingertips' wording), where it has one
 * @param treated areas running a VRU (marked and grouped), may be empty
 * @param highlighted areas to highlight (the reader's own partnership), may be empty
 * @param measures the measure catalogue
 * @param out the folder to write into
 * @param languages the languages to write
 * @param pdf whether to write the PDF too
 */
public record CompareRequest(
    Database database,
    UUID jobRun,
    String measure,
    Period period,
    String level,
    UUID metricsRun,
    List<PanelRow> rows,
    java.util.Map<String, String> trends,
    List<String> treated,
    List<String> highlighted,
    java.util.Map<String, MeasureCatalogue.Measure> measures,
    Path out,
    List<Language> languages,
    boolean pdf) {}
