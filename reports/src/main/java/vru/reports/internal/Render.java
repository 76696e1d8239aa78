package vru.reports.internal;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.metrics.api.disclosure.Disclosure;
import vru.reports.api.Language;

/** Writes a document as HTML (and PDF), after checking it for disclosure, and records the files. */
public final class Render {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Render.class);

  private static final Configuration FREEMARKER = freemarker();

  private Render() {}

  /** A file written. */
  public record Written(Path path, String sha256, String language, String format) {}

  /** Where a report is recorded. */
  public record Record(
      Database db, UUID jobRun, String partnershipId, String kind, String period) {}

  /**
   * Refuses a document that would disclose: every count shown in every table and chart is checked
   * under its rule.
   *
   * @throws VruException {@link ErrorCode#DISCLOSURE_FAILED} naming the table and the cell
   */
  public static void checkDisclosure(Doc doc) {
    for (DataTable t : doc.tables()) {
      List<Disclosure.Violation> v = Disclosure.check(t.counts());
      if (!v.isEmpty()) {
        throw new VruException(
            ErrorCode.DISCLOSURE_FAILED,
            "the report would disclose small numbers: table '"
                + t.caption()
                + "', "
                + v.get(0).describe()
                + (v.size() > 1 ? " (and " + (v.size() - 1) + " more)" : "")
                + ". Nothing was written; the measure's disclosure rule must be applied to every"
                + " count shown.");
      }
    }
  }

  /**
   * Writes the document in each language as {@code base-<lang>.html} and, when asked, {@code .pdf},
   * and records every file. All languages are built and checked for disclosure before any file is
   * written, so a refused report leaves nothing behind.
   */
  public static List<Written> write(
      List<Language> languages,
      Function<Language, Doc> document,
      Path dir,
      String base,
      boolean pdf,
      Record record) {
    long t0 = System.nanoTime();
    List<Doc> docs = languages.stream().map(document).toList();
    docs.forEach(Render::checkDisclosure);
    long t1 = System.nanoTime();
    List<Written> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      Language l = languages.get(i);
      out.addAll(write(docs.get(i), new Text(l), dir, base + "-" + l.code(), pdf));
    }
    long t2 = System.nanoTime();
    out.forEach(w -> record(record, w));
    LOG.info(
        "{}: built and checked in {} ms, written in {} ms, recorded in {} ms",
        base,
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (System.nanoTime() - t2) / 1_000_000);
    return out;
  }

  /**
   * Writes one language's HTML and, when asked, its PDF. The PDF (print images, then layout) is
   * made on a second thread while this one writes the HTML and its spreadsheet downloads.
   */
  private static List<Written> write(Doc doc, Text t, Path dir, String base, boolean pdf) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw cannotWrite(dir, e);
    }
    java.util.concurrent.CompletableFuture<Written> print =
        pdf
            ? java.util.concurrent.CompletableFuture.supplyAsync(
                () -> pdf(doc, new Text(t.language()), dir.resolve(base + ".pdf")))
            : java.util.concurrent.CompletableFuture.completedFuture(null);
    List<Written> out = new ArrayList<>();
    long start = System.nanoTime();
    try {
      Path html = dir.resolve(base + ".html");
      byte[] bytes = html(doc, t, false).getBytes(StandardCharsets.UTF_8);
      Files.write(html, bytes);
      out.add(new Written(html, sha256(bytes), t.language().code(), "html"));
    } catch (IOException e) {
      print.cancel(false);
      throw cannotWrite(dir, e);
    }
    LOG.info("{}.html: {} ms", base, (System.nanoTime() - start) / 1_000_000);
    try {
      Written p = print.join();
      if (p != null) {
        out.add(p);
      }
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    return out;
  }

  private static Written pdf(Doc doc, Text t, Path file) {
    long t0 = System.nanoTime();
    drawForPrint(doc);
    long t1 = System.nanoTime();
    try {
      Pdf.write(html(doc, t, true), file);
      LOG.info(
          "{}: print images {} ms, layout and PDF {} ms",
          file.getFileName(),
          (t1 - t0) / 1_000_000,
          (System.nanoTime() - t1) / 1_000_000);
      return new Written(file, sha256(Files.readAllBytes(file)), t.language().code(), "pdf");
    } catch (IOException e) {
      throw cannotWrite(file.getParent(), e);
    }
  }

  private static VruException cannotWrite(Path dir, IOException e) {
    return new VruException(
        ErrorCode.INTERNAL, "cannot write the report in " + dir + ": " + e.getMessage(), e);
  }

  /**
   * Draws every chart's 300 dpi print image at once, on every core (each is kept, so the PDF's
   * template then only reads it).
   */
  private static void drawForPrint(Doc doc) {
    doc.sections().stream()
        .flatMap(s -> s.blocks().stream())
        .filter(b -> b.figure() != null)
        .toList()
        .parallelStream()
        .forEach(b -> b.figure().image().get());
  }

  /** The document as (X)HTML; {@code forPdf} puts PNG images in place of SVG and drops links. */
  public static String html(Doc doc, Text t, boolean forPdf) {
    try {
      Template template = FREEMARKER.getTemplate("report.ftlh");
      StringWriter w = new StringWriter();
      template.process(Map.of("doc", doc, "t", t, "pdf", forPdf, "m", new Markup()), w);
      return w.toString();
    } catch (IOException | TemplateException e) {
      throw new VruException(ErrorCode.INTERNAL, "cannot render the report: " + e.getMessage(), e);
    }
  }

  private static void record(Record r, Written w) {
    String sql =
        "insert into report(job_run_id, partnership_id, kind, period, language, format, path,"
            + " sha256) values (?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = r.db().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, r.jobRun());
      ps.setString(2, r.partnershipId());
      ps.setString(3, r.kind());
      ps.setString(4, r.period());
      ps.setString(5, w.language());
      ps.setString(6, w.format());
      ps.setString(7, w.path().toAbsolutePath().toString());
      ps.setString(8, w.sha256());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot record the report: " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Configuration freemarker() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(Render.class, "/vru/reports");
    cfg.setDefaultEncoding("UTF-8");
    return cfg;
  }
}
