package vru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two real-data walk-throughs of docs/walkthroughs.md, run as a user runs them ({@code vru run
 * --config examples/NAME/vru.yaml}, then {@code vru metrics --config … --export … --level …}) on a
 * copy of each example folder beside the repository's real data, their counts and denominators
 * checked against plain reads of the published files here, not through vru.
 */
class WalkthroughIT {
  static final Path REAL = VruProcess.ROOT.resolve("data/real");

  @TempDir Path dir;

  @Test
  void theCityOfLondonFromTheDataPoliceUkFiles() throws Exception {
    Path yaml = copy("city-of-london");
    VruProcess.Result run = VruProcess.run("run", "--config", yaml.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    // independent: the crimes located in the City's LSOAs (LSOA name "City of London 001A"), one
    // per crime id (the files repeat a crime's id with another location or outcome), Apr 2024 to
    // Mar 2025
    long violence =
        policeUk(
            "2024-04",
            "2025-03",
            r -> r[9].equals("Violence and sexual offences") && r[8].startsWith("City of London"));
    assertThat(violence).isEqualTo(1431);
    String html =
        Files.readString(
            yaml.resolveSibling("reports/annual-review-city-of-london-FY2024-25-en.html"));
    shows(
        html,
        "there were 1,431 violence and sexual offences (all ages) in City of London",
        "Serious violence in the City of London means",
        "Population estimates for mid-2024 were not loaded",
        "No estimate of City of London&#39;s own effect could be made",
        "The source of violence and sexual offences records no ages");
    Map<String, String> row =
        exported(yaml, "csp", "city_violence_sexual", "E22000180", "FY2024/25");
    assertThat(row.get("count")).isEqualTo(Long.toString(violence));
    assertThat(row.get("source")).isEqualTo("police_uk_street");
    assertThat(row.get("population_year")).isEqualTo("2020");
    long residents = sape("E09000001");
    assertThat(Long.parseLong(row.get("denominator"))).isEqualTo(residents);
    assertThat(Double.parseDouble(row.get("rate")))
        .isCloseTo(violence * 100_000.0 / residents, within(0.05));
    // a month (the partnership's months are published; its areas' only by year and rolling year)
    Map<String, String> may =
        exported(yaml, "partnership", "city_robbery", "city-of-london", "2025-05");
    // the partnership by its name in vru.yaml, not its id
    assertThat(may.get("area_name")).isEqualTo("City of London");
    assertThat(may.get("count"))
        .isEqualTo(
            Long.toString(
                policeUk(
                    "2025-05",
                    "2025-05",
                    r -> r[9].equals("Robbery") && r[8].startsWith("City of London"))));
    // ONS's Table C2 gives every CSP its published count for the year ending June 2025: the City
    // and Westminster as the file has them
    Map<String, String> c2 = exported(yaml, "csp", "violence_c2", "E22000180", "YE2025-06");
    assertThat(c2.get("count")).isEqualTo(Long.toString(tableC2("E22000180")));
    assertThat(c2.get("source")).isEqualTo("recorded_crime");
    assertThat(exported(yaml, "csp", "violence_c2", "E22000192", "YE2025-06").get("count"))
        .isEqualTo(Long.toString(tableC2("E22000192")));
    // Westminster's crimes were recorded by the Met, which sent no files: no data, never 0
    Map<String, String> westminster =
        exported(yaml, "csp", "city_violence_sexual", "E22000192", "FY2024/25");
    assertThat(westminster.get("count")).isEmpty();
    assertThat(westminster.get("missing_reason")).contains("no data");
  }

  @Test
  void birminghamFromAThirdPartysLsoaCounts() throws Exception {
    Path yaml = copy("birmingham");
    VruProcess.Result run = VruProcess.run("run", "--config", yaml.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    long violence = counts("2025-04", "2026-03", "Violence and sexual offences", "Birmingham ");
    assertThat(violence).isEqualTo(61_130);
    // the third party's incomplete months are named, each with its total in the file (all the
    // authorities it covers: an LSOA name prefix of "" is every row)
    long september = counts("2024-09", "2024-09", "Violence and sexual offences", "");
    assertThat(september).isEqualTo(1_325);
    assertThat(run.out() + run.err())
        .contains("bham_violence_sexual: 5 months total under two thirds of the median")
        .contains(String.format(java.util.Locale.UK, "2024-09 (%,d against", september))
        .contains("2023-06 (", "2023-07 (", "2023-08 (", "2025-03 (");
    String html =
        Files.readString(yaml.resolveSibling("reports/annual-review-birmingham-FY2025-26-en.html"));
    shows(
        html,
        "there were 61,130 violence and sexual offences (all ages) in Birmingham",
        "the 7 local authorities that have values in the data loaded");
    Map<String, String> row =
        exported(yaml, "la", "bham_violence_sexual", "E08000025", "FY2025/26");
    assertThat(row.get("count")).isEqualTo(Long.toString(violence));
    assertThat(row.get("source")).isEqualTo("aggregate_counts");
    assertThat(row.get("population_year")).isEqualTo("2020");
    assertThat(Long.parseLong(row.get("denominator"))).isEqualTo(sape("E08000025"));
    // the other local authorities the aggregate holds are there too, from the same mapping
    Map<String, String> coventry = exported(yaml, "la", "bham_weapons", "E08000026", "FY2025/26");
    assertThat(coventry.get("count"))
        .isEqualTo(
            Long.toString(counts("2025-04", "2026-03", "Possession of weapons", "Coventry ")));
    // an authority of another force is not in the aggregate: no data, never 0
    Map<String, String> leeds = exported(yaml, "la", "bham_robbery", "E08000035", "FY2025/26");
    assertThat(leeds.get("count")).isEmpty();
    assertThat(leeds.get("missing_reason")).isNotEmpty();
  }

  /** Each snippet is in the page (a failure names the snippet, not the whole page). */
  private static void shows(String html, String... snippets) {
    for (String s : snippets) {
      assertThat(html.contains(s)).as("the review shows: " + s).isTrue();
    }
  }

  /** The example folder copied beside a link to the repository's data, so its paths hold. */
  private Path copy(String name) throws IOException {
    Path to = dir.resolve("examples").resolve(name);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(VruProcess.ROOT.resolve("examples").resolve(name))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    Files.createSymbolicLink(dir.resolve("data"), VruProcess.ROOT.resolve("data"));
    return to.resolve("vru.yaml");
  }

  private final Map<String, List<Map<String, String>>> exports = new HashMap<>();

  /** One row of {@code vru metrics --config … --export … --level level}. */
  private Map<String, String> exported(
      Path yaml, String level, String measure, String area, String period) throws Exception {
    List<Map<String, String>> rows = exports.get(yaml + level);
    if (rows == null) {
      Path csv = dir.resolve(level + ".csv");
      VruProcess.Result r =
          VruProcess.run(
              "metrics", "--config", yaml.toString(), "--export", csv.toString(), "--level", level);
      assertThat(r.exitCode()).as(r.err()).isZero();
      List<String> lines = Files.readAllLines(csv);
      String[] header = lines.get(0).split(",");
      rows = new java.util.ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          m.put(header[i], f[i].replace("\"", ""));
        }
        rows.add(m);
      }
      exports.put(yaml + level, rows);
    }
    return rows.stream()
        .filter(
            m ->
                m.get("measure").equals(measure)
                    && m.get("age_band").equals("all")
                    && m.get("area_code").equals(area)
                    && m.get("period").equals(period))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no exported row " + measure + " " + area));
  }

