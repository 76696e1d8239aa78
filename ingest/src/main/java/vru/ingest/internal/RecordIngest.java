package vru.ingest.internal;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;

/**
 * Ingests the new files of one source in Spark, in one pass per header layout: parse, validate
 * every field, resolve areas (written once to a Parquet working copy), find duplicates (across the
 * files, and against records published by earlier runs), then publish each file's accepted rows to
 * its own warehouse partition and the rest to quarantine with line number, raw line, field, value
 * and reason. Only per-file, per-split counts and one example per reason reach the driver.
 */
final class RecordIngest {
  private static final Logger LOG = LoggerFactory.getLogger(RecordIngest.class);
  private static final String HEADER = "_header";
  private static final String BLANK = "_blank";

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Manifest manifest;
  private final Pseudonymiser pseudonymiser;
  private final UUID jobRun;
  private final double threshold;

  RecordIngest(
      SparkSession spark,
      Warehouse warehouse,
      Manifest manifest,
      Pseudonymiser pseudonymiser,
      UUID jobRun,
      double threshold) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.manifest = manifest;
    this.pseudonymiser = pseudonymiser;
    this.jobRun = jobRun;
    this.threshold = threshold;
  }

  /** Ingests the files, skipping those already ingested; one summary per file, in order. */
  List<FileSummary> ingest(SourceSpec spec, List<Path> files, Map<Path, Path> shown)
      throws IOException {
    return ingest(spec, files, shown, ColumnMapping.NONE);
  }

  /** As {@link #ingest(SourceSpec, List, Map)}, the files' columns renamed by a mapping. */
  List<FileSummary> ingest(
      SourceSpec declared, List<Path> files, Map<Path, Path> shown, ColumnMapping mapping)
      throws IOException {
    // dates written another way (dd/MM/yyyy) are checked and read in the mapping's pattern
    SourceSpec spec = mapping.dates().map(declared::withDates).orElse(declared);
    Map<Path, FileSummary> done = new LinkedHashMap<>();
    // files with the same columns (and, for Parquet, the same column types) are read together
    Map<Layout, Map<String, InputFile>> batches = new LinkedHashMap<>();
    Map<Layout, List<String>> headerLines = new LinkedHashMap<>();
    for (Path file : files) {
      InputFile input = InputFile.inspect(file, shown.getOrDefault(file, file));
      // the database remembers the file, and its rows are still in the warehouse
      if (manifest.published(spec.source(), input.sha256()).isPresent()
          && Files.isDirectory(warehouse.partition(spec.table(), input.sha256()))) {
        LOG.info(
            "{} was ingested before (sha256 {}): nothing to do", input.shown(), input.sha256());
        done.put(
            input.shown(),
            new FileSummary(
                spec.source(),
                input.shown(),
                input.sha256(),
                input.size(),
                0,
                0,
                0,
                List.of(),
                true));
        continue;
      }
      Layout layout;
      if (ParquetInput.is(file)) {
        StructType schema = ParquetInput.schema(spark, file, input.shown());
        layout =
            new Layout(
                Header.check(
                    input.shown() + " (Parquet)",
                    "column list",
                    ParquetInput.names(schema),
                    spec,
                    mapping),
                Optional.of(schema));
      } else {
        try {
          layout = new Layout(Header.check(file, spec, mapping), Optional.empty());
        } catch (VruException e) {
          throw new VruException(
              e.code(), e.getMessage().replace(file.toString(), input.shown().toString()));
        }
      }
      batches
          .computeIfAbsent(layout, h -> new LinkedHashMap<>())
          .put(file.toAbsolutePath().normalize().toUri().toString(), input);
      headerLines
          .computeIfAbsent(layout, h -> new ArrayList<>())
          .add(layout.parquet().isPresent() ? "" : Header.firstLine(file));
    }
    List<VruException> rejected = new ArrayList<>();
    for (Map.Entry<Layout, Map<String, InputFile>> b : batches.entrySet()) {
      Batch batch =
          new Batch(
              b.getKey().header(), b.getValue(), headerLines.get(b.getKey()), b.getKey().parquet());
      // Parsed and checked once, into Parquet under _staging: the duplicate search, the counts
      // and both writes read only the columns each needs. Writing it costs less than half of
      // building Spark's in-memory columnar cache, and the memory needed does not grow with the
      // rows (docs/performance.md). It is a working copy, deleted when the batch is done.
      List<Dataset<Row>> cached = new ArrayList<>();
      Path checks = warehouse.staging("checked-" + UUID.randomUUID());
      try {
        long started = System.nanoTime();
        validate(spec, batch).write().mode(SaveMode.Overwrite).parquet(checks.toString());
        Dataset<Row> checked = spark.read().parquet(checks.toString());
        LOG.info(
            "{}: parsed and checked in {} ms",
            spec.source(),
            (System.nanoTime() - started) / 1_000_000);
        started = System.nanoTime();
        Optional<Dataset<Row>> duplicates =
            spec.keyFields().isEmpty() ? Optional.empty() : findDuplicates(checked, spec, cached);
        Optional<Dataset<Row>> repeats = findPublished(checked, duplicates, spec, batch, cached);
        Optional<Dataset<Row>> late =
            duplicates.isPresent() && repeats.isPresent()
                ? Optional.of(duplicates.get().unionByName(repeats.get()))
                : duplicates.or(() -> repeats);
        LOG.info(
            "{}: looked for repeated keys in {} ms",
            spec.source(),
            (System.nanoTime() - started) / 1_000_000);
        for (FileSummary s : publish(spec, batch, checked, late, rejected)) {
          done.put(s.file(), s);
        }
      } finally {
        cached.forEach(Dataset::unpersist);
        Publisher.deleteTree(checks);
      }
    }
    if (!rejected.isEmpty()) {
      throw rejected.get(0);
    }
    return files.stream().map(f -> done.get(shown.getOrDefault(f, f))).toList();
  }

  /** A batch's columns: our names in the files' order, and the Parquet schema for Parquet. */
  private record Layout(List<String> header, Optional<StructType> parquet) {}

  private Dataset<Row> validate(SourceSpec spec, Batch batch) {
    String[] paths =
        batch.files().values().stream().map(f -> f.path().toString()).toArray(String[]::new);
    Dataset<Row> parsed =
        batch.parquet().isPresent()
            ? ParquetInput.rows(
                spark,
                paths,
                batch.parquet().get(),
                batch.header(),
                spec.fields().stream()
                    .collect(java.util.stream.Collectors.toMap(Field::name, f -> f)))
            : parse(batch.header(), paths);
    return checkRows(spec, batch, parsed);
  }

  /** CSV lines read as text and parsed, each keeping its raw line, file, split and row id. */
  private Dataset<Row> parse(List<String> header, String[] paths) {
    List<StructField> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(DataTypes.createStructField("c" + i, DataTypes.StringType, true));
    }
    Dataset<Row> raw =
        spark
            .read()
            .text(paths)
            .select(
                col("value"),
                input_file_name().as("_file"),
                input_file_block_start().as("_block"),
                monotonically_increasing_id().as("_id"));
    // A line without quotes is split at its commas; only a line with quotes goes through the CSV
    // parser (quoted commas, doubled quotes), which costs several times more per line.
    Column quoted = col("value").contains("\"");
    Column csv =
        from_csv(
            col("value"),
            lit(DataTypes.createStructType(columns).toDDL()),
            Map.of("escape", "\"", "mode", "PERMISSIVE"));
    List<Column> parsedCells = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      parsedCells.add(col("_csv.c" + i));
    }
    Column cells =
        when(quoted, array(parsedCells.toArray(new Column[0])))
            .otherwise(split(col("value"), ",", -1));
    List<Column> select =
        new ArrayList<>(List.of(col("value"), col("_file"), col("_block"), col("_id")));
    for (int i = 0; i < header.size(); i++) {
      select.add(cell(try_element_at(col("_cells"), lit(i + 1))).as(header.get(i)));
    }
    // quoted sections may hold commas: drop them before counting separators
    select.add(
        when(quoted, size(split(regexp_replace(col("value"), "\"([^\"]|\"\")*\"", "q"), ",", -1)))
            .otherwise(size(col("_cells")))
            .as("_fields"));
    return raw.withColumn("_csv", when(quoted, csv))
        .withColumn("_cells", cells)
        .select(select.toArray(new Column[0]));
  }

  /** A field's text as the checks take it: trimmed, and an empty field is no value (null). */
  static Column cell(Column text) {
    Column t = trim(text);
    return when(t.equalTo(""), lit(null).cast("string")).otherwise(t);
  }

  private Dataset<Row> checkRows(SourceSpec spec, Batch batch, Dataset<Row> parsed) {
    List<String> header = batch.header();

    Validation v = new Validation();
    v.add(col("value").isin(batch.headerLines().toArray()), HEADER, "", lit(""), lit(""));
    v.add(trim(col("value")).equalTo(""), BLANK, "", lit(""), lit(""));
    v.add(
        col("_fields").notEqual(header.size()),
        "wrong_field_count",
        "(line)",
        lit(""),
        concat(
            lit("the line has "),
            col("_fields").cast("string"),
            lit(" fields; the header has " + header.size())));
    for (Field f : spec.fields()) {
      Column value = col(f.name());
      Column empty = value.isNull().or(value.equalTo(""));
      if (f.required()) {
        v.add(
            empty,
            "missing_value",
            f.name(),
            lit(""),
            lit("'" + f.name() + "' is empty; a value is required"));
      }
      for (Check.Failure failure : f.check().failures(value)) {
        v.add(
            not(empty).and(failure.condition()),
            failure.reason(),
            f.name(),
            value,
            concat(
                lit("'" + f.name() + "' is '"),
                value,
                lit("'; expected " + failure.expectation())));
      }
    }
    Dataset<Row> checked = v.apply(parsed);
    for (Field f : spec.fields()) {
      // a date read in a mapping's pattern continues as ISO text, as the canonical columns take it
      if (f.check() instanceof Check.DateValue d
          && !d.equals(Sources.ISO_DATE)
          && !d.equals(Sources.MONTH)) {
        checked = checked.withColumn(f.name(), date_format(d.date(col(f.name())), "yyyy-MM-dd"));
      }
    }
    return spec.areaField().isPresent() ? resolveAreas(checked, spec) : checked;
  }

  /** Above this many rows the rows failed late are joined back by a shuffle, not broadcast. */
  private static final long BROADCAST_REPEATED = 200_000;

  /** The columns of rows failed after the working copy was written: where, and why. */
  private static final String[] LATE = {
    "_file", "_block", "_id", "_reason", "_field", "_value", "_message"
  };

  /**
   * A valid row whose key an earlier valid row already has (within or across the files) is a
   * duplicate; the first is kept (by file, split, then position). Rows are counted per 64-bit hash
   * of the key, a hash aggregation of longs; only the rows whose hash repeats (the duplicates,
   * their first occurrences and the rare collision) are then grouped by the key itself and ordered.
   * Whole rows are never shuffled or sorted, and the working copy is not rewritten: the result is
   * the duplicates alone, in the {@link #LATE} columns. Datasets it caches are added to {@code
   * cached}.
   */
  private Optional<Dataset<Row>> findDuplicates(
      Dataset<Row> checked, SourceSpec spec, List<Dataset<Row>> cached) {
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
                .map(k -> identifiers.contains(k) ? pseudonymiser.pseudonym(col(k)) : col(k))
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
  private Optional<Dataset<Row>> findPublished(
      Dataset<Row> checked,
      Optional<Dataset<Row>> duplicates,
      SourceSpec spec,
      Batch batch,
      List<Dataset<Row>> cached) {
    if (spec.publishedKey().isEmpty()) {
      return Optional.empty();
    }
    java.util.Set<String> batchFiles =
        batch.files().values().stream()
            .map(InputFile::sha256)
            .collect(java.util.stream.Collectors.toSet());
    List<Manifest.Published> earlier =
        manifest.publishedFiles(spec.source()).stream()
            .filter(p -> !batchFiles.contains(p.sha256()))
            .filter(p -> Files.isDirectory(warehouse.partition(spec.table(), p.sha256())))
            .toList();
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    Versions versions =
        new Versions(
            spark, warehouse, manifest, jobRun, spec.source(), spec.table(), spec.coverage());
    List<Row> covers = new ArrayList<>();
    List<Row> shown = new ArrayList<>();
    for (Manifest.Published p : earlier) {
      String id = p.sha256().substring(0, 16);
      versions.oldCells(p).forEach(c -> covers.add(RowFactory.create(id, c)));
      shown.add(
          RowFactory.create(id, p.path() + " (ingested " + p.ingestedAt().toLocalDate() + ")"));
    }
    Dataset<Row> covered =
        spark.createDataFrame(
            covers,
            new StructType().add("_cf", DataTypes.StringType).add("_cc", DataTypes.StringType));
    Dataset<Row> names =
        spark.createDataFrame(
            shown,
            new StructType().add("_nf", DataTypes.StringType).add("_nn", DataTypes.StringType));
    String key = spec.publishedKey().get();
    Dataset<Row> published =
        spark
            .read()
            .parquet(
                earlier.stream()
                    .map(p -> warehouse.partition(spec.table(), p.sha256()).toString())
                    .toArray(String[]::new))
            .select(
                col(key).as("_pk"),
                regexp_extract(input_file_name(), "file_id=([0-9a-f]{16})", 1).as("_pf"));
    List<Column> canonical = new ArrayList<>(spec.canonical().apply(pseudonymiser));
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
  private static Dataset<Row> late(Dataset<Row> failed, String prefix) {
    return failed.select(
        java.util.Arrays.stream(LATE).map(c -> col(c).as(prefix + c)).toArray(Column[]::new));
  }

  /** The row is the one at the position of the late failure renamed with {@code prefix}. */
  private static Column at(String prefix) {
    return col("_file")
        .equalTo(col(prefix + "_file"))
        .and(col("_block").equalTo(col(prefix + "_block")))
        .and(col("_id").equalTo(col(prefix + "_id")));
  }

  private Dataset<Row> resolveAreas(Dataset<Row> checked, SourceSpec spec) {
    Path table = warehouse.table(Warehouse.GEOGRAPHY);
    if (!Files.isDirectory(table)) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the "
              + spec.source()
              + " source needs the geography lookup to resolve areas: ingest it first (--source"
              + " geography), or list it under inputs.geography in vru.yaml");
    }
    Dataset<Row> lookup = spark.read().parquet(table.toString());
    Dataset<Row> areas =
        spec.areaLevel().equals("lsoa")
            ? lookup
                .select(
                    col("lsoa_code").as("_area"), col("la_code"), col("csp_code"), col("pfa_code"))
                .dropDuplicates("_area")
            : lookup
                .select(col("la_code").as("_area"), col("pfa_code"))
                .dropDuplicates("_area")
                .withColumn("la_code", col("_area"))
                .withColumn("csp_code", lit(null).cast("string"));
    String field = spec.areaField().get();
    Column unknown = col("_reason").isNull().and(col("pfa_code").isNull());
    return fail(
        checked.join(broadcast(areas), col(field).equalTo(col("_area")), "left").drop("_area"),
        unknown,
        "unknown_area",
        field,
        col(field),
        concat(
            lit("'" + field + "' '"),
            col(field),
            lit("' is not in the geography lookup; load a lookup that has it")));
  }

  /**
   * Rows where {@code failed} holds get {@code reason} with its field, value and message; the
   * others keep theirs. The condition must hold only for rows not failed already.
   */
  private static Dataset<Row> fail(
      Dataset<Row> rows, Column failed, String reason, String field, Column value, Column message) {
    return rows.withColumn("_failed", failed)
        .withColumn("_field", when(col("_failed"), lit(field)).otherwise(col("_field")))
        .withColumn("_value", when(col("_failed"), value).otherwise(col("_value")))
        .withColumn("_message", when(col("_failed"), message).otherwise(col("_message")))
        .withColumn("_reason", when(col("_failed"), lit(reason)).otherwise(col("_reason")))
        .drop("_failed");
  }

  /**
   * Publishes the checked rows, less those failed late ({@code late}, in the {@link #LATE}
   * columns), each file's accepted rows to its partition and the rest to quarantine.
   */
  private List<FileSummary> publish(
      SourceSpec spec,
      Batch batch,
      Dataset<Row> checked,
      Optional<Dataset<Row>> late,
      List<VruException> rejected)
      throws IOException {
    long started = System.nanoTime();
    // counts are taken from the working copy, then the few rows failed late are moved from the
    // accepted counts to theirs: no pass over every row joins them
    List<Row> cells = new ArrayList<>(counts(checked).collectAsList());
    long lateRows = 0;
    if (late.isPresent()) {
      Map<List<Object>, Long> moved = new java.util.HashMap<>();
      for (Row r : counts(late.get()).collectAsList()) {
        moved.merge(List.of(r.getString(0), r.getLong(1)), r.getLong(3), Long::sum);
        lateRows += r.getLong(3);
        cells.add(r);
      }
      cells.replaceAll(
          r ->
              r.isNullAt(2)
                  ? RowFactory.create(
                      r.getString(0),
                      r.getLong(1),
                      null,
                      r.getLong(3) - moved.getOrDefault(List.of(r.getString(0), r.getLong(1)), 0L),
                      r.getLong(4),
                      null)
                  : r);
    }
    LOG.info(
        "{}: counted rows by file and reason in {} file(s) in {} ms",
        spec.source(),
        batch.files().size(),
        (System.nanoTime() - started) / 1_000_000);
    Splits splits = Splits.of(cells, batch);
    List<Row> offsets = new ArrayList<>();
    List<FileSummary> summaries = new ArrayList<>();
    List<String> published = new ArrayList<>();
    for (InputFile input : batch.files().values()) {
      String uri = splits.uri(input);
      FileSummary s = splits.summary(spec.source(), input);
      summaries.add(s);
      splits
          .offsets(input)
          .forEach(
              (block, o) ->
                  offsets.add(
                      RowFactory.create(
                          o.uri(),
                          block,
                          o.minId(),
                          o.firstLine(),
                          input.sha256().substring(0, 16),
                          input.shown().toString())));
      if (s.quarantinedShare() > threshold) {
        manifest.record(jobRun, s, false);
        rejected.add(
            new VruException(
                ErrorCode.DATA_QUALITY_THRESHOLD, QualityReport.describe(s, threshold)));
      } else if (uri != null) {
        published.add(uri);
      }
    }
    Dataset<Row> lines =
        spark.createDataFrame(
            offsets,
            new StructType()
                .add("_f", DataTypes.StringType)
                .add("_b", DataTypes.LongType)
                .add("_min", DataTypes.LongType)
                .add("_first", DataTypes.LongType)
                .add("file_id", DataTypes.StringType)
                .add("_path", DataTypes.StringType));
    Dataset<Row> located =
        checked.join(
            broadcast(lines),
            col("_file").equalTo(col("_f")).and(col("_block").equalTo(col("_b"))));
    started = System.nanoTime();
    boolean small = lateRows <= BROADCAST_REPEATED;
    Optional<Dataset<Row>> failedLate =
        late.map(l -> small ? broadcast(late(l, "_l")) : late(l, "_l"));
    Dataset<Row> rejectedRows = located;
    if (failedLate.isPresent()) {
      rejectedRows = located.join(failedLate.get(), at("_l"), "left");
      for (String c : List.of("_reason", "_field", "_value", "_message")) {
        rejectedRows = rejectedRows.withColumn(c, coalesce(col("_l" + c), col(c)));
      }
    }
    writeQuarantine(spec, batch.lineColumns(), rejectedRows);
    LOG.info(
        "{}: quarantine written in {} ms",
        spec.source(),
        (System.nanoTime() - started) / 1_000_000);
    started = System.nanoTime();
    Dataset<Row> accepted =
        located.filter(col("_reason").isNull().and(col("_file").isin(published.toArray())));
    if (failedLate.isPresent()) {
      accepted = accepted.join(failedLate.get(), at("_l"), "left_anti");
    }
    List<Column> projection = new ArrayList<>(spec.canonical().apply(pseudonymiser));
    projection.add(col("file_id"));
    Path staging = warehouse.staging(UUID.randomUUID().toString());
    accepted
        .select(projection.toArray(new Column[0]))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("file_id")
        .parquet(staging.toString());
    LOG.info(
        "{}: accepted rows written in {} ms",
        spec.source(),
        (System.nanoTime() - started) / 1_000_000);
    Versions versions =
        new Versions(
            spark, warehouse, manifest, jobRun, spec.source(), spec.table(), spec.coverage());
    Map<String, java.util.Set<String>> covered = versions.cells(staging);
    List<FileSummary> out = new ArrayList<>();
    try {
      for (FileSummary s : summaries) {
        if (s.quarantinedShare() > threshold) {
          out.add(s);
          continue;
        }
        String fileId = s.sha256().substring(0, 16);
        try {
          out.add(
              versions.publish(
                  s,
                  staging.resolve("file_id=" + fileId),
                  covered.getOrDefault(fileId, java.util.Set.of())));
        } catch (VruException e) {
          rejected.add(e);
          out.add(s);
        }
      }
    } finally {
      Publisher.deleteTree(staging);
    }
    return out;
  }

  /**
   * Rows per (file, split, reason), the split's smallest row id, and for a reason its first
   * example: counts are a hash aggregation of longs over every row, the examples (a struct,
   * aggregated by sorting) are taken from the bad rows only.
   */
  private static Dataset<Row> counts(Dataset<Row> rows) {
    Dataset<Row> counts =
        rows.groupBy(col("_file"), col("_block"), col("_reason"))
            .agg(count(lit(1)).as("rows"), min(col("_id")).as("min_id"));
    Dataset<Row> examples =
        rows.filter(col("_reason").isNotNull())
            .groupBy(col("_file").as("_ef"), col("_block").as("_eb"), col("_reason").as("_er"))
            .agg(
                min_by(
                        struct(col("_id"), col("_field"), col("_value"), col("_message")),
                        col("_id"))
                    .as("example"));
    return counts
        .join(
            examples,
            col("_file")
                .equalTo(col("_ef"))
                .and(col("_block").equalTo(col("_eb")))
                .and(col("_reason").eqNullSafe(col("_er"))),
            "left")
        .select("_file", "_block", "_reason", "rows", "min_id", "example");
  }

  private static java.util.Set<String> identifiers(SourceSpec spec) {
    return spec.fields().stream()
        .filter(Field::identifier)
        .map(Field::name)
        .collect(java.util.stream.Collectors.toSet());
  }

  /** One CSV field: quoted (doubled quotes inside) or plain. */
  private static final String CSV_FIELD = "(?:\"(?:[^\"]++|\"\")*+\"|[^,\"]*+)";

  /**
   * The raw line as kept in quarantine: as read, except that the field at each identifier's
   * position holds its pseudonym and the field at each ignored column's position is emptied.
   *
   * @param columns the columns of the raw line, in order
   */
  private Column redactedLine(SourceSpec spec, List<String> columns) {
    Column line = col("value");
    java.util.Set<String> identifiers = identifiers(spec);
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      boolean ignored = name.startsWith("_ignored_");
      if (!ignored && !identifiers.contains(name)) {
        continue;
      }
      Column v = col(name);
      Column replacement = ignored ? lit("$1") : concat(lit("$1"), pseudonymiser.pseudonym(v));
      line =
          when(v.isNull(), line)
              .otherwise(
                  regexp_replace(
                      line,
                      lit("^((?:" + CSV_FIELD + ",){" + i + "})" + CSV_FIELD + "(?=,|$)"),
                      replacement));
    }
    return line;
  }

  private void writeQuarantine(SourceSpec spec, List<String> header, Dataset<Row> located)
      throws IOException {
    Dataset<Row> quarantine =
        located
            .filter(col("_reason").isNotNull().and(not(col("_reason").isin(HEADER, BLANK))))
            .select(
                col("_path").as("file"),
                col("_first").plus(col("_id")).minus(col("_min")).as("line"),
                redactedLine(spec, header).as("raw_line"),
                col("_field").as("field"),
                coalesce(col("_value"), lit("")).as("value"),
                col("_reason").as("reason"),
                col("_message").as("message"),
                lit(jobRun.toString()).as("job_run_id"),
                col("file_id"));
    Path staging = warehouse.staging(UUID.randomUUID().toString());
    quarantine.write().mode(SaveMode.Overwrite).partitionBy("file_id").parquet(staging.toString());
    moveEach(staging, warehouse.table(Warehouse.QUARANTINE).resolve("source=" + spec.source()));
  }

  /** Publishes each {@code file_id=…} folder of a staged write, replacing an earlier one. */
  static void moveEach(Path staging, Path table) throws IOException {
    if (Files.isDirectory(staging)) {
      try (Stream<Path> parts = Files.list(staging)) {
        for (Path part :
            parts.filter(p -> p.getFileName().toString().startsWith("file_id=")).toList()) {
          Publisher.replace(part, table.resolve(part.getFileName()));
        }
      }
      Publisher.deleteTree(staging);
    }
  }
}
