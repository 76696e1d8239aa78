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
import vru.metrics.disclosure.Disclosure;

/** Writes a document as HTML (and PDF), after checking it for disclosure, and records the files. */
public final class Render {
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
    List<Doc> docs = languages.stream().map(document).toList();
    docs.forEach(Render::checkDisclosure);
    List<Written> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      Language l = languages.get(i);
      out.addAll(write(docs.get(i), new Text(l), dir, base + "-" + l.code(), pdf));
    }
    out.forEach(w -> record(record, w));
    return out;
  }

  private static List<Written> write(Doc doc, Text t, Path dir, String base, boolean pdf) {
    List<Written> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      Path html = dir.resolve(base + ".html");
      byte[] bytes = html(doc, t, false).getBytes(StandardCharsets.UTF_8);
      Files.write(html, bytes);
      out.add(new Written(html, sha256(bytes), t.language().code(), "html"));
      if (pdf) {
        Path file = dir.resolve(base + ".pdf");
        Pdf.write(html(doc, t, true), file);
        out.add(new Written(file, sha256(Files.readAllBytes(file)), t.language().code(), "pdf"));
      }
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.INTERNAL, "cannot write the report in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The document as (X)HTML; {@code forPdf} puts PNG images in place of SVG and drops links. */
  public static String html(Doc doc, Text t, boolean forPdf) {
    try {
      Template template = FREEMARKER.getTemplate("report.ftlh");
      StringWriter w = new StringWriter();
      template.process(Map.of("doc", doc, "t", t, "pdf", forPdf), w);
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
