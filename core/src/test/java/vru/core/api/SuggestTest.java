package vru.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  @Test
  void suggestsTheClosestNameForATypo() {
    assertThat(Suggest.closest("partnershp", List.of("partnership", "measures", "baseline")))
        .contains("partnership");
    assertThat(Suggest.closest("LSOA_CODE", List.of("lsoa_code", "la_code"))).contains("lsoa_code");
  }

  @Test
  void suggestsNothingWhenNoNameIsClose() {
    assertThat(Suggest.closest("zzzzzz", List.of("partnership", "measures"))).isEmpty();
  }
}
