package vru.evaluation.api.toc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.evaluation.api.toc.Finding.Severity;

/** Every kind of problem in a theory of change, on crafted files: the finding, its line, a fix. */
class TocValidationTest {
  static final Set<String> MEASURES =
      Set.of("knife_admissions", "knife_crime", "homicide", "violence_with_injury");

  @TempDir Path dir;

  static String example() throws Exception {
    try (InputStream in = TocModel.class.getResourceAsStream("example-toc.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  List<Finding> findings(String yaml) throws Exception {
    Path f = dir.resolve("toc.yaml");
    Files.writeString(f, yaml);
    TocReader.Read r = TocReader.read(f);
    List<Finding> all = new ArrayList<>(r.findings());
    all.addAll(TocValidator.validate(r.model(), MEASURES, IndicatorData.NONE));
    return all;
  }

  static int lineOf(String yaml, String text) {
    String[] lines = yaml.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text);
  }

  static Finding only(List<Finding> fs, String code) {
    List<Finding> m = fs.stream().filter(f -> f.code().equals(code)).toList();
    assertThat(m).as(code + " in " + fs).hasSize(1);
    return m.get(0);
  }

  @Test
  void theShippedExampleIsValid() throws Exception {
    List<Finding> fs = findings(example());
    assertThat(fs).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();
    assertThat(fs).isEmpty();
  }

  @Test
  void aCycleIsAnErrorNamingItsPathAndLine() throws Exception {
    String y =
        example()
            + "  - {from: safer-communities, to: funding, assumption: Safer places attract funding}\n";
    Finding f = only(findings(y), "cycle");
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.message()).contains("funding -> ").contains("-> safer-communities -> funding");
    assertThat(f.line()).isEqualTo(lineOf(y, "from: safer-communities, to: funding"));
    assertThat(f.fix()).contains("remove or reverse");
  }

  @Test
  void aBackwardLinkIsFlaggedAsAWarning() throws Exception {
    String y = example() + "  - {from: knife-crime, to: reach, assumption: Feedback}\n";
    List<Finding> fs = findings(y);
    Finding f = only(fs, "backward-link");
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.message()).contains("from long-term-outcomes to outputs");
    // the backward link also closes a cycle reach -> ... -> knife-crime -> reach
    assertThat(only(fs, "cycle").severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void aLongTermOutcomeWithoutASuccessMeasureIsAnError() throws Exception {
    String y =
        example()
            .replace(
                "        measure: {id: homicide}\n",
                "        measure: {id: violence_with_injury}\n");
    Finding f = only(findings(y), "outcome-without-measure");
    assertThat(f.subject()).isEqualTo("node 'homicide'");
    assertThat(f.line()).isEqualTo(lineOf(y, "- id: homicide"));
    assertThat(f.fix()).contains("knife_admissions|knife_crime|homicide");
  }

  @Test
  void duplicateIdsUnknownNodesAndUnknownMeasuresAreNamedWithTheClosestMatch() throws Exception {
    String y =
        example()
            .replace("  - id: navigators\n", "  - id: mentoring\n")
            .replace(
                "{from: reach, to: fewer-repeat-injuries", "{from: reach, to: fewer-repeat-injury")
            .replace("measure: {id: knife_admissions}", "measure: {id: knife_admission}");
    List<Finding> fs = findings(y);
    Finding dup =
        fs.stream().filter(f -> f.code().equals("duplicate-id")).findFirst().orElseThrow();
    assertThat(dup.message()).contains("line " + lineOf(y, "  - id: mentoring"));
    assertThat(fs)
        .filteredOn(f -> f.code().equals("unknown-node"))
        .anyMatch(f -> f.message().contains("did you mean 'fewer-repeat-injuries'?"))
        .anyMatch(f -> f.message().contains("'navigators'"));
    assertThat(only(fs, "unknown-measure").message()).contains("did you mean 'knife_admissions'?");
  }

  @Test
  void formProblemsAreFoundWithTheirLines() throws Exception {
    String y =
        example()
            .replace("    stage: impact\n", "    stage: impacts\n")
            .replace("        direction: increase\n", "        direcshun: increase\n")
            .replace("target: {value: 600, by: FY2024/25}", "target: {value: 600, by: 2024}")
            .replace("series: referrals}", "series: referals}");
    List<Finding> fs = findings(y);
    assertThat(only(fs, "unknown-stage").message())
        .contains("unknown stage 'impacts'")
        .contains("did you mean 'impact'?");
    assertThat(only(fs, "unknown-stage").line()).isEqualTo(lineOf(y, "stage: impacts"));
    assertThat(
            fs.stream()
                .filter(f -> f.code().equals("unknown-key"))
                .findFirst()
                .orElseThrow()
                .message())
        .contains("'direcshun'")
        .contains("did you mean 'direction'?");
    assertThat(fs)
        .anyMatch(f -> f.code().equals("bad-value") && f.message().contains("target.by '2024'"));
    assertThat(fs)
        .anyMatch(
            f -> f.code().equals("bad-value") && f.message().contains("did you mean 'referrals'?"));
  }

  @Test
  void anIndicatorBoundToNothingOrTwoThingsIsAnError() throws Exception {
    String y =
        example()
            .replace("        programme: {intervention: mentoring, series: starts}\n", "")
            .replace(
                "        measure: {id: knife_crime, age: 0-24}\n",
                "        measure: {id: knife_crime, age: 0-24}\n"
                    + "        programme: {intervention: mentoring, series: starts}\n");
    List<Finding> fs = findings(y);
    assertThat(only(fs, "unbound-indicator").subject()).isEqualTo("indicator 'mentoring-starts'");
    assertThat(only(fs, "two-bindings").subject()).isEqualTo("indicator 'youth-knife-crime'");
  }

  @Test
  void indicatorsThatResolveToNoDataAreErrorsWhenDataAreGiven() throws Exception {
    Path f = dir.resolve("toc.yaml");
    Files.writeString(f, example());
    TocModel m = TocReader.read(f).model();
    IndicatorData onlyMeasures =
        i ->
            i.measure().isPresent()
                ? List.of(new IndicatorData.Point(2018, 1, 0.5, 1.5, 10, 1e6))
                : List.of();
    List<Finding> fs = TocValidator.validate(m, MEASURES, onlyMeasures);
    assertThat(fs).filteredOn(x -> x.code().equals("no-data")).hasSize(5);
    assertThat(fs).allMatch(x -> !x.code().equals("no-data") || x.fix().contains("intervention"));
  }

  @Test
  void notYamlIsOneClearError() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "nodes:\n  - id: a\n   stage: inputs\n");
    assertThatThrownBy(() -> TocReader.read(f))
        .hasMessageContaining("bad.yaml:3")
        .hasMessageContaining("not valid YAML");
  }
}
