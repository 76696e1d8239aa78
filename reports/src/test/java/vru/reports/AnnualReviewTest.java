package vru.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.core.geo.Geography;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore.EventStudyView;
import vru.evaluation.api.did.DidEstimate;
import vru.ingest.api.SourceFiles;
import vru.metrics.api.PanelRow;
import vru.metrics.api.Period;
import vru.metrics.api.disclosure.Disclosure;
import vru.metrics.stats.CrudeRate;
import vru.reports.api.AnnualReview;
import vru.reports.api.Language;
import vru.reports.api.ReportRequest;
import vru.reports.api.ReportResult;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc;
import vru.reports.internal.Render;
import vru.reports.internal.Text;

/**
 * The annual review written from a made-up panel in English and Welsh, HTML and PDF, and checked as
 * a reader's tools would: axe-core in Chromium, veraPDF, PDFBox and pdftoppm.
 */
public class AnnualReviewTest {
  @TempDir static Path dir;
  static Database db;
  static UUID job;
  static ReportResult result;
  static String en;
  static String cy;
  static final String WEST_MIDLANDS = "E23000014";

  @BeforeAll
  static void write() throws Exception {
    db = TestDatabase.fresh("reports");
    job = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    result = AnnualReview.write(request(List.of(Language.EN, Language.CY)));
    en = Files.readString(result.path("en", "html"));
    cy = Files.readString(result.path("cy", "html"));
  }

  static ReportRequest request(List<Language> languages) {
    return request(languages, dir);
  }

