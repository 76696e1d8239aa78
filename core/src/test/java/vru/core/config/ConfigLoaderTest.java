package vru.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;

class ConfigLoaderTest {
  @TempDir Path dir;

  static final String VALID =
      """
      partnership:
        id: west-midlands-vru
        name: West Midlands Violence Reduction Partnership
        areas: [E23000014]
        start: 2019-04-01
      programme-areas:
        - {area: E23000001, start: 2019-04-01}
      comparison: all-other-areas
      measures: [knife_crime, homicide]
      baseline: FY2018/19
      languages: [en, cy]
      warehouse: wh
      inputs:
        police-records: [data/police]
      """;

  Path write(String yaml) throws IOException {
    Path f = dir.resolve("vru.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void readsAValidConfigurationAndResolvesPathsAgainstItsFolder() throws IOException {
    PartnershipConfig c = ConfigLoader.load(write(VALID));
    assertThat(c.id()).isEqualTo("west-midlands-vru");
    assertThat(c.start()).isEqualTo(LocalDate.of(2019, 4, 1));
    assertThat(c.programmeAreas())
        .extracting(PartnershipConfig.ProgrammeArea::area)
        .containsExactly("E23000014", "E23000001");
    assertThat(c.comparison()).isEmpty();
    assertThat(c.baseline()).isEqualTo(new FinancialYear(2018));
    assertThat(c.warehouse()).isEqualTo(dir.resolve("wh"));
    assertThat(c.inputs().get("police-records")).containsExactly(dir.resolve("data/police"));
  }

  @Test
  void inputOptionsGiveASourceItsColumnMappingAndEncodingAndBadOnesAreNamed() throws IOException {
    Files.writeString(dir.resolve("wmp-columns.yaml"), "columns:\n  URN: crime_reference\n");
    String options =
        VALID
            + "input-options:\n"
            + "  police-records: {columns: wmp-columns.yaml, encoding: windows-1252}\n";
    PartnershipConfig c = ConfigLoader.load(write(options));
    PartnershipConfig.InputOptions o = c.inputOptions().get("police-records");
    assertThat(o.columns()).contains(dir.resolve("wmp-columns.yaml"));
    assertThat(o.encoding()).contains(java.nio.charset.Charset.forName("windows-1252"));
    assertThat(ConfigLoader.load(write(VALID)).inputOptions()).isEmpty();

    assertThatThrownBy(() -> ConfigLoader.load(write(options.replace("wmp-columns", "nope"))))
        .hasMessageContaining("key 'input-options.police-records.columns'")
        .hasMessageContaining("nope.yaml does not exist");
    assertThatThrownBy(() -> ConfigLoader.load(write(options.replace("windows-1252", "latin-9x"))))
        .hasMessageContaining("key 'input-options.police-records.encoding'")
        .hasMessageContaining("unknown character encoding 'latin-9x'");
    assertThatThrownBy(
            () -> ConfigLoader.load(write(options.replace("  police-records: {", "  police: {"))))
        .hasMessageContaining("key 'input-options.police'")
        .hasMessageContaining("unknown source")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("nope.yaml")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.CONFIG_NOT_FOUND);
  }

  @Test
  void everyProblemOfAFileIsReportedInOneRunAtTheLineOfItsValue() throws IOException {
    Path f =
        write(
            VALID
                .replace("id: west-midlands-vru", "id: West Midlands")
                .replace("areas: [E23000014]", "areas: [E23000014, E22000335]")
                .replace(
                    "- {area: E23000001, start: 2019-04-01}",
                    "- {area: E23000001, start: 2019-13-01}")
                .replace("baseline: FY2018/19", "baseline: 2018")
                .replace(
                    "measures: [knife_crime, homicide]", "measures: [knife_crime, homicides]"));
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("5 problems in " + f)
        .hasMessageContaining("line 2, key 'partnership.id'")
        .hasMessageContaining("line 4, key 'partnership.areas': E23000014 (West Midlands) and")
        .hasMessageContaining("E22000335 (Birmingham) overlap (1 local authority in both)")
        // the programme area's own 'start:', not the partnership's on line 5
        .hasMessageContaining("line 7, key 'programme-areas.start'")
        .hasMessageContaining("line 9, key 'measures'")
        .hasMessageContaining("unknown measure 'homicides'")
        .hasMessageContaining("line 10, key 'baseline'");
  }

