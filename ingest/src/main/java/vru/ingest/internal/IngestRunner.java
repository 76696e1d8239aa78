package vru.ingest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import vru.core.api.ErrorCode;
import vru.core.api.SparkStep;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.csv.TextEncoding;
import vru.core.db.WarehouseLock;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.IngestRequest;

/** Runs one source over its inputs, file by file. */
public final class IngestRunner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestRunner.class);

  private IngestRunner() {}

  /** One source's files, under the warehouse's lock. */
  public static List<FileSummary> run(IngestRequest request) {
    Prepared p = prepare(request);
    Warehouse warehouse = request.warehouse();
    try (WarehouseLock lock =
        WarehouseLock.acquire(request.database(), warehouse.root(), request.jobRun(), "ingest")) {
      clearStaging(warehouse, request.spark());
      return p.run();
    }
  }

  /** A request checked and ready to run under the warehouse's lock. */
  record Prepared(
      IngestRequest request,
      Optional<TableIngest.Adapter> table,
      SourceSpec spec,
      ColumnMapping mapping) {
    boolean areas() {
      return spec != null && spec.table().equals(Warehouse.GEOGRAPHY);
    }

    /** The source's files ingested and, for the geography, its areas loaded into PostgreSQL. */
    List<FileSummary> run() {
      List<FileSummary> out = files();
      storeAreas(out);
      return out;
    }

    /** The geography's areas into PostgreSQL (the system of record for areas) when it changed. */
    void storeAreas(List<FileSummary> out) {
      if (areas() && out.stream().anyMatch(s -> !s.alreadyIngested())) {
        GeographyStore.load(
            request.database(),
            request
                .spark()
                .read()
                .parquet(request.warehouse().table(Warehouse.GEOGRAPHY).toString()));
      }
    }

    /** The source's files ingested. */
    List<FileSummary> files() {
      // names this source's Spark jobs for the progress display (the CLI's SparkProgress)
      // and gives it its own pool, so the sources running at once share the executors fairly
      SparkContext sc = request.spark().sparkContext();
      sc.setLocalProperty(SparkStep.PROPERTY, "ingest " + request.source());
      sc.setLocalProperty("spark.scheduler.pool", request.source());
      try {
        return ingest(request, table, spec, mapping);
      } finally {
        sc.setLocalProperty(SparkStep.PROPERTY, null);
        sc.setLocalProperty("spark.scheduler.pool", null);
      }
    }
  }

  static Prepared prepare(IngestRequest request) {
    if (request.source().equals("counts")) {
      // aggregated counts: mapped with their own --columns file, LSOAs resolved through the
      // warehouse's lookup when one was ingested
      AggregateCounts counts =
          request
              .columnMapping()
              .map(m -> AggregateCounts.withMapping(m, GeographyStore.lsoaToLa(request)))
              .orElseGet(
                  () ->
                      new AggregateCounts(
                          ColumnMapping.NONE, Set.of(), GeographyStore.lsoaToLa(request)));
      return new Prepared(request, Optional.of(counts), null, ColumnMapping.NONE);
    }
    Optional<TableIngest.Adapter> table = Sources.table(request.source());
    SourceSpec spec =
        table.isPresent()
            ? null
            : Sources.spec(request.source())
                .orElseThrow(
                    () ->
                        new VruException(
                            ErrorCode.USAGE,
                            "unknown source '"
                                + request.source()
                                + "'"
                                + Suggest.closest(request.source(), Sources.names())
                                    .map(s -> " (did you mean '" + s + "'?)")
                                    .orElse("")
                                + "; known sources: "
                                + String.join(", ", Sources.names())));
    ColumnMapping mapping = ColumnMapping.NONE;
    if (request.columnMapping().isPresent()) {
      if (spec == null || request.source().equals("population")) {
        throw new VruException(
            ErrorCode.USAGE,
            "--columns applies to record files (police-records, hospital-admissions,"
                + " homicide-index, programme, geography); "
                + request.source()
                + " files are read in their published layout");
      }
      mapping = ColumnMapping.read(request.columnMapping().get(), spec);
    }
    return new Prepared(request, table, spec, mapping);
  }

  private static List<FileSummary> ingest(
      IngestRequest request,
      Optional<TableIngest.Adapter> table,
      SourceSpec spec,
      ColumnMapping mapping) {
    Warehouse warehouse = request.warehouse();
    Manifest manifest = new Manifest(request.database(), warehouse.root());
    List<FileSummary> out = new ArrayList<>();
    Path unzipped = warehouse.staging("unzipped-" + request.jobRun() + "-" + request.source());
    try {
      Map<Path, Path> shown = new HashMap<>();
      List<Path> files =
          utf8(expand(request.inputs(), unzipped, shown), unzipped, shown, request.encoding());
      if (table.isPresent()) {
        for (Path f : files) {
          if (ParquetInput.is(f)) {
            throw new VruException(
                ErrorCode.INPUT_INVALID,
                shown.getOrDefault(f, f)
                    + ": "
                    + request.source()
                    + " files are read in their published layout (CSV); Parquet is read for"
                    + " record files (police-records, hospital-admissions, homicide-index,"
                    + " programme, geography, long-form population)");
          }
        }
      }
      if (request.source().equals("population")) {
        return population(request, files, shown, manifest);
      }
      if (spec != null && spec.table().equals(Warehouse.GEOGRAPHY) && !files.isEmpty()) {
        // ONS's LSOA → LA lookup as published: no CSP or force columns, ONS's names
        Path first = files.get(0);
        OnsLookup.Layout layout =
            OnsLookup.of(first, shown.getOrDefault(first, first), spec, mapping);
        spec = layout.spec();
        mapping = layout.mapping();
      }
      if (spec != null) {
        files = headerFirst(files, unzipped, shown, spec, mapping);
      }
      List<FileSummary> done =
          table.isPresent()
              ? tables(request, manifest).ingest(table.get(), files, shown)
              : records(request, manifest).ingest(spec, files, shown, mapping);
      for (FileSummary s : done) {
        request.progress().accept(s);
        out.add(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Publisher.deleteTree(unzipped);
      } catch (IOException e) {
        // a leftover copy under _staging is removed by a later run (clearStaging)
      }
    }
    return out;
  }

  private static TableIngest tables(IngestRequest request, Manifest manifest) {
    return new TableIngest(
        request.spark(),
        request.warehouse(),
        manifest,
        request.jobRun(),
        request.maxQuarantinedShare());
  }

  private static RecordIngest records(IngestRequest request, Manifest manifest) {
    return new RecordIngest(
        new IngestContext(
            request.spark(),
            request.warehouse(),
            manifest,
            Pseudonymiser.fromEnvironmentOr(request.keyFile()),
            request.jobRun(),
            request.maxQuarantinedShare()));
  }

  /**
   * Population files come in three layouts: the long form (a record file, read by Spark) and the
   * ONS ward and LSOA tables (read whole, like other published tables). Each file goes its own way;
   * the summaries keep the order of the inputs.
   */
  private static List<FileSummary> population(
      IngestRequest request, List<Path> files, Map<Path, Path> shown, Manifest manifest)
      throws IOException {
    Warehouse warehouse = request.warehouse();
    List<Path> records = new ArrayList<>();
    Map<Path, FileSummary> done = new HashMap<>();
    List<VruException> rejected = new ArrayList<>();
    TableIngest tables = tables(request, manifest);
    for (Path f : files) {
      Optional<TableIngest.Adapter> layout =
          ParquetInput.is(f) ? Optional.empty() : PopulationTables.detect(f);
      if (layout.isEmpty()) {
        records.add(f);
        continue;
      }
      try {
        done.put(f, tables.ingest(layout.get(), List.of(f), shown).get(0));
      } catch (VruException e) {
        if (e.code() != ErrorCode.DATA_QUALITY_THRESHOLD && e.code() != ErrorCode.INPUT_INVALID) {
          throw e;
        }
        rejected.add(e);
      }
    }
    if (!records.isEmpty()) {
      List<FileSummary> s =
          records(request, manifest)
              .ingest(Sources.spec("population").orElseThrow(), records, shown);
      for (int i = 0; i < records.size(); i++) {
        done.put(records.get(i), s.get(i));
      }
    }
    if (!rejected.isEmpty()) {
      throw rejected.get(0);
    }
    List<FileSummary> out = new ArrayList<>();
    for (Path f : files) {
      request.progress().accept(done.get(f));
      out.add(done.get(f));
    }
    return out;
  }

  /**
   * Removes what runs that died (killed, out of memory) left under {@code _staging}: extracted and
   * re-encoded copies, staged partitions, Spark's shuffle files. The caller holds the warehouse's
   * lock, so no other job is using the folder; this process's own Spark folder is kept.
   */
  static void clearStaging(Warehouse warehouse, SparkSession spark) {
    List<Path> keep = new ArrayList<>();
    for (String d : spark.sparkContext().getConf().get("spark.local.dir", "").split(",")) {
      if (!d.isBlank()) {
        keep.add(Path.of(d.trim()));
      }
    }
    for (Path p : warehouse.clearStaging(keep)) {
      LOG.info("removed {}, left by a job that did not finish", p);
    }
  }

  /**
   * Files as given, the CSV (plain or gzip) and Parquet files inside folders, in name order, the
   * CSV files inside zip archives, extracted under {@code unzipped/<archive name>/}, and one sheet
   * of each spreadsheet (XLSX, ODS; {@code book.xlsx#Sheet name}) written as CSV (each extracted
   * file is then known by its own SHA-256, like any other).
   */
  static List<Path> expand(List<Path> inputs, Path unzipped, Map<Path, Path> shown)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path given : inputs) {
      if (Spreadsheets.is(given.toString())) {
        files.add(Spreadsheets.toCsv(given.toString(), unzipped, shown));
        continue;
      }
      // Spark names the files it reads by absolute, normalised path: use the same
      Path p = given.toAbsolutePath().normalize();
      if (Files.isRegularFile(p) && p.getFileName().toString().toLowerCase().endsWith(".zip")) {
        files.addAll(unzip(p, unzipped.resolve(p.getFileName().toString()), shown));
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          for (Path f : s.sorted().toList()) {
            String name = f.getFileName().toString();
            if (name.matches("(?i).*\\.(csv(\\.gz)?|parquet)")) {
              files.add(f);
            } else if (name.toLowerCase().endsWith(".zip")) {
              files.addAll(unzip(f, unzipped.resolve(name), shown));
            } else if (Spreadsheets.is(name) && !name.startsWith("~$")) {
              files.add(Spreadsheets.toCsv(f.toString(), unzipped, shown));
            }
          }
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw notFound(p);
      }
    }
    return files;
  }

  /**
   * The files as Spark can read them, Spark's text reader reading only UTF-8: a plain (not gzip,
   * not Parquet) file in another encoding is re-encoded as UTF-8 into {@code into} (messages still
   * name the file given). The encoding is the declared one, else UTF-8 when the file is valid
   * UTF-8, else Windows-1252 (what Excel on Windows saves CSV in). A file declared UTF-8 that is
   * not valid UTF-8 is an input error naming its first bad line.
   */
  static List<Path> utf8(
      List<Path> files,
      Path into,
      Map<Path, Path> shown,
      Optional<java.nio.charset.Charset> declared)
      throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      if (ParquetInput.is(f)) {
        out.add(f);
        continue;
      }
      requireText(f, shown.getOrDefault(f, f));
      java.nio.charset.Charset charset =
          declared.isPresent() ? declared.get() : TextEncoding.detect(f);
      if (charset.equals(java.nio.charset.StandardCharsets.UTF_8)) {
        if (declared.isPresent() && !TextEncoding.detect(f).equals(charset)) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              shown.getOrDefault(f, f)
                  + " was declared UTF-8 but is not valid UTF-8 (line "
                  + TextEncoding.firstInvalidUtf8Line(f)
                  + "); leave --encoding out to read such a file as Windows-1252, or declare its"
                  + " encoding");
        }
        out.add(f);
        continue;
      }
      Path copy = into.resolve("windows-1252").resolve(UUID.randomUUID().toString());
      Files.createDirectories(copy);
      copy = copy.resolve(f.getFileName().toString().replaceFirst("(?i)\\.gz$", ""));
      try (java.io.Reader in =
              new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      TextEncoding.open(f),
                      charset
                          .newDecoder()
                          .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)));
          java.io.Writer w =
              Files.newBufferedWriter(copy, java.nio.charset.StandardCharsets.UTF_8)) {
        in.transferTo(w);
      }
      LOG.info("{} read as {}", shown.getOrDefault(f, f), charset.name());
      shown.put(copy, shown.getOrDefault(f, f));
      out.add(copy);
    }
    return out;
  }

  /**
   * Refuses a file that is not text (a workbook, PDF or image renamed {@code .csv}, or a damaged
   * {@code .gz}) with its name and what to do, before any of it is read as rows.
   */
  static void requireText(Path f, Path shown) throws IOException {
    long at;
    try {
      at = TextEncoding.binaryAt(f);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          shown
              + ": not a readable gzip file ("
              + e.getMessage()
              + "); compress the CSV again with gzip, or give it uncompressed");
    }
    if (at >= 0) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          shown
              + ": not a text file (byte "
              + (at + 1)
              + " is binary data); give the data as CSV text, or a workbook under its own name"
              + " (.xlsx, .ods)");
    }
  }

  /**
   * Record files whose header stands below a title or notes ({@link Header#linesAbove}), each
   * replaced by a copy under {@code into} (or rewritten, when it is already one of our copies) with
   * the header first and the lines above it blank, so every row keeps its line number. The given
   * file is never changed; a warning says what was skipped. Gzip and Parquet files are left as they
   * are.
   */
  private static List<Path> headerFirst(
      List<Path> files, Path into, Map<Path, Path> shown, SourceSpec spec, ColumnMapping mapping)
      throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      int above =
          f.getFileName().toString().toLowerCase().endsWith(".gz") || ParquetInput.is(f)
              ? 0
              : Header.linesAbove(f, spec, mapping);
      if (above == 0) {
        out.add(f);
        continue;
      }
      Path name = shown.getOrDefault(f, f);
      Path copy = f;
      if (!f.startsWith(into)) {
        copy = into.resolve("header-first").resolve(UUID.randomUUID().toString());
        Files.createDirectories(copy);
        copy = copy.resolve(f.getFileName());
        shown.put(copy, name);
      }
      Header.moveUp(f, above, copy);
      String unit = Spreadsheets.is(name.toString()) ? "row" : "line";
      // shown without -v: lines of the file are not read, and the analyst should know why
      LOG.warn(
          "{}: the header is on {} {}; the {} {}(s) above it (a title or notes) are not read",
          name,
          unit,
          above + 1,
          above,
          unit);
      out.add(copy);
    }
    return out;
  }

  /** The error for an input that is not there. */
  static VruException notFound(Path input) {
    return new VruException(
        ErrorCode.INPUT_NOT_FOUND,
        "input not found: "
            + input.toAbsolutePath()
            + ". Check the path (relative paths in vru.yaml are read from the file's folder).");
  }

  /** The CSV entries of a zip archive (in any folder inside it), extracted, in name order. */
  private static List<Path> unzip(Path zip, Path into, Map<Path, Path> shown) throws IOException {
    List<Path> out = new ArrayList<>();
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      List<? extends java.util.zip.ZipEntry> entries =
          z.stream()
              .filter(e -> !e.isDirectory() && e.getName().matches("(?i).*\\.csv(\\.gz)?"))
              .sorted(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName))
              .toList();
      if (entries.isEmpty()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            zip + ": the zip archive holds no .csv or .csv.gz file; extract it and pass the files");
      }
      for (java.util.zip.ZipEntry e : entries) {
        // flatten folders inside the archive; refuse names that would escape the target
        String name = e.getName().replace('\\', '/');
        Path target = into.resolve(name.substring(name.lastIndexOf('/') + 1)).normalize();
        if (!target.startsWith(into)) {
          throw new VruException(ErrorCode.INPUT_INVALID, zip + ": unsafe entry name " + name);
        }
        Files.createDirectories(into);
        try (java.io.InputStream in = z.getInputStream(e)) {
          Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        out.add(target);
        shown.put(target, Path.of(zip + "!/" + name));
      }
    } catch (java.util.zip.ZipException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, zip + ": not a readable zip archive (" + e.getMessage() + ")");
    }
    return out;
  }
}
