package vru.metrics.api;

import java.util.List;
import vru.core.api.Measures;
import vru.core.warehouse.Warehouse;

/**
 * How a measure is counted from the warehouse.
 *
 * @param id the measure id
 * @param title the English title
 * @param table the canonical table counted
 * @param filter a Spark SQL condition selecting the events
 * @param ageColumn the column with the victim's or patient's age
 * @param multiplier rate per how many residents
 * @param version the definition version, recorded with every value
 */
public record MeasureDefinition(
    String id,
    String title,
    String table,
    String filter,
    String ageColumn,
    int multiplier,
    int version) {

  /** The national success measures (Serious Violence Duty guidance, chapter 5). */
  public static final List<MeasureDefinition> NATIONAL =
      List.of(
          new MeasureDefinition(
              Measures.KNIFE_ADMISSIONS,
              "Hospital admissions for assault with a knife or sharp object",
              Warehouse.ADMISSIONS,
              // emergency admissions (method 2x), first episode of the spell, ICD-10 X99 in any
              // diagnosis position or as the external cause
              "admission_method like '2%' and episode_order = 1 and (exists(diagnoses, d -> d like"
                  + " 'X99%') or cause like 'X99%')",
              "age",
              100_000,
              1),
          new MeasureDefinition(
              Measures.KNIFE_CRIME,
              "Police-recorded knife or sharp instrument offences",
              Warehouse.POLICE_INCIDENTS,
              "knife",
              "victim_age",
              100_000,
              1),
          new MeasureDefinition(
              Measures.HOMICIDE,
              "Homicides",
              Warehouse.HOMICIDES,
              "true",
              "victim_age",
              1_000_000,
              1));

  /** The definition of a national measure. */
  public static MeasureDefinition of(String id) {
    return NATIONAL.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown measure " + id));
  }
}
