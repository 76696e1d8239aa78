package vru.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FinancialYearTest {
  @Test
  void aFinancialYearRunsFromAprilToMarch() {
    assertThat(FinancialYear.containing(LocalDate.of(2025, 3, 31)))
        .isEqualTo(new FinancialYear(2024));
    assertThat(FinancialYear.containing(LocalDate.of(2025, 4, 1)))
        .isEqualTo(new FinancialYear(2025));
    assertThat(new FinancialYear(2024).label()).isEqualTo("FY2024/25");
    assertThat(new FinancialYear(1999).label()).isEqualTo("FY1999/00");
  }

  @Test
  void labelsRoundTrip() {
    assertThat(FinancialYear.parse("FY2018/19")).isEqualTo(new FinancialYear(2018));
    assertThat(FinancialYear.parse("FY1999/00").startYear()).isEqualTo(1999);
  }

  @Test
  void malformedLabelsAreRejectedWithTheExpectedForm() {
    assertThatThrownBy(() -> FinancialYear.parse("2018/19")).hasMessageContaining("FY2024/25");
    assertThatThrownBy(() -> FinancialYear.parse("FY2018/20"))
        .hasMessageContaining("second year must follow");
  }
}
