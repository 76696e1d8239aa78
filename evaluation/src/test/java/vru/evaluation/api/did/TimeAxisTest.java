package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeAxisTest {
  @Test
  void yearsFinancialYearsAndMonthsAreRecognisedAndPlacedOnRegularAxes() {
    assertThat(TimeAxis.of("2019")).isEqualTo(TimeAxis.YEAR);
    assertThat(TimeAxis.of("2019/20")).isEqualTo(TimeAxis.FINANCIAL_YEAR);
    assertThat(TimeAxis.of("FY2019/20")).isEqualTo(TimeAxis.FINANCIAL_YEAR);
    assertThat(TimeAxis.of("2019-20")).isEqualTo(TimeAxis.FINANCIAL_YEAR);
    assertThat(TimeAxis.of("2019-21")).isNull();
    assertThat(TimeAxis.of("2019-04")).isEqualTo(TimeAxis.MONTH);
    assertThat(TimeAxis.of("2019-04-01")).isEqualTo(TimeAxis.MONTH);
    assertThat(TimeAxis.of("2019-13")).isNull();
    assertThat(TimeAxis.of("spring")).isNull();
    assertThat(TimeAxis.FINANCIAL_YEAR.position("FY2019/20")).isEqualTo(2019);
    assertThat(TimeAxis.FINANCIAL_YEAR.label(2019)).isEqualTo("2019/20");
    assertThat(TimeAxis.FINANCIAL_YEAR.label(1999)).isEqualTo("1999/00");
    int dec = TimeAxis.MONTH.position("2019-12");
    assertThat(TimeAxis.MONTH.position("2020-01")).isEqualTo(dec + 1);
    assertThat(TimeAxis.MONTH.label(dec + 1)).isEqualTo("2020-01");
  }
}
