package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 2x2 against ATT(2004,2004), the TWFE coefficient and the textbook variance. */
class TwoByTwoTest {
  static List<DidPanel.Observation> twoPeriods() throws Exception {
    return Mpdta.rows().stream()
        .filter(o -> o.time() <= 2004 && (o.cohort() == 0 || o.cohort() == 2004))
        .toList();
  }

  @Test
  void withTwoPeriodsItEqualsTheGroupTimeEffectAndTwfe() throws Exception {
    DidPanel p = DidPanel.of(twoPeriods());
    List<String> excluded = new ArrayList<>();
    DidEstimate e = TwoByTwo.estimate(p, 0.95, excluded);
    double att = -0.0105032462209635;
    assertThat(e.estimate()).isCloseTo(att, within(Math.abs(att) * 1e-8));
    assertThat(e.estimate()).isCloseTo(Twfe.estimate(p).estimate(), within(1e-12));
    assertThat(excluded).isEmpty();
    assertThat(e.treatedUnits()).isEqualTo(20);
  }

  @Test
  void theStandardErrorIsTheClusterRobustDifferenceOfMeans() throws Exception {
    DidPanel p = DidPanel.of(twoPeriods());
    DidEstimate e = TwoByTwo.estimate(p, 0.95, new ArrayList<>());
    // by hand: Σ e²/n² in each group, times G/(G−1)·(N−1)/(N−2)
    java.util.Map<String, double[]> change = new java.util.HashMap<>();
    for (DidPanel.Observation o : twoPeriods()) {
      double[] c = change.computeIfAbsent(o.unit(), k -> new double[2]);
      c[0] += o.time() == 2004 ? o.outcome() : -o.outcome();
      c[1] = o.cohort();
    }
    double[] sum = new double[2];
    int[] count = new int[2];
    for (double[] c : change.values()) {
      int g = c[1] > 0 ? 1 : 0;
      sum[g] += c[0];
      count[g]++;
    }
    double[] ss = new double[2];
    for (double[] c : change.values()) {
      int g = c[1] > 0 ? 1 : 0;
      double r = c[0] - sum[g] / count[g];
      ss[g] += r * r;
    }
    int n = count[0] + count[1];
    double v =
        (double) n
            / (n - 1)
            * (n - 1.0)
            / (n - 2.0)
            * (ss[0] / ((double) count[0] * count[0]) + ss[1] / ((double) count[1] * count[1]));
    assertThat(e.se()).isCloseTo(Math.sqrt(v), within(Math.sqrt(v) * 1e-10));
    assertThat(e.ciLower()).isLessThan(e.estimate());
    assertThat(e.ciUpper()).isGreaterThan(e.estimate());
  }

  @Test
  void moreThanOneCohortIsAClearErrorNamingThem() throws Exception {
    assertThatThrownBy(() -> TwoByTwo.estimate(DidPanel.of(Mpdta.rows()), 0.95, new ArrayList<>()))
        .hasMessageContaining("cohorts 2004, 2006, 2007")
        .hasMessageContaining("--estimator cs");
  }
}
