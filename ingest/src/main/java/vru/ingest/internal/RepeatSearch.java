package vru.ingest.internal;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;
import static vru.ingest.internal.RowChecks.identifiers;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows failed after the working copy was written: keys repeated within the run, and records
 * published before by an earlier file for another period (a crime re-dated into a later extract).
 */
final class RepeatSearch {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatSearch.class);

  private final IngestContext run;

  RepeatSearch(IngestContext run) {
    this.run = run;
  }

  /** The datasets this search cached, until {@link #release}. */
  private final List<Dataset<Row>> cached = new ArrayList<>();

  /** Unpersists what the searches cached. */
  void release() {
    cached.forEach(Dataset::unpersist);
    cached.clear();
  }

  /** Above this many rows the rows failed late are joined back by a shuffle, not broadcast. */
  static final long BROADCAST_REPEATED = 200_000;

  /** The columns of rows failed after the working copy was written: where, and why. */
  static final String[] LATE = {
    "_file", "_block", "_id", "_reason", "_field", "_value", "_message"
  };

  /**
   * A valid row whose key an earlier valid row already has (within or across the files) is a
   * duplicate; the first is kept (by file, split, then position). Rows are counted per 64-bit hash
   * of the key, a hash aggregation of longs; only the rows whose hash repeats (the duplicates,
   * their first occurrences and the rare collision) are then grouped by the key itself and ordered.
   * Whole rows are never shuffled or sorted, and the working copy is not rewritten: the result is
   * the duplicates alone, in the {@link #LATE} columns. Datasets it caches are released by {@link
   * #release}.
   */
  Optional<Dataset<Row>> findDuplicates(Dataset<Row> checked, SourceSpec spec) {
    List<String> keys = spec.keyFields();
    Column hash = xxhash64(keys.stream().map(k -> col(k)).toArray(Column[]::new));
    Dataset<Row> valid = checked.filter(col("_reason").isNull());
    Dataset<Row> repeated =
        valid
            .select(hash.as("_h"))
            .groupBy(col("_h"))
            .agg(count(lit(1)).as("_n"))
            .filter(col("_n").gt(1))
            .drop("_n")
            .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(repeated);
    long n = repeated.count();
    if (n == 0) {
      return Optional.empty();
    }
    List<Column> projection = new ArrayList<>();
    keys.forEach(k -> projection.add(col(k)));
    projection.add(struct(col("_file"), col("_block"), col("_id")).as("_at"));
    Dataset<Row> candidates =
        valid
            .join(n <= BROADCAST_REPEATED ? broadcast(repeated) : repeated, hash.equalTo(col("_h")))
            .select(projection.toArray(new Column[0]))
            .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(candidates);
    String keyName = String.join("+", keys);
    // an identifier is shown (in messages, in quarantine) by its pseudonym only
    java.util.Set<String> identifiers = identifiers(spec);
    Column keyValue =
        concat(
            keys.stream()
                .map(k -> identifiers.contains(k) ? run.pseudonymiser().pseudonym(col(k)) : col(k))
                .toArray(Column[]::new));
    // a null key is no key: such rows are never duplicates of each other
    Column known = keys.stream().map(k -> col(k).isNotNull()).reduce(Column::and).get();
    Dataset<Row> duplicates =
        candidates
            .filter(known)
            .withColumn(
                "_first",
                min(col("_at"))
                    .over(
                        Window.partitionBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))))
            .filter(not(col("_at").equalTo(col("_first"))))
            .select(
                col("_at._file").as("_file"),
                col("_at._block").as("_block"),
                col("_at._id").as("_id"),
                lit("duplicate").as("_reason"),
                lit(keyName).as("_field"),
                keyValue.as("_value"),
                concat(lit("'" + keyName + "' '"), keyValue, lit("' repeats an earlier row"))
                    .as("_message"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(duplicates);
    return duplicates.isEmpty() ? Optional.empty() : Optional.of(duplicates);
  }

  /**
   * A valid row whose record is already published from an earlier run's file is a duplicate, unless
   * that file covers the row's own cell (force and financial year, say): then this file is a new
   * version of it, which supersedes it or is refused when publishing. So a record moved to another
   * period in a later extract, or a file exported twice under different periods, is counted once.
   * Only keys are read from the warehouse and joined; whole rows are joined back only for the hits,
   * by broadcast when they are few. Reads nothing when the source has no published files.
   */
  Optional<Dataset<Row>> findPublished(
      Dataset<Row> checked, Optional<Dataset<Row>> duplicates, SourceSpec spec, Batch batch) {
    if (spec.publishedKey().isEmpty()) {
      return Optional.empty();
    }
    java.util.Set<String> batchFiles =
        batch.files().values().stream()
            .map(InputFile::sha256)
            .collect(java.util.stream.Collectors.toSet());
    List<Manifest.Published> earlier =
        run.manifest().publishedFiles(spec.source()).stream()
            .filter(p -> !batchFiles.contains(p.sha256()))
            .filter(p -> Files.isDirectory(run.warehouse().partition(spec.table(), p.sha256())))
            .toList();
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    Versions versions = run.versions(spec);
    List<Row> covers = new ArrayList<>();
    List<Row> shown = new ArrayList<>();
    for (Manifest.Published p : earlier) {
      String id = p.sha256().substring(0, 16);
      versions.oldCells(p).forEach(c -> covers.add(RowFactory.create(id, c)));
      shown.add(
          RowFactory.create(id, p.path() + " (ingested " + p.ingestedAt().toLocalDate() + ")"));
    }
    Dataset<Row> covered =
        run.spark()
            .createDataFrame(
                covers,
                new StructType().add("_cf", DataTypes.StringType).add("_cc", DataTypes.StringType));
    Dataset<Row> names =
        run.spark()
            .createDataFrame(
                shown,
                new StructType().add("_nf", DataTypes.StringType).add("_nn", DataTypes.StringType));
    String key = spec.publishedKey().get();
    Dataset<Row> published =
        run.spark()
            .read()
            .parquet(
                earlier.stream()
                    .map(p -> run.warehouse().partition(spec.table(), p.sha256()).toString())
                    .toArray(String[]::new))
            .select(
                col(key).as("_pk"),
                regexp_extract(input_file_name(), "file_id=([0-9a-f]{16})", 1).as("_pf"));
    List<Column> canonical = new ArrayList<>(spec.canonical().apply(run.pseudonymiser()));
    canonical.addAll(List.of(col("_file"), col("_block"), col("_id")));
    Dataset<Row> valid = checked.filter(col("_reason").isNull());
    if (duplicates.isPresent()) {
      // a row already found to repeat an earlier row of this run is not counted twice
      Dataset<Row> d = late(duplicates.get(), "_d");
      valid =
          valid.join(
              duplicates.get().count() <= BROADCAST_REPEATED ? broadcast(d) : d,
              at("_d"),
              "left_anti");
    }
    Dataset<Row> hits =
        valid
            .select(canonical.toArray(new Column[0]))
            .select(
                col(key).as("_nk"),
                Versions.cell(spec.coverage()),
                col("_file").as("_hf"),
                col("_block").as("_hb"),
                col("_id").as("_hi"))
            .join(published, col("_nk").equalTo(col("_pk")))
            .join(
                broadcast(covered),
                col("_pf").equalTo(col("_cf")).and(col("_cell").equalTo(col("_cc"))),
                "left_anti")
            .groupBy(col("_hf"), col("_hb"), col("_hi"), col("_nk"))
            .agg(min(col("_pf")).as("_pf"))
            .join(broadcast(names), col("_pf").equalTo(col("_nf")))
            .drop("_pf", "_nf")
            .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(hits);
    long n = hits.count();
    LOG.info(
        "{}: {} row(s) repeat records published from {} earlier file(s)",
        spec.source(),
        n,
        earlier.size());
    if (n == 0) {
      return Optional.empty();
    }
    String keyName = String.join("+", spec.keyFields());
    return Optional.of(
        hits.select(
            col("_hf").as("_file"),
            col("_hb").as("_block"),
            col("_hi").as("_id"),
            lit("duplicate").as("_reason"),
            lit(keyName).as("_field"),
            col("_nk").as("_value"),
            concat(
                    lit("'" + keyName + "' '"),
                    col("_nk"),
                    lit("' is already published from "),
                    col("_nn"),
                    lit(
                        ", which covers another "
                            + String.join(" and ", spec.coverage()).replace('_', ' ')
                            + "; a record is counted once"))
                .as("_message")));
  }

  /** Rows failed late, each of their {@link #LATE} columns renamed with {@code prefix}. */
  static Dataset<Row> late(Dataset<Row> failed, String prefix) {
    return failed.select(
        java.util.Arrays.stream(LATE).map(c -> col(c).as(prefix + c)).toArray(Column[]::new));
  }

  /** The row is the one at the position of the late failure renamed with {@code prefix}. */
  static Column at(String prefix) {
    return col("_file")
        .equalTo(col(prefix + "_file"))
        .and(col("_block").equalTo(col(prefix + "_block")))
        .and(col("_id").equalTo(col(prefix + "_id")));
  }
}
