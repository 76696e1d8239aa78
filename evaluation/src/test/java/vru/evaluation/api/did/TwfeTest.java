package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.core.api.VruException;

/** TWFE on mpdta against R (lm + sandwich, fixest): 1e-8 relative. */
class TwfeTest {
  static DidPanel mpdta;
  static Map<String, double[]> ref;

  @BeforeAll
  static void load() throws Exception {
    mpdta = DidPanel.of(Mpdta.rows());
    ref = Mpdta.reference();
  }

  static double reference(String kind) {
    double[] v = ref.get("twfe_county_year_fe/" + kind + "//");
    return Double.isNaN(v[0]) ? v[1] : v[0];
  }

  @Test
  void coefficientMatchesR() {
    DidEstimate e = Twfe.estimate(mpdta);
    double beta = reference("twfe_beta");
    assertThat(e.estimate()).isCloseTo(beta, within(Math.abs(beta) * 1e-8));
    assertThat(e.units()).isEqualTo(500);
    assertThat(e.periods()).isEqualTo(5);
  }

  @Test
  void standardErrorsMatchEachSmallSampleConvention() {
    assertSe(SmallSample.ALL_FIXED_EFFECTS, reference("twfe_se_cr1_k505"));
    assertSe(SmallSample.FIXEST, reference("twfe_se_cr1_k6"));
    assertSe(SmallSample.CLUSTERS_ONLY, reference("twfe_se_g_only"));
    assertSe(SmallSample.NONE, reference("twfe_se_unadjusted"));
  }

  private static void assertSe(SmallSample convention, double expected) {
    double se = Twfe.estimate(mpdta, convention, 0.95).se();
    assertThat(se).as(convention.name()).isCloseTo(expected, within(expected * 1e-8));
  }

  @Test
  void anUnbalancedPanelConvergesToTheDummyVariableSolution() {
    // drop some rows: the alternating projections must iterate to the exact answer, checked
    // against a direct least-squares fit with dummy columns
    List<DidPanel.Observation> rows = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    List<DidPanel.Observation> all = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      int cohort = u < 10 ? 2004 : u < 15 ? 2006 : 0;
      for (int t = 2002; t <= 2008; t++) {
        double y = u * 0.3 + t * 0.1 + (cohort > 0 && t >= cohort ? -1.5 : 0) + r.nextGaussian();
        all.add(new DidPanel.Observation("u" + u, t, y, cohort));
      }
    }
    for (DidPanel.Observation o : all) {
      if (r.nextDouble() > 0.15) {
        rows.add(o);
      }
    }
    DidEstimate e = Twfe.estimate(DidPanel.of(rows));
    assertThat(e.estimate()).isCloseTo(DummyOls.beta(rows), within(1e-9));
  }

  @Test
  void aPanelWithNoTreatedRowsIsAClearError() {
    List<DidPanel.Observation> rows =
        List.of(
            new DidPanel.Observation("a", 1, 1, 0),
            new DidPanel.Observation("a", 2, 2, 0),
            new DidPanel.Observation("b", 1, 1, 0),
            new DidPanel.Observation("b", 2, 3, 0));
    assertThatThrownBy(() -> Twfe.estimate(DidPanel.of(rows)))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("no unit is treated");
  }

  @Test
  void duplicatedRowsAndChangingCohortsNameTheUnit() {
    assertThatThrownBy(
            () ->
                DidPanel.of(
                    List.of(
                        new DidPanel.Observation("a", 1, 1, 0),
                        new DidPanel.Observation("a", 1, 2, 0))))
        .hasMessageContaining("unit a has more than one row for period 1");
    assertThatThrownBy(
            () ->
                DidPanel.of(
                    List.of(
                        new DidPanel.Observation("a", 1, 1, 0),
                        new DidPanel.Observation("a", 2, 2, 2))))
        .hasMessageContaining("unit a has cohort never in one row and 2 in another");
  }
}
