package vru.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeographyTest {
  private static final Path DATA = Path.of(System.getProperty("vru.data.dir", "../data"));

  @Test
  void theReferenceHierarchyHasEveryForceAndPartnership() {
    Geography g = Geography.reference();
    assertThat(g.pfas()).hasSize(43);
    assertThat(g.csps()).hasSize(314);
    assertThat(g.pfas().get("E23000014").name()).isEqualTo("West Midlands");
    assertThat(g.pfaOf("E09000001")).contains("E23000034");
    assertThat(g.pfaOf("W06000016")).contains("W15000003");
    assertThat(g.pfas().values())
        .noneMatch(a -> a.name().contains("note") || a.name().endsWith(" "));
  }

  @Test
  void everyLocalAuthorityBelongsToExactlyOnePoliceForceArea() {
    Geography g = Geography.reference();
    for (Geography.Link l : g.links()) {
      assertThat(g.pfaOf(l.la().code())).contains(l.pfa().code());
    }
  }

  @Test
  void referencePopulationAccountsForEveryoneInTheMid2020Estimates() {
    List<ReferencePopulation.Cell> cells = ReferencePopulation.mid2020();
    assertThat(cells.stream().mapToLong(ReferencePopulation.Cell::population).sum())
        .isEqualTo(59_719_724L);
    Set<String> las = new HashSet<>();
    cells.forEach(c -> las.add(c.laCode()));
    assertThat(las).isEqualTo(Geography.reference().las().keySet());
  }

  @Test
  void hierarchyMatchesThePublishedTableC2() throws IOException {
    Path c2 = DATA.resolve("real/ons-prc-table-c2-ye-jun2025.csv");
    String text = Files.readString(c2, StandardCharsets.UTF_8);
    Set<String> cspCodes = new HashSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\n(?:E23|W15)\\d{6},[^,]*,([EW]2[2]\\d{6}|W14\\d{6}),")
            .matcher(text);
    while (m.find()) {
      cspCodes.add(m.group(1));
    }
    assertThat(cspCodes).hasSize(314).isEqualTo(Geography.reference().csps().keySet());
  }
}
