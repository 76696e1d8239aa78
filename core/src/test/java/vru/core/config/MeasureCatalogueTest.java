package vru.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasureCatalogueTest {
  @TempDir Path dir;

  @Test
  void theBuiltInCatalogueHasTheNationalAndSecondaryMeasures() {
    Map<String, MeasureCatalogue.Measure> m = MeasureCatalogue.builtIn();
    assertThat(m.keySet())
        .containsExactly(
            "knife_admissions",
            "knife_crime",
            "homicide",
            "violence_admissions",
            "violence_with_injury",
            "robbery",
            "possession_of_weapons",
            "policeuk_violence_sexual",
            "policeuk_robbery",
            "policeuk_weapons",
            "policeuk_public_order");
    assertThat(
            m.values().stream()
                .filter(MeasureCatalogue.Measure::national)
                .map(MeasureCatalogue.Measure::id))
        .containsExactly("knife_admissions", "knife_crime", "homicide");
    assertThat(m.get("homicide").multiplier()).isEqualTo(1_000_000);
    assertThat(m.get("knife_admissions").disclosure()).isEqualTo("hes");
    assertThat(m.get("knife_crime").disclosure()).isEqualTo("none");
    assertThat(m.values()).allMatch(x -> x.titleCy().isPresent() && x.lowIsGood());
    // the data.police.uk measures: published street files, no ages, per 1,000 residents
    assertThat(m.get("policeuk_weapons").table()).isEqualTo("police_uk_street");
    assertThat(m.get("policeuk_weapons").ageColumn()).isEqualTo(MeasureCatalogue.NO_AGE);
    assertThat(m.get("policeuk_weapons").multiplier()).isEqualTo(1_000);
    assertThat(m.get("knife_crime").seriesBreaks())
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).contains("NDQIS"));
  }

  @Test
  void aPartnershipAddsItsOwnMeasuresAndMistakesNameTheFileAndKey() throws Exception {
    Path f = dir.resolve("local.yaml");
    Files.writeString(
        f,
        """
        measures:
          - id: youth_knife_crime_under_18
            title: Knife crime with victims under 18
            table: police_incidents
            filter: "knife and victim_age < 18"
        """);
    Map<String, MeasureCatalogue.Measure> all = MeasureCatalogue.load(List.of(f));
    assertThat(all).containsKey("youth_knife_crime_under_18").hasSize(12);
    assertThat(all.get("youth_knife_crime_under_18").source()).isEqualTo(f.toString());
    assertThat(all.get("youth_knife_crime_under_18").ageColumn()).isEqualTo("victim_age");

    Files.writeString(f, "measures:\n  - id: x\n    titel: X\n");
    assertThatThrownBy(() -> MeasureCatalogue.load(List.of(f)))
        .hasMessageContaining("line 3")
        .hasMessageContaining("unknown key 'titel'")
        .hasMessageContaining("did you mean 'title'");
    Files.writeString(
        f, "measures:\n  - {id: robbery, title: R, table: police_incidents, filter: 'true'}\n");
    assertThatThrownBy(() -> MeasureCatalogue.load(List.of(f)))
        .hasMessageContaining("already defined in built-in");
    Files.writeString(
        f,
        "measures:\n  - {id: a_e, title: A, table: admissions, filter: 'true', disclosure: none}\n");
    assertThatThrownBy(() -> MeasureCatalogue.load(List.of(f)))
        .hasMessageContaining("hospital data must be published under the hes or fingertips rule");
  }

  @Test
  void aFingertipsMeasureIsPublishedUnlessRecomputedAndOnlyItSaysSo() throws Exception {
    Path f = dir.resolve("fingertips.yaml");
    Files.writeString(
        f,
        "measures:\n  - {id: ft, title: F, table: fingertips, filter: 'indicator_id = 11201'}\n"
            + "  - {id: ft_r, title: R, table: fingertips, filter: 'true', values: recomputed}\n");
    Map<String, MeasureCatalogue.Measure> all = MeasureCatalogue.load(List.of(f));
    assertThat(all.get("ft").values()).isEqualTo(MeasureCatalogue.PUBLISHED);
    assertThat(all.get("ft").ageColumn()).isEqualTo(MeasureCatalogue.NO_AGE);
    assertThat(all.get("ft_r").values()).isEqualTo(MeasureCatalogue.RECOMPUTED);
    assertThat(all.get("robbery").values()).isEqualTo(MeasureCatalogue.COUNTED);
    Files.writeString(
        f, "measures:\n  - {id: ft, title: F, table: fingertips, filter: 'true', values: mean}\n");
    assertThatThrownBy(() -> MeasureCatalogue.load(List.of(f)))
        .hasMessageContaining("measures[ft].values")
        .hasMessageContaining("'mean' is not published");
    Files.writeString(
        f,
        "measures:\n  - {id: r, title: R, table: police_uk_street, filter: 'true', values: published}\n");
    assertThatThrownBy(() -> MeasureCatalogue.load(List.of(f)))
        .hasMessageContaining(
            "only a measure from the fingertips table has published or" + " recomputed values");
  }
}
