package vru.ingest.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;

/**
 * Publishes new files of one source as versions: a file covers a set of cells (for police records,
 * each force and financial year it has rows for), and a new file whose cells include every cell of
 * a published file supersedes it. The old file's rows move out of the table to the warehouse's
 * {@code _history} folder and its manifest row records what replaced it, so a corrected extract
 * replaces the old one's rows and never adds to them. A new file that covers part of a published
 * file, or shares cells with another file of the same run, is refused: whether it corrects or adds
 * to the old one cannot be known, and either guess could count a record twice or lose it.
 */
final class Versions {
  private static final Logger LOG = LoggerFactory.getLogger(Versions.class);
  private static final int SHOWN_CELLS = 4;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Manifest manifest;
  private final UUID jobRun;
  private final String source;
  private final String table;
  private final List<String> coverage;

  /** Cells read from the rows of files published before coverage was recorded, read once. */
  private final Map<Long, Set<String>> legacy = new HashMap<>();

  Versions(
      SparkSession spark,
      Warehouse warehouse,
      Manifest manifest,
      UUID jobRun,
      String source,
      String table,
      List<String> coverage) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.manifest = manifest;
    this.jobRun = jobRun;
    this.source = source;
    this.table = table;
    this.coverage = coverage;
  }

  /** The cells of each {@code file_id=…} partition of a staged (or published) table folder. */
  Map<String, Set<String>> cells(Path folder) {
    Map<String, Set<String>> out = new HashMap<>();
    if (!Files.isDirectory(folder) || coverage.isEmpty()) {
      return out;
    }
    try (java.util.stream.Stream<Path> parts = Files.list(folder)) {
      if (parts.noneMatch(p -> p.getFileName().toString().startsWith("file_id="))) {
        return out; // nothing accepted
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (Row r :
        spark
            .read()
            .parquet(folder.toString())
            .select(col("file_id"), cell().as("cell"))
            .distinct()
            .collectAsList()) {
      // file_id is a partition column: Spark infers its type (a number), so read it as text
      out.computeIfAbsent(String.valueOf(r.<Object>getAs("file_id")), k -> new TreeSet<>())
          .add(r.<String>getAs("cell"));
    }
    return out;
  }

  private Column cell() {
    return cell(coverage);
  }

  /** A row's cell, e.g. {@code "E23000014 2023"}: its coverage columns' values, in order. */
  static Column cell(List<String> coverage) {
    Column[] parts =
        coverage.stream()
            .map(c -> coalesce(col(c).cast("string"), lit("-")))
            .toArray(Column[]::new);
    return concat_ws(" ", parts).as("_cell");
  }

  /**
   * Publishes the staged partition of one file: moves the files it supersedes to history, makes its
   * rows visible, then records it (and them) in the manifest.
   *
   * @return the summary, naming the files it replaced
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when it partly overlaps a published file
   *     or a file of the same run; then nothing of it is published and it is recorded as rejected
   */
  FileSummary publish(FileSummary s, Path staged, Set<String> cells) throws IOException {
    String fileId = s.sha256().substring(0, 16);
    List<Manifest.Published> replaced = new ArrayList<>();
    for (Manifest.Published old : manifest.publishedFiles(source)) {
      if (old.sha256().equals(s.sha256())) {
        continue;
      }
      Set<String> oldCells = oldCells(old);
      Set<String> shared = new TreeSet<>(oldCells);
      shared.retainAll(cells);
      if (shared.isEmpty()) {
        continue;
      }
      if (old.jobRun().equals(jobRun)) {
        refuse(
            s,
            staged,
            s.file()
                + " covers "
                + show(shared)
                + ", as "
                + old.path()
                + " in the same run does: two versions of the same "
                + describe()
                + " cannot be told apart in one run. Ingest the one you mean to keep (a later"
                + " run with the newer one replaces the older).");
      }
      if (!cells.containsAll(oldCells)) {
        Set<String> missing = new TreeSet<>(oldCells);
        missing.removeAll(cells);
        refuse(
            s,
            staged,
            s.file()
                + " covers "
                + show(shared)
                + " of "
                + old.path()
                + " (ingested "
                + old.ingestedAt().toLocalDate()
                + ") but not "
                + show(missing)
                + ": it would replace part of that file. A new version must cover every "
                + describe()
                + " the old one does; ingest a complete replacement, or split the new file so"
                + " that no "
                + describe()
                + " is in both.");
      }
      replaced.add(old);
    }
    for (Manifest.Published old : replaced) {
      String oldId = "file_id=" + old.sha256().substring(0, 16);
      Path quarantine = warehouse.table(Warehouse.QUARANTINE).resolve("source=" + source);
      move(warehouse.table(table).resolve(oldId), warehouse.history(table).resolve(oldId));
      move(
          quarantine.resolve(oldId),
          warehouse.history(Warehouse.QUARANTINE).resolve("source=" + source).resolve(oldId));
      LOG.info("{} supersedes {}: its rows moved to {}", s.file(), old.path(), "_history");
    }
    if (Files.isDirectory(staged)) {
      Publisher.replace(staged, warehouse.table(table).resolve("file_id=" + fileId));
    }
    FileSummary out = s.replacing(replaced.stream().map(Manifest.Published::path).toList());
    manifest.record(
        jobRun,
        out,
        true,
        new ArrayList<>(cells),
        replaced.stream().map(Manifest.Published::id).toList());
    return out;
  }

  /** The cells a published file covers, as recorded (or, for an early file, read from its rows). */
  Set<String> oldCells(Manifest.Published old) {
    if (old.coverage() != null) {
      return new TreeSet<>(old.coverage());
    }
    return legacy.computeIfAbsent(old.id(), id -> cellsOfRows(old));
  }

  private Set<String> cellsOfRows(Manifest.Published old) {
    // published before coverage was recorded: read it from the file's rows
    Path partition = warehouse.table(table).resolve("file_id=" + old.sha256().substring(0, 16));
    if (!Files.isDirectory(partition) || coverage.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    for (Row r :
        spark.read().parquet(partition.toString()).select(cell()).distinct().collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private void refuse(FileSummary s, Path staged, String message) throws IOException {
    Publisher.deleteTree(staged);
    manifest.record(jobRun, s, false);
    throw new VruException(ErrorCode.INPUT_INVALID, message);
  }

  private static void move(Path from, Path to) throws IOException {
    if (Files.isDirectory(from)) {
      Publisher.replace(from, to);
    }
  }

  private String describe() {
    return String.join(" and ", coverage).replace('_', ' ');
  }

  private String show(Set<String> cells) {
    List<String> l = new ArrayList<>(cells);
    String shown = String.join(", ", l.subList(0, Math.min(SHOWN_CELLS, l.size())));
    return "("
        + String.join(", ", coverage).replace('_', ' ')
        + ") "
        + (l.size() > SHOWN_CELLS ? shown + " and " + (l.size() - SHOWN_CELLS) + " more" : shown);
  }
}
