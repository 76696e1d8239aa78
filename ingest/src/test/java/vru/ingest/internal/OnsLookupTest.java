package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.VruException;

/** Which layout a geography file is read in, from its header alone. */
class OnsLookupTest {
  @TempDir Path dir;

  private OnsLookup.Layout layout(String header) throws Exception {
    Path f = dir.resolve("lookup.csv");
    Files.writeString(f, header + "\n");
    return OnsLookup.of(f, f, Sources.spec("geography").orElseThrow(), ColumnMapping.NONE);
  }

  private static boolean byLa(OnsLookup.Layout l) {
    return l.spec().fields().stream().noneMatch(f -> f.name().equals("pfa_code"));
  }

  @Test
  void aLookupOfBothVintagesIsReadByItsLatestLsoasAndAuthorities() throws Exception {
    OnsLookup.Layout l =
        layout(
            "\uFEFFLSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND,LAD22CD,LAD22NM,LAD22NMW,ObjectId");
    assertThat(l.mapping().columns())
        .containsEntry("lsoa21cd", "lsoa_code")
        .containsEntry("lsoa21nm", "lsoa_name")
        .containsEntry("lad22cd", "la_code")
        .containsEntry("lad22nm", "la_name")
        .hasSize(4);
    assertThat(l.mapping().ignore())
        .containsExactlyInAnyOrder("lsoa11cd", "lsoa11nm", "chgind", "lad22nmw", "objectid");
    assertThat(byLa(l)).isTrue();
  }

  @Test
  void theTwentyElevenLookupIsReadToo() throws Exception {
    OnsLookup.Layout l = layout("LSOA11CD,LSOA11NM,LAD21CD,LAD21NM,FID");
    assertThat(l.mapping().columns()).containsEntry("lsoa11cd", "lsoa_code");
    assertThat(byLa(l)).isTrue();
  }

  @Test
  void aLookupWithCspsAndForcesIsReadAsGiven() throws Exception {
    OnsLookup.Layout l =
        layout(
            "lsoa_code,lsoa_name,la_code,la_name,csp_code,csp_name,pfa_code,pfa_name,valid_from,"
                + "valid_to");
    assertThat(l.mapping()).isEqualTo(ColumnMapping.NONE);
    assertThat(byLa(l)).isFalse();
  }

  @Test
  void anOnsFileWithoutAuthoritiesIsRefusedSayingWhatToUse() {
    assertThatThrownBy(() -> layout("LSOA21CD,LSOA21NM,MSOA21CD,MSOA21NM"))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("lookup.csv line 1")
        .hasMessageContaining("no local authority code column (LADyyCD)")
        .hasMessageContaining("--columns");
  }
}
