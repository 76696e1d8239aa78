package vru.core.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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

  /** Aggregated counts as partners hold them: area × period × indicator (× age, sex, ethnicity). */
  public static final String COUNTS = "aggregate_counts";

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

  /**
   * A fresh folder to write into before publishing, inside the warehouse's private {@code _staging}
   * (created readable by this user only: work in progress may hold record-level data).
   */
  public Path staging(String name) {
    privateStaging();
    return root.resolve("_staging").resolve(name);
  }

  /** The {@code _staging} folder, created (or made) mode 700 where the file system has modes. */
  public Path privateStaging() {
    Path dir = root.resolve("_staging");
    try {
      Files.createDirectories(dir);
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Removes everything under {@code _staging} but {@code keep}: what jobs that died (killed, out of
   * memory) left there, such as extracted copies, staged partitions and Spark's shuffle files. Only
   * the warehouse's one writer (holding its {@code WarehouseLock}) may call this: no other job can
   * be using the folder then.
   *
   * @return the entries removed
   */
  public List<Path> clearStaging(Collection<Path> keep) {
    Path dir = root.resolve("_staging");
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    Set<Path> kept = new HashSet<>();
    keep.forEach(k -> kept.add(k.toAbsolutePath().normalize()));
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Path abs = p.toAbsolutePath().normalize();
        if (kept.stream().anyMatch(k -> k.startsWith(abs))) {
          continue;
        }
        try (Stream<Path> tree = Files.walk(p)) {
          for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(q);
          }
        }
        removed.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }
}
