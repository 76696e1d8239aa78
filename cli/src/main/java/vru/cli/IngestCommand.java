package vru.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.Ingest;
import vru.ingest.api.IngestRequest;
import vru.pipeline.api.Pipeline;

/** vru ingest: load files of one source, or every input of a vru.yaml. */
@Command(
    name = "ingest",
    description =
        "Validate files and load them into the warehouse; bad rows go to quarantine with"
            + " their line and reason. The same file twice is ingested once.")
final class IngestCommand implements Runnable {
  static final class What {
    @ArgGroup(exclusive = false)
    Files files;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "Ingest every input listed in vru.yaml.")
    Path config;
  }

  static final class Files {
    @Option(
        names = "--source",
        required = true,
        description = "Source: ${COMPLETION-CANDIDATES}.",
        completionCandidates = SourceNames.class)
    String source;

    @Option(
        names = "--input",
        required = true,
        arity = "1..*",
        paramLabel = "PATH",
        description = "Files or folders (every .csv and .csv.gz in a folder).")
    List<Path> inputs;

    @Option(
        names = "--columns",
        paramLabel = "FILE",
        description =
            "A YAML column mapping, for a force's own export: 'columns:' (its column: ours) and"
                + " 'ignore:' (its columns to leave out); for counts also 'suppressed:' (the"
                + " provider's own suppression markers).")
    Path columns;

    @Option(
        names = "--encoding",
        paramLabel = "CHARSET",
        description =
            "The files' character encoding, e.g. windows-1252 or iso-8859-1 (default: UTF-8, or"
                + " Windows-1252 for a file that is not valid UTF-8).")
    String encoding;
  }

  static final class SourceNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    SourceNames() {
      super(Ingest.sources());
    }
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse folder (default ./warehouse, or vru.yaml's).")
  Path warehouse;

  @Option(
      names = "--max-quarantined",
      defaultValue = "0.05",
      description =
          "Reject a file when more than this share of its rows is bad (default ${DEFAULT-VALUE}).")
  double maxQuarantined;

  @Option(names = "--json", description = "Print the per-file summary as JSON.")
  boolean json;

  @Mixin DatabaseOptions database;
  @Mixin SparkOption spark;

  @Override
  public void run() {
    Database db = database.open();
    Map<String, Object> params = new LinkedHashMap<>();
    if (what.config != null) {
      params.put("config", what.config.toAbsolutePath().toString());
    } else {
      params.put("source", what.files.source);
      params.put(
          "warehouse",
          (warehouse == null ? Path.of("warehouse") : warehouse).toAbsolutePath().toString());
      params.put(
          "inputs", what.files.inputs.stream().map(p -> p.toAbsolutePath().toString()).toList());
      if (what.files.columns != null) {
        params.put("columns", what.files.columns.toAbsolutePath().toString());
      }
    }
    JobScope.run(
        db,
        "ingest",
        params,
        job -> {
          List<FileSummary> summaries;
          if (what.config != null) {
            PartnershipConfig c = ConfigLoader.load(what.config);
            SparkSession session = spark.session(c.warehouse());
            summaries =
                new Pipeline(c, db, job, Console::progressLine)
                    .ingest(session, database.keyFile(), maxQuarantined);
          } else {
            Warehouse wh =
                new Warehouse(
                    warehouse == null ? Path.of("warehouse").toAbsolutePath() : warehouse);
            SparkSession session = spark.session(wh.root());
            summaries =
                Ingest.run(
                    new IngestRequest(
                            session,
                            db,
                            job,
                            wh,
                            database.keyFile(),
                            what.files.source,
                            what.files.inputs,
                            maxQuarantined,
                            s -> {})
                        .withColumnMapping(java.util.Optional.ofNullable(what.files.columns))
                        .withEncoding(encoding()));
          }
          print(summaries);
        });
  }

  private java.util.Optional<java.nio.charset.Charset> encoding() {
    if (what.files.encoding == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(java.nio.charset.Charset.forName(what.files.encoding));
    } catch (IllegalArgumentException e) {
      throw new vru.core.api.VruException(
          vru.core.api.ErrorCode.USAGE,
          "--encoding "
              + what.files.encoding
              + " is not a character encoding Java knows; use e.g. utf-8, windows-1252 or"
              + " iso-8859-1");
    }
  }

  private void print(List<FileSummary> summaries) throws Exception {
    if (json) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (FileSummary s : summaries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("file", s.file().toString());
        m.put("sha256", s.sha256());
        m.put("already_ingested", s.alreadyIngested());
        m.put("rows_read", s.rowsRead());
        m.put("rows_accepted", s.rowsAccepted());
        m.put("rows_quarantined", s.rowsQuarantined());
        m.put("replaces", s.replaces());
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (FileSummary.Reason r : s.reasons()) {
          reasons.put(
              r.reason(),
              Map.of(
                  "rows",
                  r.rows(),
                  "example_line",
                  r.exampleLine(),
                  "example_message",
                  r.message()));
        }
        m.put("quarantined_by_reason", reasons);
        out.add(m);
      }
      SparkProgress.endStep();
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
      return;
    }
    for (FileSummary s : summaries) {
      if (s.alreadyIngested()) {
        Console.out("%s: already ingested (same SHA-256), nothing to do", s.file());
        continue;
      }
      Console.out(
          "%s: %,d rows read, %,d accepted, %,d quarantined",
          s.file(), s.rowsRead(), s.rowsAccepted(), s.rowsQuarantined());
      for (String old : s.replaces()) {
        Console.out("    replaces %s (same source and period; its rows are kept as history)", old);
      }
      for (FileSummary.Reason r : s.reasons()) {
        Console.out(
            "    %-20s %,9d  e.g. %s %d: %s",
            r.reason(), r.rows(), s.lineUnit(), r.exampleLine(), r.message());
      }
    }
  }
}
