package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** vru demo end to end at small scale, twice: the second run reuses data and database. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
  @TempDir static Path dir;
  static VruProcess.Result first;

  @Test
  @Order(1)
  void theDemoRunsEveryStageAndReportsTheEstimateBesideTheTruth() throws Exception {
    first = VruProcess.run("demo", "--out", dir.toString(), "--scale", "0.01");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("police-records", "hospital-admissions", "homicide-index", "quarantined")
        .contains("knife_crime", "injected truth")
        .contains("Report: ");
    Path report =
        Path.of(
            first
                .out()
                .lines()
                .filter(l -> l.startsWith("Report: "))
                .findFirst()
                .orElseThrow()
                .substring(8));
    String html = Files.readString(report);
    assertThat(html)
        .contains(
            "<html lang=\"en-GB\"",
            "Key figures",
            "Success measures",
            "Impact evaluation",
            "Data and methods")
        .contains("<svg", "West Midlands Violence Reduction Partnership")
        .contains("<h2 id=\"toc\">Theory of change</h2>", "id='toc-diagram'", "On track");
    Path pdf = report.resolveSibling(report.getFileName().toString().replace(".html", ".pdf"));
    // the printed review: at most 40 pages, with bookmarks, the long tables left to the HTML annex
    try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
      assertThat(d.getNumberOfPages()).isBetween(5, 40);
      assertThat(d.getDocumentCatalog().getDocumentOutline().children()).hasSizeGreaterThan(5);
    }
    assertThat(html).contains("id=\"annex-data\"");
    // who is affected, with the demo's generated deprivation lookup: males and the most deprived
    // fifth are over-represented among the generated knife crimes
    assertThat(html)
        .contains("Who is affected", "Most deprived fifth", "Over-represented beyond chance: Male");
    assertThat(dir.resolve("review/deprivation.csv")).exists();
    assertThat(dir.resolve("vru.yaml")).exists();
    // progress on a non-terminal: a line per source and per measure with its rows and time, never
    // a line per Spark job
    assertThat(first.err())
        .doesNotContain("Spark job")
        .containsPattern("(?m)^  police-records +11 file\\(s\\), +[0-9,]+ rows read  \\(done at")
        .containsPattern("(?m)^  knife_crime +[0-9,]+ rows  \\([0-9.]+ s\\)$")
        .containsPattern("(?m)^  \\d+ estimate\\(s\\), theory of change assessed  \\(")
        .containsPattern("(?m)^  \\d+ file\\(s\\) written  \\(");
    // the Callaway-Sant'Anna interval of every measure covers the effect injected into the data
    java.util.regex.Pattern row =
        java.util.regex.Pattern.compile(
            "^\\s+(\\w+)\\s+cs\\s+(-?[\\d.]+)\\s+(-?[\\d.]+) to\\s+(-?[\\d.]+)\\s+(-?[\\d.]+).*$");
    long checked =
        first
            .out()
            .lines()
            .map(row::matcher)
            .filter(java.util.regex.Matcher::matches)
            .peek(
                m ->
                    assertThat(Double.parseDouble(m.group(5)))
                        .as(m.group(1) + " truth within the cs interval")
                        .isBetween(Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))))
            .count();
    assertThat(checked).isEqualTo(3);
  }

  @Test
  @Order(2)
  void theExampleTheoryOfChangeIsValidAssessedAndSeesTheInjectedEffect() throws Exception {
    Path yaml = dir.resolve("vru.yaml");
    assertThat(dir.resolve("reports/theory-of-change-west-midlands-vru.svg")).exists();
    assertThat(dir.resolve("reports/theory-of-change-west-midlands-vru.png")).exists();
    VruProcess.Result valid =
        VruProcess.run(
            "toc", "validate", dir.resolve("toc.yaml").toString(), "--config", yaml.toString());
    assertThat(valid.exitCode()).as(valid.err()).isZero();
    assertThat(valid.out()).contains("valid (12 nodes, 16 links, 10 indicators; 0 warning(s))");
    VruProcess.Result r = VruProcess.run("toc", "assess", "--config", yaml.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode j =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    com.fasterxml.jackson.databind.JsonNode knife = null;
    for (com.fasterxml.jackson.databind.JsonNode i : j.get("indicators")) {
      assertThat(i.get("status").asText())
          .as(i.get("indicator").asText())
          .isNotEqualTo("insufficient data");
      if (i.get("indicator").asText().equals("knife-crime-rate")) {
        knife = i;
      }
    }
    // the injected effect: knife crime in the VRU area is below its baseline, and the impact
    // estimate linked to the long-term outcome is a reduction
    assertThat(knife.get("latest").get("value").asDouble())
        .isLessThan(knife.get("baseline").get("value").asDouble());
    com.fasterxml.jackson.databind.JsonNode outcome = j.get("outcomes").get(0);
    assertThat(outcome.get("measure").asText()).isEqualTo("knife_crime");
    assertThat(outcome.get("did").get("estimate").asDouble()).isNegative();
    assertThat(j.get("rules").get("on track").asText()).contains("straight line");
  }

  @Test
  @Order(3)
  void aSecondDemoReusesTheDataAndDatabaseAndIngestsNothingTwice() throws Exception {
    VruProcess.Result second = VruProcess.run("demo", "--out", dir.toString(), "--scale", "0.01");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("reusing");
    assertThat(second.out()).contains("already ingested");
    assertThat(second.out() + second.err()).contains("inputs unchanged since run");
  }

  @Test
  @Order(4)
  void metricsForEveryAreaComputesEveryMeasureWithASource() throws Exception {
    // the national measures, one from each record-level table (admissions, police incidents,
    // homicides): every area of the country, in CI's time
    VruProcess.Result r = VruProcess.run(allAreas());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("panel rows published (run ")
        .contains("for every area")
        .contains("knife_admissions, knife_crime, homicide");
    // the same inputs again: nothing new is published; a level is exported disclosure-controlled
    Path csv = dir.resolve("csp.csv");
    VruProcess.Result again =
        VruProcess.run(allAreas("--export", csv.toString(), "--level", "csp"));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("inputs unchanged since run").contains("csp rows exported");
    List<String> lines = java.nio.file.Files.readAllLines(csv);
    assertThat(lines.get(0))
        .startsWith("measure,age_band,area_code,area_name,area_level")
        .endsWith(",suppressed,source,population_year,job_run_id");
    // every value names the table it was counted from
    java.util.function.Function<String, String> source =
        m ->
            m.endsWith("_admissions")
                ? ",admissions,"
                : m.equals("homicide") ? ",homicides," : ",police_incidents,";
    assertThat(lines.subList(1, lines.size()))
        .allMatch(l -> l.contains(source.apply(l.substring(0, l.indexOf(',')))));
    // knife admissions follow the HES rule: every shown CSP count is 0, or rounded to 5 and above 7
    for (String line : lines) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      if (f[0].equals("knife_admissions") && !f[7].isEmpty() && !f[7].equals("*")) {
        long n = Long.parseLong(f[7]);
        assertThat(n == 0 || (n > 7 && n % 5 == 0)).as(line).isTrue();
      }
    }
    assertThat(lines).anyMatch(l -> l.startsWith("knife_admissions") && l.contains(",*,"));
    // a partnership's warehouse is its vru.yaml's: --warehouse beside --config is a usage error
    VruProcess.Result both =
        VruProcess.run("metrics", "--all-areas", "--config", "x.yaml", "--warehouse", "w");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("the partnership's warehouse and measures are in its vru.yaml");
  }

  @Test
  @Order(5)
  void theComparisonReportAndTheAnnualReviewShowTheNumbersInPostgres() throws Exception {
    Path out = dir.resolve("compare");
    VruProcess.Result r =
        VruProcess.run(
            "report",
            "compare",
            "--measure",
            "knife_crime",
            "--period",
            "FY2023/24",
            "--config",
            dir.resolve("vru.yaml").toString(),
            "--out",
            out.toString(),
            "--language",
            "both",
            "--no-pdf");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String en = Files.readString(out.resolve("compare-knife_crime-pfa-FY2023-24-en.html"));
    assertThat(en)
        .contains("West Midlands (this partnership)", "VRU area (triangles)", "Funnel plot")
        .contains("Comparison area (circles)");
    // the table of every force is the report's content: once, in the body, not in an annex
    assertThat(en.split("<table id=\"compare-knife_crime-data\"", -1)).hasSize(2);
    assertThat(en).doesNotContain("id=\"annex-data\"");
    assertThat(out.resolve("compare-knife_crime-pfa-FY2023-24-cy.html")).exists();
    VruProcess.Result bad =
        VruProcess.run("report", "compare", "--measure", "knife_crime", "--period", "2024");
    assertThat(bad.exitCode()).isEqualTo(2);
    // golden values: the force counts and rates the comparison shows are those PostgreSQL holds,
    // as the metrics export of the same current run reads them
    Path csv = dir.resolve("pfa.csv");
    VruProcess.Result export =
        VruProcess.run(allAreas("--export", csv.toString(), "--level", "pfa"));
    assertThat(export.exitCode()).as(export.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    List<String> header = List.of(lines.get(0).split(","));
    int checked = 0;
    for (String line : lines) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      if (f[0].equals("knife_crime")
          && f[1].equals("all")
          && f[header.indexOf("period")].equals("FY2023/24")
          && !f[header.indexOf("count")].isEmpty()) {
        String name = f[header.indexOf("area_name")].replace("\"", "");
        long count = Long.parseLong(f[header.indexOf("count")]);
        double rate = Double.parseDouble(f[header.indexOf("rate")]);
        java.text.NumberFormat oneDp =
            java.text.NumberFormat.getNumberInstance(java.util.Locale.UK);
        oneDp.setMinimumFractionDigits(1);
        oneDp.setMaximumFractionDigits(1);
        java.util.regex.Pattern cell =
            java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(name.replace("&", "&amp;"))
                    + "( \\(this partnership\\))?</th><td class=\"num\">"
                    + java.util.regex.Pattern.quote(
                        java.text.NumberFormat.getIntegerInstance(java.util.Locale.UK)
                            .format(count))
                    + "</td><td class=\"num\">"
                    + java.util.regex.Pattern.quote(oneDp.format(rate))
                    + "</td>");
        assertThat(cell.matcher(en).find()).as(line).isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(40);
  }

  @Test
  @Order(6)
  void everyForceGetsItsOwnReviewWrittenInParallelWithThePostgresNumbers() throws Exception {
    Path out = dir.resolve("forces");
    VruProcess.Result r =
        VruProcess.run(
            "report",
            "annual",
            "--all-forces",
            "--threads",
            "2",
            "--config",
            dir.resolve("vru.yaml").toString(),
            "--out",
            out.toString(),
            "--language",
            "cy",
            "--no-pdf");
    assertThat(r.exitCode()).as(r.err()).isZero();
    java.util.regex.Matcher summary =
        java.util.regex.Pattern.compile("43 of 43 force annual reviews for FY(\\d{4})/\\d\\d")
            .matcher(r.out());
    assertThat(summary.find()).as(r.out()).isTrue();
    List<Path> files;
    try (var s = Files.list(out)) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSize(43).allMatch(f -> f.toString().endsWith("-cy.html"));
    for (Path f : files) {
      assertThat(Files.readString(f)).as(f.toString()).doesNotContain("heb ei gyfieithu");
    }
    String fy =
        "FY"
            + summary.group(1)
            + "-"
            + String.format("%02d", (Integer.parseInt(summary.group(1)) + 1) % 100);
    String westMidlands =
        Files.readString(out.resolve("annual-review-E23000014-" + fy + "-cy.html"));
    assertThat(westMidlands)
        .contains("lang=\"cy-GB\"", "Heddluoedd eraill yn y rhanbarth", "Staffordshire");
    // a force outside the programme areas is described without a programme start or an evaluation
    assertThat(Files.readString(out.resolve("annual-review-E23000002-" + fy + "-cy.html")))
        .contains("Nid oes dyddiad dechrau rhaglen")
        .doesNotContain("Dechreuodd y rhaglen ar");
    // the force's knife-crime count for the year is the one the metrics export read from PostgreSQL
    String period =
        "FY"
            + summary.group(1)
            + "/"
            + String.format("%02d", (Integer.parseInt(summary.group(1)) + 1) % 100);
    List<String> lines = Files.readAllLines(dir.resolve("pfa.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    String count =
        lines.stream()
            .map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1))
            .filter(
                f ->
                    f[0].equals("knife_crime")
                        && f[1].equals("all")
                        && f[header.indexOf("area_code")].equals("E23000014")
                        && f[header.indexOf("period")].equals(period))
            .map(f -> f[header.indexOf("count")])
            .findFirst()
            .orElseThrow();
    assertThat(westMidlands)
        .contains(
            java.text.NumberFormat.getIntegerInstance(java.util.Locale.forLanguageTag("cy-GB"))
                .format(Long.parseLong(count)));
    VruProcess.Result bad =
        VruProcess.run(
            "report",
            "annual",
            "--all-forces",
            "--threads",
            "0",
            "--config",
            dir.resolve("vru.yaml").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--threads");
  }

  @Test
  @Order(7)
  void jobsListsTheDemoRuns() throws Exception {
    VruProcess.Result jobs = VruProcess.run("jobs", "--limit", "50");
    assertThat(jobs.exitCode()).isZero();
    assertThat(jobs.out()).contains("demo", "succeeded");
  }

  /** A partnership of {@code areas} on the demo's data and warehouse, written beside vru.yaml. */
  /** {@code vru metrics --all-areas} of the national measures in the demo's warehouse. */
  private static String[] allAreas(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "metrics",
                "--all-areas",
                "--warehouse",
                dir.resolve("warehouse").toString(),
                "--measure",
                "knife_admissions",
                "--measure",
                "knife_crime",
                "--measure",
                "homicide"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static Path partnership(String id, String name, String areas) throws Exception {
    Path yaml = dir.resolve(id + ".yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "partnership:",
            "  id: " + id,
            "  name: " + name,
            "  areas: [" + areas + "]",
            "  start: 2019-04-01",
            "comparison: all-other-areas",
            "measures: [knife_admissions, knife_crime, homicide]",
            "baseline: FY2018/19",
            "languages: [en]",
            "warehouse: warehouse",
            "inputs:",
            "  geography: [data/geography/lsoa-lookup.csv]",
            "  population: [data/population]",
            "  police-records: [data/police]",
            "  hospital-admissions: [data/hospital]",
            "  homicide-index: [data/homicide]",
            ""));
    return yaml;
  }

  @Test
  @Order(8)
  void aCspPartnershipAndALocalAuthorityPartnershipRunComparedWithTheirOwnLevel() throws Exception {
    // Birmingham's community safety partnership: compared with the CSPs of the country, its
    // own effect estimated against other CSPs
    Path csp = partnership("birmingham-csp", "Birmingham CSP", "E22000335");
    VruProcess.Result r = VruProcess.run("run", "--config", csp.toString(), "--year", "FY2024/25");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out() + r.err())
        .contains("panel rows published", "estimate(s)", "annual review: ");
    String html =
        Files.readString(dir.resolve("reports/annual-review-birmingham-csp-FY2024-25-en.html"));
    // across the CSPs with a rate that year: all 314, or those that have one "(of the 314 …)"
    assertThat(html)
        .containsPattern(
            "compares across the (314 community safety partnerships of England|\\d{3} community"
                + " safety partnerships that have values in the data loaded \\(of the 314 )")
        .contains("Other community safety partnerships (circles)")
        .contains("Birmingham CSP&#39;s own effect")
        .doesNotContain("across the 43 police force areas");
    // Coventry and Solihull, two local authorities: one partnership summed from both, compared
    // with the local authorities, its place section naming both
    Path la = partnership("coventry-solihull", "Coventry and Solihull", "E08000026, E08000029");
    VruProcess.Result l = VruProcess.run("run", "--config", la.toString(), "--year", "FY2024/25");
    assertThat(l.exitCode()).as(l.err()).isZero();
    String two =
        Files.readString(dir.resolve("reports/annual-review-coventry-solihull-FY2024-25-en.html"));
    assertThat(two)
        .contains("local authorities of England and Wales")
        .contains("Coventry", "Solihull");
    Path out = dir.resolve("compare-csp");
    VruProcess.Result c =
        VruProcess.run(
            "report",
            "compare",
            "--measure",
            "knife_crime",
            "--period",
            "FY2024/25",
            "--level",
            "csp",
            "--config",
            csp.toString(),
            "--out",
            out.toString(),
            "--no-pdf");
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(Files.readString(out.resolve("compare-knife_crime-csp-FY2024-25-en.html")))
        .contains("Birmingham (this partnership)");
  }
}
