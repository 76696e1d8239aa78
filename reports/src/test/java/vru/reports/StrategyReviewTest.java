package vru.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.Definition;
import vru.metrics.api.PanelRow;
import vru.metrics.api.ProgrammeValue;
import vru.reports.api.Language;
import vru.reports.api.ReportRequest;
import vru.reports.api.ReviewContent;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc;
import vru.reports.internal.Render;
import vru.reports.internal.Text;
import vru.reports.internal.review.Review;

/**
 * The review as a review of the partnership's strategy: what the partnership writes (definition,
 * sections, actions) validated and shown, the executive summary chosen by its rules, delivery and
 * reach, and the glossary of the terms used. Built as documents, without writing files.
 */
class StrategyReviewTest {
  @TempDir Path dir;

  private ReportRequest with(ReviewContent content, List<PanelRow> panel, List<ProgrammeValue> p) {
    return with(content, panel, p, List.of());
  }

  private ReportRequest with(
      ReviewContent content,
      List<PanelRow> panel,
      List<ProgrammeValue> p,
      List<vru.metrics.api.BreakdownValue> breakdown) {
    ReportRequest b = AnnualReviewTest.request(List.of(Language.EN, Language.CY), dir);
    return new ReportRequest(
        b.database(),
        java.util.UUID.randomUUID(),
        b.partnershipId(),
        b.partnershipName(),
        b.areas(),
        b.similarAreas(),
        b.similarAreasByRegion(),
        b.start(),
        b.year(),
        b.baseline(),
        panel == null ? b.panel() : panel,
        b.rolling(),
        b.metricsRun(),
        b.measures(),
        b.evaluation(),
        b.eventStudies(),
        b.sources(),
        b.out(),
        b.theoryOfChange(),
        b.languages(),
        false,
        content,
        p,
        breakdown);
  }

  private static String text(Doc doc, String section) {
    return doc.sections().stream()
        .filter(s -> s.id().equals(section))
        .flatMap(s -> s.blocks().stream())
        .map(b -> b.text() + (b.table() == null ? "" : " " + b.table().rows()))
        .reduce("", (a, b) -> a + "\n" + b);
  }

  private Path content() throws Exception {
    Path config = dir.resolve("vru.yaml");
    Files.writeString(config, "# not read here\n");
    Files.createDirectories(dir.resolve("review"));
    Files.writeString(
        dir.resolve("review/foreword.en.md"),
        "# Our year\n\nWe *met* most targets. <script>alert(1)</script>\n");
    Files.writeString(dir.resolve("review/foreword.cy.md"), "Ein blwyddyn.\n");
    Files.writeString(
        dir.resolve("actions.yaml"),
        """
        actions:
          - id: A1
            priority: {en: Health, cy: Iechyd}
            action: Navigators in every emergency department
            owner: ICB
            due: 2025-03-31
            status: delayed
            node: navigators
        """);
    return config;
  }

  @Test
  void whatThePartnershipWroteIsShownEscapedAndWhatItDidNotWriteSaysWhatToAdd() throws Exception {
    Path config = content();
    ReviewContent c =
        ReviewContent.load(
            config,
            Optional.of(
                new Definition(
                    List.of("knife_crime", "homicide"),
                    Map.of("en", "Violence with a **knife**.", "cy", "Trais gyda chyllell."))),
            Set.of("navigators"));
    Doc en = Review.document(with(c, null, List.of()), Language.EN);
    assertThat(en.sections().stream().map(Doc.Section::id))
        .containsExactly(
            "summary",
            "foreword",
            "key",
            "changed",
            "scope",
            "governance",
            "needs-assessment",
            "measures",
            "comparing",
            "place",
            "affected",
            "actions",
            "delivery",
            "impact",
            "next-year",
            "glossary",
            "annex");
    String html = Render.html(en, new Text(Language.EN), false);
    assertThat(html)
        .contains("<h3>Our year</h3>", "<em>met</em>", "&lt;script&gt;")
        .doesNotContain("<script>")
        .contains("Violence with a <strong>knife</strong>.")
        .contains("The measures this definition covers: Police-recorded knife");
    assertThat(text(en, "governance")).contains("review/governance.en.md").contains(dir.toString());
    assertThat(text(en, "actions"))
        .contains("1 actions: 1 delayed", "Navigators in every emergency department", "Delayed");
    Doc cy = Review.document(with(c, null, List.of()), Language.CY);
    assertThat(text(cy, "foreword")).contains("Ein blwyddyn.");
    assertThat(text(cy, "actions")).contains("Iechyd", "Wedi'i oedi");
    // no definition: the section says how to add one
    Doc none = Review.document(with(ReviewContent.none(dir), null, List.of()), Language.EN);
    assertThat(text(none, "scope")).contains("write definition: in vru.yaml");
    assertThat(text(none, "actions")).contains("write actions.yaml in " + dir);
  }

