package vru.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vru.metrics.api.disclosure.HesRule;

class HesRuleTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "1, *", "7, *", "8, 10", "12, 10", "13, 15", "102, 100", "103, 105"})
  void smallCountsAreSuppressedAndOthersRoundedToFive(long count, String published) {
    assertThat(HesRule.publish(count)).isEqualTo(published);
  }
}
