package vru.metrics.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import vru.core.api.ErrorCode;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;

/**
 * How a measure is counted from the warehouse: an entry of the {@link MeasureCatalogue} (built in,
 * or from a partnership's measure file).
 *
 * @param id the measure id
 * @param title the English title
 * @param table the canonical table counted
 * @param filter a Spark SQL condition selecting the events
 * @param ageColumn the column with the victim's or patient's age
 * @param multiplier rate per how many residents
 * @param version the definition version, recorded with every value
 * @param measure the whole catalogue entry (Welsh title, polarity, disclosure rule, series breaks)
 */
public record MeasureDefinition(
    String id,
    String title,
    String table,
    String filter,
    String ageColumn,
    int multiplier,
    int version,
    MeasureCatalogue.Measure measure) {

  /** The national success measures (Serious Violence Duty guidance, chapter 5). */
  public static final List<MeasureDefinition> NATIONAL =
      MeasureCatalogue.builtIn().values().stream()
          .filter(MeasureCatalogue.Measure::national)
          .map(MeasureDefinition::of)
          .toList();

  /** Every built-in measure, national and secondary. */
  public static final List<MeasureDefinition> BUILT_IN =
      MeasureCatalogue.builtIn().values().stream().map(MeasureDefinition::of).toList();

  /**
   * A measure's definition, its filter checked against the filter language first.
   *
   * @throws VruException {@link ErrorCode#CONFIG_INVALID} naming the file, line and what is not
   *     allowed when the filter is not in the language ({@code MeasureFilters})
   */
  static MeasureDefinition of(MeasureCatalogue.Measure m) {
    vru.metrics.internal.MeasureFilters.problem(m.filter())
        .ifPresent(
            p -> {
              throw new VruException(
                  ErrorCode.CONFIG_INVALID,
                  MeasureCatalogue.where(m, "filter", m.filter()) + ": " + p);
            });
    return new MeasureDefinition(
        m.id(), m.title(), m.table(), m.filter(), m.ageColumn(), m.multiplier(), m.version(), m);
  }

  /**
   * This national measure's aggregated definition: the {@code aggregate_counts} rows whose
   * indicator is its id ({@code knife_admissions}, {@code knife_crime}, {@code homicide}), summed
   * over their areas, periods, age bands and sexes (so a file gives bands or a total, not both),
   * with no under-25 value; the same title, multiplier, polarity, disclosure rule and version. Used
   * when the record-level table was not ingested and such counts were (docs/measures.md).
   */
  public MeasureDefinition aggregated() {
    MeasureCatalogue.Measure m = measure;
    MeasureCatalogue.Measure a =
        new MeasureCatalogue.Measure(
            m.id(),
            m.title(),
            m.titleCy(),
            vru.core.warehouse.Warehouse.COUNTS,
            "indicator = '" + m.id() + "'",
            MeasureCatalogue.NO_AGE,
            m.multiplier(),
            m.lowIsGood(),
            m.disclosure(),
            m.national(),
            m.version(),
            m.seriesBreaks(),
            m.source(),
            MeasureCatalogue.COUNTED);
    return of(a);
  }

  /** The definition of a built-in measure. */
  public static MeasureDefinition of(String id) {
    return of(id, List.of());
  }

  /**
   * The definition of a measure, built in or from the partnership's measure files.
   *
   * @throws VruException {@link ErrorCode#CONFIG_INVALID} for an unknown id, naming the closest
   */
  public static MeasureDefinition of(String id, List<Path> measureFiles) {
    return resolve(List.of(id), measureFiles).get(id);
  }

  /**
   * The definitions of {@code ids}, reading the partnership's measure files once.
   *
   * @throws VruException {@link ErrorCode#CONFIG_INVALID} for an unknown id, naming the closest
   */
  public static Map<String, MeasureDefinition> resolve(List<String> ids, List<Path> measureFiles) {
    Map<String, MeasureCatalogue.Measure> all =
        measureFiles.isEmpty() ? MeasureCatalogue.builtIn() : MeasureCatalogue.load(measureFiles);
    Map<String, MeasureDefinition> out = new java.util.LinkedHashMap<>();
    for (String id : ids) {
      MeasureCatalogue.Measure m = all.get(id);
      if (m == null) {
        throw new VruException(
            ErrorCode.CONFIG_INVALID,
            "unknown measure '"
                + id
                + "'"
                + Suggest.closest(id, all.keySet())
                    .map(s -> "; did you mean '" + s + "'?")
                    .orElse("")
                + "; the catalogue has "
                + String.join(", ", all.keySet()));
      }
      out.put(id, of(m));
    }
    return out;
  }
}
