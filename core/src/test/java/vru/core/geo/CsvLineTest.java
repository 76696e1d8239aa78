package vru.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV output cells: quoting, and OWASP's rule against formula injection. */
class CsvLineTest {
  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsNeutralisedAndNumbersAreNot() {
    assertThat(CsvLine.cell("=1+1")).isEqualTo("'=1+1");
    assertThat(CsvLine.cell("+44 121")).isEqualTo("'+44 121");
    assertThat(CsvLine.cell("-cmd|' /C calc'!A0")).isEqualTo("'-cmd|' /C calc'!A0");
    assertThat(CsvLine.cell("@SUM(A1:A9)")).isEqualTo("'@SUM(A1:A9)");
    assertThat(CsvLine.cell("\tx")).isEqualTo("'\tx");
    assertThat(CsvLine.cell("\rx")).isEqualTo("\"'\rx\"");
    assertThat(CsvLine.cell("=HYPERLINK(\"http://x\",\"a, b\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\"");
    // numbers, negative or signed, stay numbers
    assertThat(CsvLine.cell("-1.5")).isEqualTo("-1.5");
    assertThat(CsvLine.cell("+3")).isEqualTo("+3");
    assertThat(CsvLine.cell("-2.5E-3")).isEqualTo("-2.5E-3");
    assertThat(CsvLine.cell("")).isEmpty();
    assertThat(CsvLine.cell("West Midlands")).isEqualTo("West Midlands");
    assertThat(CsvLine.cell("a = b")).isEqualTo("a = b");
  }
}