  @Test
  void aPartnershipMayBeMadeOfCspsAndLocalAuthoritiesThatDoNotOverlap() throws IOException {
    // Birmingham's CSP and Coventry's local authority; and the City of London's CSP on its own
    PartnershipConfig mix =
        ConfigLoader.load(
            write(VALID.replace("areas: [E23000014]", "areas: [E22000335, E08000026]")));
    assertThat(mix.areas()).containsExactly("E22000335", "E08000026");
    assertThat(
            ConfigLoader.load(write(VALID.replace("areas: [E23000014]", "areas: [E22000180]")))
                .areas())
        .containsExactly("E22000180");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    write(VALID.replace("areas: [E23000014]", "areas: [E08000025, E22000335]"))))
        .hasMessageContaining("E08000025 (Birmingham) and E22000335 (Birmingham) overlap");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(write(VALID.replace("areas: [E23000014]", "areas: [E08000099]"))))
        .hasMessageContaining("'E08000099' is not a police force area (E23…/W15…), community")
        .hasMessageContaining("local authority");
  }

  @Test
  void aCspPartnershipListsItsMostSimilarCspsOrNamesAFileOfThem() throws IOException {
    String csp = VALID.replace("areas: [E23000014]", "areas: [E22000335]");
    // a list, and the same group as a published CSV with an area_code column
    assertThat(
            ConfigLoader.load(write(csp + "similar-areas: [E22000336, E22000192]\n"))
                .similarAreas())
        .containsExactly("E22000336", "E22000192");
    Files.writeString(
        dir.resolve("most-similar.csv"),
        "rank,area_code,name\n1,E22000336,Coventry\n2,E22000192,Westminster\n");
    assertThat(ConfigLoader.load(write(csp + "similar-areas: most-similar.csv\n")).similarAreas())
        .containsExactly("E22000336", "E22000192");
    // areas of another level, a member, an unknown code: each named
    assertThatThrownBy(() -> ConfigLoader.load(write(csp + "similar-areas: [E23000001]\n")))
        .hasMessageContaining("'E23000001' (Metropolitan Police) is a police force area")
        .hasMessageContaining("members are community safety partnerships");
    assertThatThrownBy(() -> ConfigLoader.load(write(csp + "similar-areas: [E22000335]\n")))
        .hasMessageContaining("'E22000335' is a member of the partnership");
    Files.writeString(dir.resolve("bad.csv"), "code\nE22999999\n");
    assertThatThrownBy(() -> ConfigLoader.load(write(csp + "similar-areas: bad.csv\n")))
        .hasMessageContaining("similar-areas (bad.csv)")
        .hasMessageContaining("'E22999999' is not a police force area, CSP or local authority");
    // a partnership of forces still compares with forces
    assertThat(ConfigLoader.load(write(VALID + "similar-areas: [E23000008]\n")).similarAreas())
        .containsExactly("E23000008");
  }

  @Test
  void aNationalMeasuresSourceMayBeStatedAndAMistakeIsNamedAtItsLine() throws IOException {
    assertThat(ConfigLoader.load(write(VALID)).measureSources()).isEmpty();
    assertThat(
            ConfigLoader.load(write(VALID + "measure-sources: {knife_crime: counts}\n"))
                .measureSources())
        .containsExactlyEntriesOf(java.util.Map.of("knife_crime", "counts"));
    assertThatThrownBy(
            () -> ConfigLoader.load(write(VALID + "measure-sources: {knife_admissions: counts}\n")))
        .hasMessageContaining("'knife_admissions' is not one of the partnership's measures");
    assertThatThrownBy(
            () -> ConfigLoader.load(write(VALID + "measure-sources:\n  knife_crime: aggregate\n")))
        .hasMessageContaining("key 'measure-sources.knife_crime'")
        .hasMessageContaining("'aggregate' is not records (its record-level table) or counts");
    assertThatThrownBy(
            () -> ConfigLoader.load(write(VALID + "measure-sources: {robbery: counts}\n")))
        .hasMessageContaining("only a national measure");
  }

  @Test
  void theLocalDefinitionIsReadInEachLanguageAndItsProblemsAreNamedAtTheirLines()
      throws IOException {
    assertThat(ConfigLoader.load(write(VALID)).definition()).isEmpty();
    String def =
        "definition:\n  measures: [knife_crime, homicide]\n  text:\n    en: \"Violence with"
            + " a knife.\"\n    cy: Trais gyda chyllell.\n";
    Definition d = ConfigLoader.load(write(VALID + def)).definition().orElseThrow();
    assertThat(d.measures()).containsExactly("knife_crime", "homicide");
    assertThat(d.text()).containsEntry("en", "Violence with a knife.");
    Path unknown = write(VALID + def.replace("homicide]", "homicides]"));
    assertThatThrownBy(() -> ConfigLoader.load(unknown))
        .hasMessageContaining("line 16, key 'definition.measures'")
        .hasMessageContaining("unknown measure 'homicides'");
    // the partnership publishes in Welsh, so the definition needs its Welsh text
    Path noWelsh = write(VALID + def.replace("    cy: Trais gyda chyllell.\n", ""));
    assertThatThrownBy(() -> ConfigLoader.load(noWelsh))
        .hasMessageContaining("definition.text")
        .hasMessageContaining("no Welsh (cy:) text");
  }

  @Test
  void theEvaluationDesignIsAutoByDefaultAndAnUnknownOneIsNamed() throws IOException {
    assertThat(ConfigLoader.load(write(VALID)).evaluation().design()).isEqualTo("auto");
    assertThat(
            ConfigLoader.load(write(VALID + "evaluation:\n  design: its\n")).evaluation().design())
        .isEqualTo("its");
    Path f = write(VALID + "evaluation:\n  design: synthetic\n");
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .hasMessageContaining("line 16, key 'evaluation.design'")
        .hasMessageContaining("unknown design 'synthetic'");
  }

  @Test
  void aKeyWrittenTwiceIsRefusedWithBothLines() throws IOException {
    Path f =
        write(VALID.replace("  start: 2019-04-01\n", "  start: 2019-04-01\n  id: other-vru\n"));
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .hasMessageContaining("line 6, key 'partnership.id': written twice (lines 2 and 6)");
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndTheClosestKnownKey() throws IOException {
    Path f = write(VALID.replace("measures:", "measurs:"));
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("line 9")
        .hasMessageContaining("unknown key 'measurs'")
        .hasMessageContaining("did you mean 'measures'");
  }

  @Test
  void anUnknownNestedKeyIsNamed() throws IOException {
    Path f =
        write(VALID.replace("  start: 2019-04-01\nprogramme", "  begin: 2019-04-01\nprogramme"));
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .hasMessageContaining("line 5")
        .hasMessageContaining("unknown key 'begin'");
  }

  @Test
  void badValuesNameTheKey() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(write(VALID.replace("E23000014", "E23999999"))))
        .hasMessageContaining("key 'partnership.areas'")
        .hasMessageContaining("E23999999");
    assertThatThrownBy(() -> ConfigLoader.load(write(VALID.replace("FY2018/19", "2018"))))
        .hasMessageContaining("key 'baseline'");
    assertThatThrownBy(
            () -> ConfigLoader.load(write(VALID.replace("2019-04-01\nprog", "April\nprog"))))
        .hasMessageContaining("key 'partnership.start'")
        .hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(
            () -> ConfigLoader.load(write(VALID.replace("knife_crime,", "knife_crimes,"))))
        .hasMessageContaining("did you mean 'knife_crime'");
    assertThatThrownBy(() -> ConfigLoader.load(write(VALID.replace("police-records:", "police:"))))
        .hasMessageContaining("key 'inputs.police'");
  }

  @Test
  void aMissingRequiredKeyIsNamed() throws IOException {
    Path f = write(VALID.replace("baseline: FY2018/19\n", ""));
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("baseline");
  }

  @Test
  void evaluationSettingsDefaultAndAreValidated() throws IOException {
    assertThat(ConfigLoader.load(write(VALID)).evaluation())
        .isEqualTo(PartnershipConfig.Evaluation.DEFAULT);
    String with = VALID + "evaluation:\n  control: not-yet\n  bootstrap: 0\n";
    PartnershipConfig.Evaluation e = ConfigLoader.load(write(with)).evaluation();
    assertThat(e.control()).isEqualTo("not-yet");
    assertThat(e.bootstrap()).isZero();
    assertThat(e.seed()).isEqualTo(PartnershipConfig.Evaluation.DEFAULT.seed());
    assertThatThrownBy(() -> ConfigLoader.load(write(with.replace("not-yet", "later"))))
        .hasMessageContaining("key 'evaluation.control'")
        .hasMessageContaining("never or not-yet");
    assertThatThrownBy(() -> ConfigLoader.load(write(with.replace("bootstrap: 0", "bootstrap: 5"))))
        .hasMessageContaining("key 'evaluation.bootstrap'");
    assertThatThrownBy(() -> ConfigLoader.load(write(with.replace("bootstrap: 0", "draws: 5"))))
        .hasMessageContaining("unknown key 'draws'");
  }

  @Test
  void wrongKindsOfValueSayWhatWasWrittenAndWhatWasExpectedWithoutJavaNames() throws IOException {
    java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        VALID.replace("measures: [knife_crime, homicide]", "measures: knife_crime"),
        "line 9, key 'measures': expected a list ([a, b], or one '- item' per line), found"
            + " 'knife_crime'");
    cases.put(
        VALID.replace(
            "name: West Midlands Violence Reduction Partnership", "name: [West, Midlands]"),
        "key 'partnership.name': expected a single value, found a list");
    cases.put("", "the file is empty");
    cases.put(
        "- a\n- b\n", "line 1: expected keys and values (key: value, one per line), found a list");
    cases.put(
        VALID.replace("name: West Midlands", "name: \"West Midlands"), "this is not valid YAML: ");
    for (var c : cases.entrySet()) {
      Path f = write(c.getKey());
      assertThatThrownBy(() -> ConfigLoader.load(f))
          .as(c.getKey())
          .isInstanceOf(VruException.class)
          .hasMessageContaining(c.getValue())
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .doesNotContain("java.", "`", "JsonToken", "$", "Cannot ", "No content")
                      .hasLineCount(1));
    }
    // a YAML syntax error names one line: the problem's
    Path broken = write(VALID.replace("name: West Midlands", "name: \"West Midlands"));
    assertThatThrownBy(() -> ConfigLoader.load(broken))
        .hasMessageMatching(".*vru.yaml line \\d+: this is not valid YAML: [^\\n]*")
        .satisfies(e -> assertThat(e.getMessage().split("line ")).hasSizeLessThanOrEqualTo(3));
  }
}