  /** Crimes in the City's street files of months from..to matching, one per crime id. */
  private static long policeUk(String from, String to, Predicate<String[]> match)
      throws IOException {
    Set<String> ids = new HashSet<>();
    for (String year : List.of("2024", "2025")) {
      try (Stream<Path> files = Files.list(REAL.resolve("police-uk-city-of-london-" + year))) {
        for (Path f : files.sorted().toList()) {
          String month = f.getFileName().toString().substring(0, 7);
          if (month.compareTo(from) < 0 || month.compareTo(to) > 0) {
            continue;
          }
          for (String[] r : csv(f)) {
            if (match.test(r)) {
              ids.add(r[0]);
            }
          }
        }
      }
    }
    return ids.size();
  }

  /** The Birmingham aggregate's counts of a category in LSOAs named {@code lsoaPrefix…}. */
  private static long counts(String from, String to, String category, String lsoaPrefix)
      throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(REAL.resolve("birmingham-lsoa-crime-counts"))) {
      for (Path f : files.sorted().toList()) {
        String month = f.getFileName().toString().substring(0, 7);
        if (month.compareTo(from) < 0 || month.compareTo(to) > 0) {
          continue;
        }
        for (String[] r : csv(f)) {
          if (r[3].equals(category) && r[1].startsWith(lsoaPrefix)) {
            n += Long.parseLong(r[6]);
          }
        }
      }
    }
    return n;
  }

  /** A CSP's violence against the person in ONS's Table C2 as published (its row's cell). */
  private static long tableC2(String csp) throws IOException {
    List<String> lines =
        Files.readAllLines(REAL.resolve("ons-prc-table-c2-ye-jun2025.csv"), StandardCharsets.UTF_8);
    // the CSP's row (the header's quoted line breaks do not matter: no header line holds a code)
    for (String line : lines) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      if (f.length > 7 && f[2].equals(csp)) {
        // columns: 6 identity columns, total recorded crime, violence against the person
        return Long.parseLong(f[7].replace("\"", "").replace(",", "").trim());
      }
    }
    throw new AssertionError("no row for " + csp + " in Table C2");
  }

  /** The residents of a local authority in ONS's mid-2020 ward table (its "All Ages" column). */
  private static long sape(String la) throws IOException {
    long n = 0;
    for (String[] r :
        csv(REAL.resolve("ons-sape-mid2020/SAPE23DT8a_mid2020_ward_Persons.csv.gz"))) {
      if (r.length > 4 && r[2].equals(la)) {
        n += Long.parseLong(r[4].replace(",", ""));
      }
    }
    return n;
  }

  /** A gzipped CSV's data lines, split on commas outside quotes (no quoted newlines here). */
  private static List<String[]> csv(Path gz) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      return in.lines()
          .skip(1)
          .map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1))
          .map(f -> Stream.of(f).map(c -> c.replace("\"", "")).toArray(String[]::new))
          .toList();
    }
  }
}
