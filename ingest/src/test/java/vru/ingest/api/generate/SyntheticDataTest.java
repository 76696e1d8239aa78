package vru.ingest.api.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.Measures;

class SyntheticDataTest {
  @TempDir static Path dir;
  static SyntheticData.Result result;

  @BeforeAll
  static void generate() {
    result = SyntheticData.generate(GenerateOptions.of(dir.resolve("a"), 7, 0.02));
  }

  @Test
  void theSameSeedGivesTheSameBytes() throws Exception {
    SyntheticData.generate(GenerateOptions.of(dir.resolve("b"), 7, 0.02));
    assertThat(digests(dir.resolve("b"))).isEqualTo(digests(dir.resolve("a")));
  }

  @Test
  void anotherSeedGivesOtherData() throws Exception {
    SyntheticData.generate(GenerateOptions.of(dir.resolve("c"), 8, 0.02).withYears(2023, 2024));
    String a = Files.readString(dir.resolve("a/police/police-records-FY2023-24.csv"));
    String c = Files.readString(dir.resolve("c/police/police-records-FY2023-24.csv"));
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void volumesAreNationalVolumesTimesTheScale() throws IOException {
    // scale 0.02, 11 years: knife crime 50,000 and other crime 1,500,000 a year nationally
    long police = rows("police-records");
    assertThat(police)
        .isBetween((long) (0.8 * 1_550_000 * 0.02 * 11), (long) (1.1 * 1_550_000 * 0.02 * 11));
    long knife = countMatching(dir.resolve("a/police"), ",Y,");
    assertThat(knife / 11.0).isBetween(0.8 * 50_000 * 0.02, 1.1 * 50_000 * 0.02);
    long homicides = rows("homicide-index");
    // about 130 homicides in all at this scale: a wide band for Poisson noise
    assertThat(homicides / 11.0).isBetween(0.65 * 600 * 0.02, 1.15 * 600 * 0.02);
    long x99 = countMatching(dir.resolve("a/hospital"), "X99");
    // each spell has one or two episodes (20% two); trend and programme effect lower the mean
    assertThat(x99 / 11.0).isBetween(0.7 * 4_500 * 0.02 * 1.2, 1.1 * 4_500 * 0.02 * 1.2);
  }

  @Test
  void theNationalMeasuresEventsCanBeGeneratedAtTheirOwnScale() throws IOException {
    // the demo's choice: the national measures' events at ten times the bulk's scale
    SyntheticData.generate(
        GenerateOptions.of(dir.resolve("n"), 7, 0.02).withYears(2023, 2023).withNationalScale(0.2));
    Path police = dir.resolve("n/police/police-records-FY2023-24.csv");
    long knife = countMatching(dir.resolve("n/police"), ",Y,");
    long all;
    try (var lines = Files.lines(police)) {
      all = lines.count() - 1;
    }
    // knife crime 50,000 a year × 0.2; other crime 1,500,000 × 0.02
    assertThat((double) knife).isBetween(0.8 * 50_000 * 0.2, 1.1 * 50_000 * 0.2);
    assertThat((double) (all - knife)).isBetween(0.8 * 1_500_000 * 0.02, 1.1 * 1_500_000 * 0.02);
    String manifest = Files.readString(dir.resolve("n/generated.json"));
    assertThat(manifest).contains("\"national_scale\" : 0.2");
  }

  @Test
  void aboutHalfAPercentOfRecordRowsAreDeliberatelyBad() {
    long rows = 0;
    long dirty = 0;
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (GeneratedFile f : result.files()) {
      if (f.source().equals("police-records") || f.source().equals("hospital-admissions")) {
        rows += f.rows();
        dirty += f.dirtyTotal();
        kinds.addAll(f.dirtyRows().keySet());
      }
    }
    assertThat(dirty / (double) rows).isCloseTo(0.005, within(0.0005));
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "bad_date",
            "unknown_lsoa",
            "duplicate",
            "missing_offence_code",
            "age_out_of_range",
            "bad_icd10_code");
  }

  @Test
  void geographyAndPopulationCoverEnglandAndWales() throws IOException {
    List<String> lookup = Files.readAllLines(dir.resolve("a/geography/lsoa-lookup.csv"));
    assertThat(lookup.size() - 1).isBetween(35_000, 40_000);
    long pop2020 =
        Files.readAllLines(dir.resolve("a/population/mye-la-2014-2024.csv")).stream()
            .filter(l -> l.startsWith("2020,"))
            .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)))
            .sum();
    assertThat(pop2020).isEqualTo(59_719_724L);
  }

  @Test
  void theInjectedEffectIsAReductionThatGrowsWithYearsSinceStart() {
    assertThat(Programme.STARTS).hasSize(20);
    for (String m : Measures.NATIONAL) {
      Truth t = result.overall(m);
      assertThat(t.effectRate()).isNegative();
      assertThat(t.relativeEffect()).isBetween(-0.20, -0.05);
      assertThat(t.cells()).isEqualTo(18 * 6 + 2 * 3);
    }
    List<Truth> knife2019 =
        result.truth().stream()
            .filter(t -> t.measure().equals(Measures.KNIFE_CRIME) && t.cohort() == 2019)
            .toList();
    assertThat(knife2019.get(0).relativeEffect()).isCloseTo(-0.05, within(1e-9));
    assertThat(knife2019.get(3).relativeEffect()).isCloseTo(-0.20, within(1e-9));
  }

  private static long rows(String source) {
    return result.rowsBySource().get(source);
  }

  private static long countMatching(Path folder, String needle) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        try (Stream<String> lines = Files.lines(f)) {
          n += lines.filter(l -> l.contains(needle)).count();
        }
      }
    }
    return n;
  }

  static Map<String, String> digests(Path root) throws IOException, NoSuchAlgorithmException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        out.put(root.relativize(p).toString(), HexFormat.of().formatHex(md.digest()));
      }
    }
    return out;
  }
}
