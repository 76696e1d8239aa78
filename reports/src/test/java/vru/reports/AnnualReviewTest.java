package vru.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.FinancialYear;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.did.DidEstimate;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;
import vru.reports.api.AnnualReview;
import vru.reports.api.ReportRequest;
import vru.reports.api.ReportResult;

class AnnualReviewTest {
  @TempDir static Path dir;
  static Database db;
  static UUID job;
  static ReportResult result;
  static String html;

  @BeforeAll
  static void write() throws Exception {
    db = TestDatabase.fresh("reports");
    job = new JobRuns(db, java.time.Clock.systemUTC()).start("test", Map.of());
    List<PanelRow> panel = new ArrayList<>();
    for (int fy = 2018; fy <= 2024; fy++) {
      // the partnership: 5 admissions a year (suppressed by the HES rule), 1,234 knife crimes
      panel.add(row("knife_admissions", "p", "partnership", "P", fy, 5, 2_900_000, 100_000));
      panel.add(
          row(
              "knife_admissions",
              "K04000001",
              "country",
              "England and Wales",
              fy,
              4_400,
              60_000_000,
              100_000));
      panel.add(
          row(
              "knife_crime",
              "p",
              "partnership",
              "P",
              fy,
              1_234 - (fy - 2018) * 50,
              2_900_000,
              100_000));
      panel.add(
          row(
              "knife_crime",
              "K04000001",
              "country",
              "England and Wales",
              fy,
              50_000,
              60_000_000,
              100_000));
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
    result =
        AnnualReview.write(
            new ReportRequest(
                db,
                job,
                "p",
                "Test Partnership",
                List.of("West Midlands police force area"),
                LocalDate.of(2019, 4, 1),
                new FinancialYear(2024),
                new FinancialYear(2018),
                panel,
                evaluation,
                dir.resolve("warehouse"),
                dir.resolve("out")));
    html = Files.readString(result.path());
  }

  static PanelRow row(
      String m, String code, String level, String name, int fy, long n, long pop, int mult) {
    return new PanelRow(
        m,
        "all",
        code,
        level,
        name,
        fy,
        n,
        Optional.of(CrudeRate.of(n, pop, mult)),
        Optional.empty());
  }

  @Test
  void everySectionIsThereWithTheLanguageSet() {
    assertThat(html)
        .contains("<html lang=\"en-GB\">")
        .contains(
            ">Key figures<",
            ">Definition and scope<",
            ">Success measures<",
            ">Impact evaluation<",
            ">Data and methods<")
        .contains("Test Partnership covers West Midlands police force area")
        .contains("started on 1 April 2019");
  }

  @Test
  void hospitalCountsBelowNationalLevelFollowTheHesRule() {
    assertThat(html).contains("In 2024/25 there were * hospital admissions");
    assertThat(html).doesNotContain("there were 5 hospital admissions");
    assertThat(html).contains("4,400"); // national counts are not controlled
  }

  @Test
  void numbersAreFormattedForEnGbReaders() {
    // 1,234 − 6 × 50 = 934 knife crimes in 2024/25
    assertThat(html).contains("there were 934 police-recorded knife");
    assertThat(html).contains("3,000 events prevented").contains("p &lt; 0.001"); // escaped in HTML
  }

  @Test
  void noMessagePlaceholderOrQuotingIsLeftInTheText() {
    String text = html.replaceAll("<svg.*?</svg>", "");
    assertThat(text).doesNotContain("{0}", "{1}", "''", "= <", "null");
  }

  @Test
  void everyChartHasAltTextAndItsDataAsATable() {
    int charts = html.split("<svg", -1).length - 1;
    assertThat(charts).isEqualTo(2);
    assertThat(html.split("role=\"img\" aria-label=\"Line chart", -1).length - 1).isEqualTo(charts);
    assertThat(html.split("<caption>Rate per 100,000 residents by financial year", -1).length - 1)
        .isEqualTo(charts);
  }

  @Test
  void theReportIsRecordedWithItsChecksum() throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select sha256, period, language from report")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(result.sha256());
      assertThat(rs.getString(2)).isEqualTo("FY2024/25");
      assertThat(rs.getString(3)).isEqualTo("en");
    }
  }
}
