package vru.reports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's CSV downloads neutralise formula-like text (a source file named {@code =1+1.csv}, a
 * partnership named by its user) and leave numbers alone; the XLSX stores such text as text.
 */
class DataTableCsvTest {
  @Test
  void formulaLikeTextIsNeutralisedInTheCsvDownloadAndNumbersAreNot() {
    DataTable t =
        new DataTable.Builder("annex-sources", "Sources")
            .column("File", false)
            .column("Change", true)
            .row(List.of("=1+1.csv", "-3.2"))
            .row(List.of("@evil, with a comma", "+4"))
            .row(List.of("police.csv", "12"))
            .build();
    List<String> lines = new String(t.csv(), StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(1)).isEqualTo("'=1+1.csv,-3.2");
    assertThat(lines.get(2)).isEqualTo("\"'@evil, with a comma\",+4");
    assertThat(lines.get(3)).isEqualTo("police.csv,12");
  }
}