  public static ReportRequest request(List<Language> languages, Path dir) {
    List<PanelRow> panel = new ArrayList<>();
    List<PanelRow> rolling = new ArrayList<>();
    int i = 0;
    for (String pfa : Geography.reference().pfas().keySet()) {
      i++;
      for (int fy = 2018; fy <= 2024; fy++) {
        panel.add(fy("knife_crime", pfa, "pfa", name(pfa), fy, 300 + 37L * i, 1_500_000, "all"));
        panel.add(fy("knife_admissions", pfa, "pfa", name(pfa), fy, 40 + 3L * i, 1_500_000, "all"));
        panel.add(fy("homicide", pfa, "pfa", name(pfa), fy, 10 + i % 7, 1_500_000, "all"));
      }
    }
    for (int fy = 2018; fy <= 2024; fy++) {
      for (String age : List.of("all", "0-24")) {
        long scale = age.equals("all") ? 1 : 3;
        panel.add(
            fy(
                "knife_crime",
                "p",
                "partnership",
                "P",
                fy,
                (1_234 - (fy - 2018) * 50) / scale,
                2_900_000 / scale,
                age));
        panel.add(fy("knife_admissions", "p", "partnership", "P", fy, 5, 2_900_000 / scale, age));
        panel.add(fy("homicide", "p", "partnership", "P", fy, 40 / scale, 2_900_000 / scale, age));
        for (String m : List.of("knife_crime", "knife_admissions", "homicide")) {
          long n = m.equals("knife_crime") ? 50_000 : m.equals("homicide") ? 600 : 4_400;
          panel.add(
              fy(
                  m,
                  "K04000001",
                  "country",
                  "England and Wales",
                  fy,
                  n / scale,
                  60_000_000 / scale,
                  age));
        }
      }
    }
    for (YearMonth q = YearMonth.of(2019, 3);
        !q.isAfter(YearMonth.of(2025, 3));
        q = q.plusMonths(3)) {
      for (String age : List.of("all", "0-24")) {
        rolling.add(r12("knife_crime", "p", "partnership", "P", q, 1_100 + q.getMonthValue(), age));
        rolling.add(
            r12("knife_crime", "K04000001", "country", "England and Wales", q, 49_000, age));
        rolling.add(r12("knife_admissions", "p", "partnership", "P", q, 6, age));
        rolling.add(
            r12("knife_admissions", "K04000001", "country", "England and Wales", q, 4_300, age));
        rolling.add(r12("homicide", "p", "partnership", "P", q, 38, age));
        rolling.add(r12("homicide", "K04000001", "country", "England and Wales", q, 590, age));
      }
    }
    List<EvaluationResult> evaluation =
        List.of(
            new EvaluationResult(
                "knife_crime",
                100_000,
                new DidEstimate("cs", -1.5, 0.4, -2.28, -0.72, 0.0002, 43, 20, 11, 43, "test"),
                3_000,
                2014,
                2024,
                List.of()));
    Map<String, EventStudyView> events = new HashMap<>();
    events.put(
        "knife_crime",
        new EventStudyView(
            List.of(
                new double[] {-3, 0.2, -1.1, 1.5},
                new double[] {-2, -0.1, -1.3, 1.1},
                new double[] {0, -1.2, -2.4, 0.0},
                new double[] {1, -1.8, -3.0, -0.6}),
            1.7,
            2,
            0.43));
    return new ReportRequest(
        db,
        job,
        "p",
        "Test Partnership",
        List.of(WEST_MIDLANDS),
        List.of("E23000001", "E23000005"),
        false,
        Optional.of(LocalDate.of(2019, 4, 1)),
        new FinancialYear(2024),
        new FinancialYear(2018),
        panel,
        rolling,
        Optional.of(UUID.randomUUID()),
        MeasureCatalogue.builtIn(),
        evaluation,
        events,
        new SourceFiles.Listing(
            List.of(
                new SourceFiles.File(
                    "police-records",
                    Path.of("/data/police/west-midlands-2024.csv"),
                    LocalDate.of(2025, 5, 1),
                    1_000,
                    997,
                    3,
                    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")),
            List.of(new SourceFiles.Quarantined("police-records", "bad_date", 3))),
        dir.resolve("out"),
        Optional.empty(),
        languages,
        true,
        vru.reports.api.ReviewContent.none(dir),
        List.of(),
        List.of(
            new vru.metrics.api.BreakdownValue("knife_crime", "p", 2024, "sex", "F", 200, 1.45e6),
            new vru.metrics.api.BreakdownValue("knife_crime", "p", 2024, "sex", "M", 784, 1.45e6),
            new vru.metrics.api.BreakdownValue(
                "knife_crime", "p", 2024, "age", "15-24", 400, 0.4e6),
            new vru.metrics.api.BreakdownValue(
                "knife_crime", "p", 2024, "age", "25-34", 584, 2.5e6),
            new vru.metrics.api.BreakdownValue(
                "knife_admissions", "p", 2024, "sex", "F", 3, 1.45e6),
            new vru.metrics.api.BreakdownValue(
                "knife_admissions", "p", 2024, "sex", "M", 60, 1.45e6)));
  }

  static String name(String code) {
    return Geography.reference().nameOf(code).orElse(code);
  }

  static PanelRow fy(
      String m, String code, String level, String name, int fy, long n, long pop, String age) {
    int mult = m.equals("homicide") ? 1_000_000 : 100_000;
    return new PanelRow(
        m,
        age,
        code,
        level,
        name,
        Period.fy(fy),
        OptionalLong.of(n),
        Optional.of(CrudeRate.of(n, pop, mult)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static PanelRow r12(
      String m, String code, String level, String name, YearMonth end, long n, String age) {
    int mult = m.equals("homicide") ? 1_000_000 : 100_000;
    long pop = code.equals("p") ? 2_900_000 : 60_000_000;
    return new PanelRow(
        m,
        age,
        code,
        level,
        name,
        Period.rolling12(end),
        OptionalLong.of(n),
        Optional.of(CrudeRate.of(n, pop, mult)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void theAnnexListsTheSourceFilesAndQuarantineTheRequestCarries() {
    assertThat(en)
        .contains("west-midlands-2024.csv")
        .contains("0123456789ab")
        .contains("Date not valid")
        .doesNotContain("bad_date")
        .doesNotContain("0123456789abcdef0123");
  }

  @Test
  void everySectionIsThereInEachLanguageWithTheLanguageSet() {
    assertThat(en)
        .contains("<html lang=\"en-GB\"")
        .contains(
            ">Key figures<",
            ">Definition and scope<",
            ">Success measures<",
            ">Comparing partnerships<",
            ">Impact evaluation<",
            ">Data and methods<")
        .contains("Test Partnership covers West Midlands police force area")
        .contains("started on 1 April 2019");
    assertThat(cy)
        .contains("<html lang=\"cy-GB\"")
        .contains(
            ">Ffigurau allweddol<",
            ">Diffiniad a chwmpas<",
            ">Mesurau llwyddiant<",
            ">Cymharu partneriaethau<",
            ">Gwerthuso effaith<",
            ">Data a dulliau<")
        .contains("1 Ebrill 2019");
  }

  @Test
  void theWelshBundleIsCompleteAndNoWelshReportFallsBackToEnglish() {
    assertThat(Text.untranslated(Language.CY)).isEmpty();
    assertThat(cy).doesNotContain(Text.UNTRANSLATED, "Key figures", "England and Wales");
    assertThat(new Text(Language.CY).get("no.such.key")).startsWith(Text.UNTRANSLATED);
  }

  @Test
  void hospitalCountsFollowTheHesRuleWithTheirRatesWithheld() {
    assertThat(en).contains("too small to publish under the disclosure rule");
    assertThat(en).doesNotContain("there were 5 hospital admissions");
    // national counts are rounded to 5 too: 4,400 stays 4,400; E&W rolling 4,300
    assertThat(en).contains("4,400", "4,300");
  }

  @Test
  void numbersAreFormattedForEnGbReadersAndSentencesComeFromTheNumbers() {
    // 1,234 − 6 × 50 = 934 knife crimes in 2024/25
    assertThat(en).contains("there were 934 police-recorded knife");
    assertThat(en).contains("3,000 events prevented").contains("p &lt; 0.001");
    assertThat(en).contains("Pre-trend test").contains("p = 0.430");
    assertThat(en).contains("12 months to March 2025");
    assertThat(cy).contains("12 mis hyd at Mawrth 2025");
  }

  @Test
  void noMessagePlaceholderOrQuotingIsLeftInTheText() {
    for (String html : List.of(en, cy)) {
      String text = html.replaceAll("(?s)<svg.*?</svg>", "").replaceAll("href=\"data:[^\"]*\"", "");
      assertThat(text).doesNotContain("{0}", "{1}", "''", "= <", "null");
    }
  }

  @Test
  void everyChartHasAltTextItsDataAsATableAndDownloads() {
    int charts = en.split("<svg", -1).length - 1;
    // 3 measures × 2 ages trend, 3 × (funnel + ranked), 1 event study
    assertThat(charts).isEqualTo(6 + 6 + 1);
    assertThat(en.split("<div role=\"img\" aria-label=\"", -1).length - 1).isEqualTo(charts);
    assertThat(en.split("<figcaption", -1).length - 1).isEqualTo(charts);
    assertThat(en.split("download=\"[^\"]*\\.csv\"", -1).length - 1).isGreaterThanOrEqualTo(charts);
    assertThat(en).contains("download=\"trend-knife_crime-all-data.xlsx\"");
  }

  @Test
  void tablesDownloadAsCsvAndAsXlsxWithNumbersAsNumbers() throws Exception {
    DataTable t =
        new DataTable.Builder("x", "Caption")
            .column("Area", false)
            .column("Count", true)
            .row(List.of("Wêst, \"Mid\"", "1,234"))
            .build();
    assertThat(new String(t.csv(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("\uFEFFArea,Count\r\n\"Wêst, \"\"Mid\"\"\",\"1,234\"\r\n");
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(t.xlsx()))) {
      assertThat(wb.getSheetAt(0).getRow(1).getCell(1).getNumericCellValue()).isEqualTo(1234.0);
      assertThat(wb.getSheetAt(0).getRow(1).getCell(0).getStringCellValue())
          .isEqualTo("Wêst, \"Mid\"");
    }
  }

  @Test
  void aReportThatWouldDiscloseIsRefusedNamingTheCell() {
    Disclosure.Published bad =
        new Disclosure.Published(
            new Disclosure.Cell("knife_admissions|FY2024/25", "E23000014", 3, false),
            "3",
            false,
            "",
            Disclosure.Rule.HES);
    DataTable t =
        new DataTable.Builder("bad", "Admissions by area")
            .column("Area", false)
            .column("Count", true)
            .row(List.of("West Midlands", "3"))
            .count(bad)
            .build();
    Doc doc =
        new Doc(
            "en-GB",
            "T",
            "D",
            "S",
            List.of(new Doc.Section("s", "S", List.of(Doc.Block.ofTable(t)))),
            "F");
    assertThatThrownBy(() -> Render.checkDisclosure(doc))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("Admissions by area")
        .hasMessageContaining("E23000014")
        .hasMessageContaining("'3' is a count from 1 to 7")
        .satisfies(
            e -> assertThat(((VruException) e).code()).isEqualTo(ErrorCode.DISCLOSURE_FAILED));
  }

  @Test
  void everyFileIsRecordedWithItsChecksumLanguageAndFormat() throws Exception {
    assertThat(result.files()).hasSize(4);
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select sha256, period, language, format, path, kind from report where"
                    + " job_run_id = '"
                    + job
                    + "'")) {
      int n = 0;
      while (rs.next()) {
        n++;
        Path p = Path.of(rs.getString(5));
        byte[] bytes = Files.readAllBytes(p);
        String sha =
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(rs.getString(1)).isEqualTo(sha);
        assertThat(rs.getString(2)).isEqualTo("FY2024/25");
        assertThat(rs.getString(3)).isIn("en", "cy");
        assertThat(rs.getString(4)).isIn("html", "pdf");
        assertThat(rs.getString(6)).isEqualTo("annual");
        assertThat(p.getFileName().toString())
            .endsWith("-" + rs.getString(3) + "." + rs.getString(4));
      }
      assertThat(n).isEqualTo(4);
    }
  }

  @Test
  void theHtmlHasNoWcagViolationsInChromium() throws Exception {
    for (String lang : List.of("en", "cy")) {
      assertThat(Tools.axeViolations(result.path(lang, "html"))).as(lang).isEmpty();
    }
  }

  @Test
  void thePdfIsPdfUaCompliant() throws Exception {
    for (String lang : List.of("en", "cy")) {
      assertThat(PdfUa.failures(result.path(lang, "pdf"))).as(lang).isEmpty();
    }
  }

  @Test
  void thePdfHasContentsWithPageNumbersBookmarksAndNumberedPagesWithinTheMargins()
      throws Exception {
    for (String lang : List.of("en", "cy")) {
      PdfLayout pdf = PdfLayout.read(result.path(lang, "pdf"));
      Text t = new Text(lang.equals("en") ? Language.EN : Language.CY);
      assertThat(pdf.bookmarks())
          .as(lang)
          .contains(t.get("section.key"), t.get("section.impact"), t.get("section.annex"));
      assertThat(pdf.bookmarks().stream().filter(b -> b.startsWith("  "))).as(lang).isNotEmpty();
      for (int p = 1; p <= pdf.pages(); p++) {
        assertThat(pdf.pageTexts().get(p - 1))
            .as(lang + " page " + p)
            .contains(t.get("pdf.page") + " " + p + " " + t.get("pdf.of") + " " + pdf.pages());
      }
      // the contents page: each section with the page its heading is on
      String contents = pdf.pageTexts().get(0);
      for (String section : List.of("section.key", "section.impact", "section.annex")) {
        String title = t.get(section);
        int page = 0;
        for (int p = 2; p <= pdf.pages() && page == 0; p++) {
          if (pdf.pageTexts().get(p - 1).contains(title)) {
            page = p;
          }
        }
        assertThat(contents).as(lang + " " + title).containsPattern(title + " \\.+ " + page + " ");
      }
      assertThat(pdf.beyond()).as(lang + ": text beyond the printable width").isEmpty();
    }
  }

  @Test
  void eachTableIsPrintedOnceAndLongChartDataGoesToTheHtmlAnnex() throws Exception {
    PdfLayout pdf = PdfLayout.read(result.path("en", "pdf"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<caption>(.*?)</caption>").matcher(en);
    int captions = 0;
    while (m.find()) {
      String caption =
          m.group(1)
              .replaceAll("<[^>]+>", "")
              .replace("&#39;", "'")
              .replace("&amp;", "&")
              .replace("&quot;", "\"");
      captions++;
      assertThat(pdf.occurrences(caption)).as(caption).isLessThanOrEqualTo(1);
      assertThat(en.split(java.util.regex.Pattern.quote("<caption>" + m.group(1) + "<"), -1))
          .as("HTML: " + caption)
          .hasSize(2);
    }
    assertThat(captions).isGreaterThan(5);
    // the quarterly series (25 rows) is in the HTML's annex, linked from its chart, not in the PDF
    assertThat(en)
        .contains("id=\"annex-data\"")
        .contains("href=\"#trend-knife_crime-all-data\"")
        .contains("<table id=\"trend-knife_crime-all-data\"");
    assertThat(en.indexOf("<table id=\"trend-knife_crime-all-data\""))
        .isGreaterThan(en.indexOf("id=\"annex-data\""));
    assertThat(pdf.text())
        .doesNotContain("Rolling 12-month counts and rates of police-recorded knife")
        .contains(new Text(Language.EN).get("figure.data.web"));
    // a financial year is never split across lines
    assertThat(en)
        .contains("<span class=\"nw\">2024/25</span>")
        .doesNotContainPattern("<(p|td|th|h2|h3|caption)[^>]*>[^<]*\\d{4}/\\d{2}");
  }

  @Test
  void theImpactHeadlineSaysNotReliableWhenThePreTrendTestRejectsAndGivesTheRelativeEffect() {
    ReportRequest base = request(List.of(Language.EN));
    // 3,000 prevented (95% CI 1,440 to 4,560) against 27,000 observed: 10% of the 30,000 expected
    EvaluationResult cs =
        new EvaluationResult(
            "knife_crime",
            100_000,
            new DidEstimate("cs", -1.5, 0.4, -2.28, -0.72, 0.0002, 43, 20, 11, 43, "test"),
            3_000,
            2014,
            2024,
            List.of(),
            "cs",
            "programme",
            "",
            List.of("the pre-trend test rejects parallel trends (p = 0.003)"),
            27_000,
            1_440,
            4_560);
    EventStudyView rejected =
        new EventStudyView(base.eventStudies().get("knife_crime").points(), 14.2, 2, 0.003);
    ReportRequest r =
        new ReportRequest(
            base.database(),
            base.jobRun(),
            base.partnershipId(),
            base.partnershipName(),
            base.areas(),
            base.similarAreas(),
            base.similarAreasByRegion(),
            base.start(),
            base.year(),
            base.baseline(),
            base.panel(),
            base.rolling(),
            base.metricsRun(),
            base.measures(),
            List.of(cs),
            Map.of("knife_crime", rejected),
            base.sources(),
            base.out(),
            base.theoryOfChange(),
            base.languages(),
            false,
            base.content(),
            base.programme(),
            base.breakdown());
    Doc doc = vru.reports.internal.review.Review.document(r, Language.EN);
    String impact =
        doc.sections().stream()
            .filter(s -> s.id().equals("impact"))
            .flatMap(s -> s.blocks().stream())
            .map(Doc.Block::text)
            .reduce("", (a, b) -> a + "\n" + b);
    assertThat(impact)
        .contains("pooled effect across 20 areas")
        .contains("It is not an estimate for Test Partnership alone")
        .containsPattern("(?m)^Not reliable: .*pre-trend test p = 0\\.003.*the estimated effect is")
        .contains("−1.50 per 100,000 residents (95% CI −2.28 to −0.72; p < 0.001)")
        .contains("that is 10% lower (95% CI −14% to −5%)")
        .contains("about 3,000 events prevented")
        .contains("from 1,440 events prevented to 4,560 events prevented")
        .contains("regression to the mean")
        .contains("COVID-19")
        .doesNotContain("p = <", "Wald");
    // the warning is the headline's, not repeated after it
    assertThat(impact.split("pre-trend test rejects", -1)).hasSize(1);
  }

  @Test
  void whatChangedComparesLastYearsPublishedFiguresWithTheDataNowAndFlagsRevisions()
      throws Exception {
    String partnership = "p-" + UUID.randomUUID().toString().substring(0, 8);
    ReportRequest base = request(List.of(Language.EN));
    // last year's review, FY2023/24, published 984 police-recorded knife offences for 2023/24
    AnnualReview.write(copy(base, partnership, new FinancialYear(2023), base.panel(), "y2023"));
    // this year the data give 2023/24 as 990 (late records): a revision
    List<PanelRow> revised = new ArrayList<>();
    for (PanelRow p : base.panel()) {
      if (p.areaCode().equals("p")
          && p.measure().equals("knife_crime")
          && p.ageBand().equals("all")
          && p.financialYear() == 2023) {
        p = fy("knife_crime", "p", "partnership", "P", 2023, 990, 2_900_000, "all");
      }
      revised.add(p);
    }
    ReportResult now =
        AnnualReview.write(copy(base, partnership, new FinancialYear(2024), revised, "y2024"));
    String html = Files.readString(now.path("en", "html"));
    String changed = html.substring(html.indexOf("id=\"changed\""), html.indexOf("id=\"scope\""));
    assertThat(changed)
        .contains("984; 33.9 per 100,000 residents")
        .contains("990; 34.1 per 100,000 residents")
        .contains("Revised")
        .contains("1 of them were revised");
    // the first review of a partnership says there is nothing to compare with yet
    assertThat(en).contains("No earlier review of Test Partnership is recorded");
  }

  private static ReportRequest copy(
      ReportRequest b, String id, FinancialYear year, List<PanelRow> panel, String out) {
    List<PanelRow> renamed = new ArrayList<>();
    for (PanelRow p : panel) {
      renamed.add(
          p.areaCode().equals("p")
              ? new PanelRow(
                  p.measure(),
                  p.ageBand(),
                  id,
                  p.areaLevel(),
                  p.areaName(),
                  p.period(),
                  p.count(),
                  p.rate(),
                  p.dsr(),
                  p.missingReason(),
                  p.dsrMissingReason())
              : p);
    }
    return new ReportRequest(
        b.database(),
        new JobRuns(db, java.time.Clock.systemUTC()).start("test-changed", Map.of()),
        id,
        b.partnershipName(),
        b.areas(),
        b.similarAreas(),
        b.similarAreasByRegion(),
        b.start(),
        year,
        b.baseline(),
        renamed,
        b.rolling(),
        b.metricsRun(),
        b.measures(),
        b.evaluation(),
        b.eventStudies(),
        b.sources(),
        dir.resolve(out),
        b.theoryOfChange(),
        List.of(Language.EN),
        false,
        b.content(),
        b.programme(),
        b.breakdown());
  }

  @Test
  void thePdfReadsBackWithEveryHeadingAndKeyFigureAndRendersToPng() throws Exception {
    Path pdf = result.path("en", "pdf");
    int pages;
    try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
      pages = d.getNumberOfPages();
      String text = new PDFTextStripper().getText(d).replaceAll("\\s+", " ");
      assertThat(text)
          .contains(
              "Key figures",
              "Definition and scope",
              "Success measures",
              "Comparing partnerships",
              "Impact evaluation",
              "Data and methods")
          .contains("934")
          .contains("Hospital admissions for assault with a knife or sharp object");
      assertThat(d.getDocumentCatalog().getLanguage()).isEqualTo("en-GB");
      assertThat(d.getDocumentInformation().getTitle())
          .startsWith("Serious violence annual review");
      assertThat(d.getDocumentCatalog().getStructureTreeRoot()).isNotNull();
    }
    Path png = dir.resolve("png");
    Files.createDirectories(png);
    Tools.run(
        List.of(
            Tools.command("pdftoppm", "poppler-utils"),
            "-r",
            "50",
            "-png",
            pdf.toString(),
            png.resolve("page").toString()),
        300);
    try (Stream<Path> files = Files.list(png)) {
      assertThat(files.filter(f -> f.toString().endsWith(".png")).count()).isEqualTo(pages);
    }
  }
}