  @Test
  void badContentFilesAreRefusedNamingFileLineAndFixAllAtOnce() throws Exception {
    Path config = content();
    Files.writeString(dir.resolve("review/forword.en.md"), "typo in the name\n");
    Files.write(dir.resolve("review/governance.en.md"), new byte[] {'C', 'a', 'f', (byte) 0xE9});
    Files.writeString(
        dir.resolve("actions.yaml"),
        """
        actions:
          - id: A1
            priority: Health
            action: Navigators
            owner: ICB
            due: 31/03/2025
            status: late
            node: navigatorz
          - id: A1
            action: Again
            colour: red
        """);
    assertThatThrownBy(() -> ReviewContent.load(config, Optional.empty(), Set.of("navigators")))
        .isInstanceOf(VruException.class)
        .satisfies(e -> assertThat(((VruException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("forword.en.md: not a review section")
        .hasMessageContaining("governance.en.md: not UTF-8 text")
        .hasMessageContaining("actions.yaml:6: action 'A1' due date '31/03/2025' is not a date")
        .hasMessageContaining("actions.yaml:7: action 'A1' status 'late' is not one of")
        .hasMessageContaining("actions.yaml:8: action 'A1' links to 'navigatorz'")
        .hasMessageContaining("actions.yaml:9: action 'A1' is written twice")
        .hasMessageContaining("actions.yaml:11: unknown key 'colour'")
        .hasMessageContaining("actions.yaml:9: no priority");
  }

  @Test
  void theExecutiveSummaryPicksTheLargestRealChangesFirstThenTheRest() {
    List<PanelRow> panel = new ArrayList<>();
    for (PanelRow p : AnnualReviewTest.request(List.of(Language.EN), dir).panel()) {
      boolean mine2024 = p.areaCode().equals("p") && p.financialYear() == 2024;
      if (mine2024 && p.ageBand().equals("all") && p.measure().equals("knife_crime")) {
        // 984 → 600: a 39% fall, beyond chance
        p =
            AnnualReviewTest.fy(
                "knife_crime", "p", "partnership", "P", 2024, 600, 2_900_000, "all");
      } else if (mine2024 && p.ageBand().equals("all") && p.measure().equals("homicide")) {
        // 40 → 80: twice the rate, beyond chance and the larger change
        p = AnnualReviewTest.fy("homicide", "p", "partnership", "P", 2024, 80, 2_900_000, "all");
      }
      panel.add(p);
    }
    Doc doc = Review.document(with(ReviewContent.none(dir), panel, List.of()), Language.EN);
    String summary = text(doc, "summary");
    assertThat(summary.indexOf("Homicides, since 2023/24: 100% higher"))
        .isPositive()
        .isLessThan(
            summary.indexOf(
                "Police-recorded knife and sharp instrument offences, since 2023/24: 39% lower"));
    assertThat(summary).doesNotContain("None of the success measures changed");
    // the pooled estimate's point says it covers 20 areas
    assertThat(summary).contains("pooled estimate across 20 areas");
    int points = summary.split("<li>", -1).length - 1;
    assertThat(points).isBetween(3, 6);
  }

  @Test
  void deliveryGivesWholeCountsAndACompletionRateWithItsWilsonInterval() {
    List<ProgrammeValue> p =
        List.of(
            new ProgrammeValue(
                "mentoring", AnnualReviewTest.WEST_MIDLANDS, 2024, 300, 200, 150, 90_000, 12),
            new ProgrammeValue(
                "mentoring", AnnualReviewTest.WEST_MIDLANDS, 2023, 999, 999, 999, 1, 12),
            new ProgrammeValue("mentoring", "E23000001", 2024, 999, 999, 999, 1, 12));
    Doc doc = Review.document(with(ReviewContent.none(dir), null, p), Language.EN);
    String delivery = text(doc, "delivery");
    // Wilson 95% for 150 of 200: 68.6% to 80.5%
    assertThat(delivery)
        .contains("Mentoring for young people at risk", "300", "200", "150")
        .contains("75% (69% to 80%)")
        .contains("£90,000", "£600")
        .doesNotContain("999");
  }

  @Test
  void aLocalMeasureIsReportedBesideTheNationalOnesUnderItsCatalogueTitle() {
    List<PanelRow> panel =
        new ArrayList<>(AnnualReviewTest.request(List.of(Language.EN), dir).panel());
    for (int fy = 2018; fy <= 2024; fy++) {
      panel.add(
          AnnualReviewTest.fy(
              "violence_with_injury",
              "p",
              "partnership",
              "P",
              fy,
              20_000 - 500L * (fy - 2018),
              2_900_000,
              "all"));
      panel.add(
          AnnualReviewTest.fy(
              "violence_with_injury",
              "K04000001",
              "country",
              "England and Wales",
              fy,
              500_000,
              60_000_000,
              "all"));
    }
    Doc doc = Review.document(with(ReviewContent.none(dir), panel, List.of()), Language.EN);
    String measures = text(doc, "measures");
    String title =
        AnnualReviewTest.request(List.of(Language.EN), dir)
            .measures()
            .get("violence_with_injury")
            .title();
    assertThat(measures.indexOf("Local measures")).isGreaterThan(measures.indexOf("Homicides"));
    // 20,000 − 6 × 500 = 17,000 in 2024/25
    assertThat(measures).contains(title).contains("there were 17,000 ");
    assertThat(doc.sections().stream().flatMap(x -> x.blocks().stream()).map(Doc.Block::text))
        .noneMatch(x -> x.contains(Text.UNTRANSLATED));
  }

  @Test
  void placeGivesEachMemberLocalAuthorityAndNeverAChangeFromAWithheldCount() {
    List<PanelRow> panel =
        new ArrayList<>(AnnualReviewTest.request(List.of(Language.EN), dir).panel());
    // Birmingham (E08000025) and Coventry (E08000026) are in West Midlands, the member force
    for (int fy = 2018; fy <= 2024; fy++) {
      panel.add(
          AnnualReviewTest.fy(
              "knife_crime",
              "E08000025",
              "la",
              "Birmingham",
              fy,
              200 - 10L * (fy - 2018),
              1_150_000,
              "all"));
      panel.add(
          AnnualReviewTest.fy(
              "knife_crime", "E08000026", "la", "Coventry", fy, 60, 350_000, "all"));
      // hospital admissions: 4 in Coventry in 2024/25 is withheld under the HES rule
      panel.add(
          AnnualReviewTest.fy(
              "knife_admissions",
              "E08000026",
              "la",
              "Coventry",
              fy,
              fy == 2024 ? 4 : 20,
              350_000,
              "all"));
      panel.add(
          AnnualReviewTest.fy(
              "knife_admissions", "E08000025", "la", "Birmingham", fy, 40, 1_150_000, "all"));
    }
    Doc doc = Review.document(with(ReviewContent.none(dir), panel, List.of()), Language.EN);
    assertThat(doc.sections().stream().map(Doc.Section::id)).contains("place");
    var place =
        doc.sections().stream().filter(x -> x.id().equals("place")).findFirst().orElseThrow();
    DataTable admissions =
        place.blocks().stream()
            .map(Doc.Block::table)
            .filter(x -> x != null && x.id().equals("place-knife_admissions-table"))
            .findFirst()
            .orElseThrow();
    List<String> coventry =
        admissions.rows().stream()
            .filter(r -> r.get(0).equals("Coventry"))
            .findFirst()
            .orElseThrow();
    assertThat(coventry.get(1)).isEqualTo("*");
    assertThat(coventry.get(4)).isEqualTo("–");
    // 140 in 2024/25 against 150: within chance, given as a percentage with its interval
    DataTable crime =
        place.blocks().stream()
            .map(Doc.Block::table)
            .filter(x -> x != null && x.id().equals("place-knife_crime-table"))
            .findFirst()
            .orElseThrow();
    assertThat(crime.rows().get(0)).startsWith("Birmingham", "140");
    assertThat(crime.rows().get(0).get(4)).startsWith("−7% (");
    assertThat(place.blocks().stream().filter(b -> b.figure() != null)).hasSize(2);
  }

  @Test
  void theGlossaryExplainsTheTermsTheReviewUsesAndNoOthers() {
    Doc doc = Review.document(with(ReviewContent.none(dir), null, List.of()), Language.EN);
    String glossary = text(doc, "glossary");
    assertThat(glossary)
        .contains("Funnel plot", "p-value", "Callaway", "Pre-trend test", "95% confidence interval")
        .doesNotContain("Wilson interval", "Interrupted time series");
  }

  private static vru.metrics.api.BreakdownValue bd(
      String m, String dim, String category, long events, double population) {
    return new vru.metrics.api.BreakdownValue(m, "p", 2024, dim, category, events, population);
  }

  @Test
  void whoIsAffectedSetsEachGroupsShareOfEventsBesideItsShareOfResidentsUnderTheDisclosureRule()
      throws Exception {
    Path config = dir.resolve("vru.yaml");
    Files.writeString(config, "# not read here\n");
    Files.createDirectories(dir.resolve("review"));
    // the published Indices of Deprivation layout, a decile for the overall index and a domain
    Files.writeString(
        dir.resolve("review/deprivation.csv"),
        "LSOA code (2011),LSOA name (2011),Income Decile (where 1 is most deprived 10% of LSOAs),"
            + "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)\n"
            + "E01000001,A 001A,10,1\n"
            + "E01000002,A 001B,1,2\n"
            + "E01000003,A 001C,5,9\n"
            + "E01000004,A 001D,5,10\n");
    ReviewContent c = ReviewContent.load(config, Optional.empty(), Set.of());
    assertThat(c.deprivation().orElseThrow().quintile("E01000002")).hasValue(1);
    List<vru.metrics.api.BreakdownValue> b =
        List.of(
            bd("knife_crime", "sex", "F", 30, 1_500_000),
            bd("knife_crime", "sex", "M", 170, 1_450_000),
            bd("knife_crime", "sex", "U", 12, Double.NaN),
            bd("knife_crime", "age", "15-24", 120, 400_000),
            bd("knife_crime", "age", "25-34", 80, 450_000),
            bd("knife_crime", "age", "unknown", 12, Double.NaN),
            bd("knife_crime", "lsoa", "E01000001", 100, Double.NaN),
            bd("knife_crime", "lsoa", "E01000002", 80, Double.NaN),
            bd("knife_crime", "lsoa", "E01000003", 20, Double.NaN),
            bd("knife_crime", "lsoa", "E01000004", 0, Double.NaN),
            bd("knife_crime", "lsoa", "E01999999", 12, Double.NaN),
            // admissions follow NHS England's rule: 3 is withheld, 41 shown as 40
            bd("knife_admissions", "sex", "F", 3, 1_500_000),
            bd("knife_admissions", "sex", "M", 41, 1_450_000));
    Doc doc = Review.document(with(c, null, List.of(), b), Language.EN);
    String affected = text(doc, "affected");
    // males: 170 of the 200 with a recorded sex; Wilson 95% 79.4% to 89.0% by the formula
    double z = 1.959963984540054;
    double n = 200;
    double x = 170;
    double centre = (2 * x + z * z) / (2 * (n + z * z));
    double half = z * Math.sqrt(z * z + 4 * x * (1 - x / n)) / (2 * (n + z * z));
    String lo = Math.round((centre - half) * 100) + "%";
    String hi = Math.round((centre + half) * 100) + "%";
    assertThat(affected)
        .contains("Over-represented beyond chance: Male, 85% of events (95% CI " + lo + " to " + hi)
        .contains("against 49% of residents");
    // the male rate per 100,000 residents: 170 / 1,450,000
    assertThat(affected).contains("[Male, 170, 85% (" + lo + " to " + hi + "), 49%, 11.7 (");
    // not recorded: shown, out of the shares
    assertThat(affected).contains("[Sex not recorded, 12, –, –, –]");
    // deprivation: E01000001 (decile 1) and E01000002 (decile 2) are the most deprived fifth:
    // 180 of the 200 events in LSOAs the lookup has, in half of the partnership's LSOAs
    assertThat(affected).contains("[Most deprived fifth, 180, 90% (").contains("), 50%, –]");
    assertThat(affected)
        .contains("[Least deprived fifth, 20, 10% (")
        .contains("[LSOA not in the lookup, 12");
    assertThat(affected).contains("review/deprivation.csv");
    assertThat(affected).contains("[Female, *, *, –, *]").contains("[Male, 40, ");
    assertThat(affected).contains("no breakdown by ethnic group");
    // without a lookup the section says where to put one; the Welsh review has its own words
    Doc none = Review.document(with(ReviewContent.none(dir), null, List.of(), b), Language.EN);
    assertThat(text(none, "affected"))
        .contains("No deprivation breakdown: put the LSOA to deprivation decile lookup")
        .doesNotContain("deprived fifth");
    assertThat(text(Review.document(with(c, null, List.of(), b), Language.CY), "affected"))
        .contains("Y pumed mwyaf difreintiedig", "Gwryw");
    // no breakdown published: said, never an empty heading
    assertThat(text(Review.document(with(c, null, List.of()), Language.EN), "affected"))
        .contains("holds no breakdown of who is affected")
        .contains("aggregated counts and published tables carry none");
  }

  @Test
  void aBadDeprivationLookupIsRefusedNamingFileLineAndValue() throws Exception {
    Path config = dir.resolve("vru.yaml");
    Files.writeString(config, "# not read here\n");
    Files.createDirectories(dir.resolve("review"));
    Files.writeString(
        dir.resolve("review/deprivation.csv"),
        "lsoa_code,imd_decile\nE01000001,3\nE01000002,11\nX123,4\nE01000001,5\n");
    assertThatThrownBy(() -> ReviewContent.load(config, Optional.empty(), Set.of()))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("deprivation.csv:3: decile '11' for E01000002 is not a whole number")
        .hasMessageContaining("deprivation.csv:4: LSOA code 'X123' is not an LSOA code")
        .hasMessageContaining("deprivation.csv:5: E01000001 has two deciles (3 and 5)");
    Files.writeString(dir.resolve("review/deprivation.csv"), "code,decile\nE01000001,3\n");
    assertThatThrownBy(() -> ReviewContent.load(config, Optional.empty(), Set.of()))
        .hasMessageContaining(
            "deprivation.csv:1: no LSOA code column in the header (code, decile)");
  }

  @Test
  void aFingertipsIndicatorNotPublishedForTheYearGivesItsLatestPublishedValueBesideEngland() {
    ReportRequest b = AnnualReviewTest.request(List.of(Language.EN, Language.CY), dir);
    Map<String, vru.core.config.MeasureCatalogue.Measure> measures =
        new java.util.LinkedHashMap<>(b.measures());
    measures.put(
        "violence_admissions_ft",
        new vru.core.config.MeasureCatalogue.Measure(
            "violence_admissions_ft",
            "Hospital admissions for violence",
            Optional.of("Derbyniadau i'r ysbyty am drais"),
            "fingertips",
            "indicator_id = 11201",
            vru.core.config.MeasureCatalogue.NO_AGE,
            100_000,
            true,
            "none",
            false,
            1,
            List.of(),
            dir.resolve("measures.yaml").toString(),
            vru.core.config.MeasureCatalogue.PUBLISHED));
    // three financial years pooled, as Fingertips publishes indicator 11201: the partnership's
    // value as published, and England's
    vru.metrics.api.Period pooled =
        vru.metrics.api.Period.pooled(
            java.time.YearMonth.of(2017, 4), java.time.YearMonth.of(2020, 3));
    List<PanelRow> rolling = new ArrayList<>(b.rolling());
    rolling.add(
        pooledRow(
            "p",
            "partnership",
            pooled,
            new vru.metrics.stats.CrudeRate(
                4300,
                3_440_000,
                100_000,
                121.31,
                new vru.metrics.stats.Interval(117.61, 124.95),
                new vru.metrics.stats.Interval(116.0, 126.6),
                "published")));
    rolling.add(
        pooledRow(
            "E92000001",
            "country",
            pooled,
            vru.metrics.stats.CrudeRate.byar(125_100, 167_000_000, 100_000)));
    ReportRequest r =
        new ReportRequest(
            b.database(),
            java.util.UUID.randomUUID(),
            b.partnershipId(),
            b.partnershipName(),
            b.areas(),
            b.similarAreas(),
            b.similarAreasByRegion(),
            b.start(),
            b.year(),
            b.baseline(),
            b.panel(),
            rolling,
            b.metricsRun(),
            measures,
            b.evaluation(),
            b.eventStudies(),
            b.sources(),
            b.out(),
            b.theoryOfChange(),
            b.languages(),
            false,
            ReviewContent.none(dir),
            List.of(),
            List.of());
    String en = text(Review.document(r, Language.EN), "measures");
    assertThat(en)
        .contains("Local measures")
        .contains(
            "Fingertips has published no value for "
                + b.year().shortLabel()
                + ". Its latest value for "
                + b.partnershipName()
                + " is for 2017/18 to 2019/20: 121.3 per 100,000 residents (95% CI 117.6 to"
                + " 125.0), as Fingertips publishes it.")
        .contains("Compared with England (74.9 per 100,000 residents), the rate was higher");
    String cy = text(Review.document(r, Language.CY), "measures");
    assertThat(cy)
        .contains("Nid yw Fingertips wedi cyhoeddi gwerth ar gyfer")
        .contains("2017/18 i 2019/20")
        .contains("fel y mae Fingertips yn ei gyhoeddi")
        .doesNotContain(Text.UNTRANSLATED);
  }

  private static PanelRow pooledRow(
      String code, String level, vru.metrics.api.Period p, vru.metrics.stats.CrudeRate rate) {
    return new PanelRow(
        "violence_admissions_ft",
        "all",
        code,
        level,
        code,
        p,
        java.util.OptionalLong.of(rate.count()),
        Optional.of(rate),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        java.util.OptionalInt.empty());
  }
}
