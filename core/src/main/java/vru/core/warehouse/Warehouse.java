package vru.core.warehouse;

import java.nio.file.Path;

/**
 * The canonical warehouse: Parquet tables under one folder. Each ingested file's rows live in their
 * own partition folder {@code TABLE/file_id=SHA16/}, published by an atomic rename from {@code
 * _staging}, so a job that dies half-way leaves nothing visible and a rerun completes it.
 */
public record Warehouse(Path root) {
  /** Police record-level crimes. */
  public static final String POLICE_INCIDENTS = "police_incidents";

  /** data.police.uk street-level crimes and anti-social behaviour, as published. */
  public static final String POLICE_UK = "police_uk_street";

  /** Published police recorded crime counts by force, CSP and offence group (ONS tables). */
  public static final String RECORDED_CRIME = "recorded_crime";

  /** Published Fingertips indicator values (the "download data" export). */
  public static final String FINGERTIPS = "fingertips";

  /** Hospital admitted-patient-care episodes. */
  public static final String ADMISSIONS = "admissions";

  /** Homicide Index records. */
  public static final String HOMICIDES = "homicides";

  /** Population estimates by LA, year, sex and age band. */
  public static final String POPULATION = "population";

  /** Programme monitoring by intervention, area and month. */
  public static final String PROGRAMME = "programme_activity";

  /** The LSOA to LA, CSP and PFA lookup. */
  public static final String GEOGRAPHY = "geography";

  /** Quarantined rows of every source, with file, line, raw line, field and reason. */
  public static final String QUARANTINE = "quarantine";

  /** The measure panel written by metrics. */
  public static final String MEASURE_PANEL = "measure_panel";

  /** Counts per LSOA and financial year, written by metrics (the warehouse only). */
  public static final String MEASURE_PANEL_LSOA = "measure_panel_lsoa";

  public Path table(String name) {
    return root.resolve(name);
  }

  /** Where one file's rows of a table are published. */
  public Path partition(String table, String sha256) {
    return table(table).resolve("file_id=" + sha256.substring(0, 16));
  }

  /**
   * Where rows of a superseded file are kept, out of the table that metrics reads: {@code
   * _history/<table>/file_id=<sha16>} (for quarantine, {@code _history/quarantine/source=…/…}).
   */
  public Path history(String table) {
    return root.resolve("_history").resolve(table);
  }

  /** A fresh folder to write into before publishing. */
  public Path staging(String name) {
    return root.resolve("_staging").resolve(name);
  }
}
