package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vru.evaluation.api.did.WildClusterBootstrap.Weights;

/** The restricted wild cluster bootstrap of the TWFE coefficient. */
class WildClusterBootstrapTest {
  /** mpdta with counties grouped into {@code g} clusters. */
  static DidPanel clustered(int g) throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>();
    for (DidPanel.Observation o : Mpdta.rows()) {
      rows.add(
          new DidPanel.Observation(
              o.unit(),
              o.time(),
              o.outcome(),
              o.cohort(),
              1,
              "c" + (Integer.parseInt(o.unit()) % g)));
    }
    return DidPanel.of(rows);
  }

  @Test
  void withManyClustersItAgreesWithTheAnalyticTest() throws Exception {
    // the bootstrap t is invariant to the small-sample factor, so with unit effects nested in the
    // clusters it reproduces the convention that does not count them (fixest's): measured with
    // 9,999 draws, p = 0.0062 to 0.0073 against 0.0061, limits within 0.02 SE
    DidPanel p = DidPanel.of(Mpdta.rows());
    DidEstimate t = Twfe.estimate(p, SmallSample.FIXEST, 0.95);
    WildClusterBootstrap.Result w =
        WildClusterBootstrap.run(
            p, SmallSample.ALL_FIXED_EFFECTS, Weights.RADEMACHER, 999, 7, 0.95);
    assertThat(w.pValue()).isCloseTo(t.pValue(), within(0.006));
    assertThat(w.ciLower()).isCloseTo(t.ciLower(), within(0.15 * t.se()));
    assertThat(w.ciUpper()).isCloseTo(t.ciUpper(), within(0.15 * t.se()));
    assertThat(w.enumerated()).isFalse();
    assertThat(w.seed()).isEqualTo(7L);
  }

  @Test
  void theSameSeedGivesTheSameAnswer() throws Exception {
    DidPanel p = clustered(12);
    WildClusterBootstrap.Result a =
        WildClusterBootstrap.run(p, SmallSample.ALL_FIXED_EFFECTS, Weights.WEBB, 999, 3, 0.95);
    WildClusterBootstrap.Result b =
        WildClusterBootstrap.run(p, SmallSample.ALL_FIXED_EFFECTS, Weights.WEBB, 999, 3, 0.95);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void withFewClustersRademacherPatternsAreEnumeratedAndNeedNoSeed() throws Exception {
    DidPanel p = clustered(8);
    WildClusterBootstrap.Result a =
        WildClusterBootstrap.run(
            p, SmallSample.ALL_FIXED_EFFECTS, Weights.RADEMACHER, 999, 1, 0.95);
    WildClusterBootstrap.Result b =
        WildClusterBootstrap.run(
            p, SmallSample.ALL_FIXED_EFFECTS, Weights.RADEMACHER, 999, 2, 0.95);
    assertThat(a.enumerated()).isTrue();
    assertThat(a.draws()).isEqualTo(256);
    assertThat(a).isEqualTo(b);
    // with 8 clusters the p-value can only be a multiple of 1/256
    assertThat(a.pValue() * 256).isCloseTo(Math.rint(a.pValue() * 256), within(1e-9));
  }

  @Test
  void theIntervalIsTheSetOfUnrejectedValues() throws Exception {
    DidPanel p = clustered(12);
    DidEstimate t = Twfe.estimate(p);
    WildClusterBootstrap.Result w =
        WildClusterBootstrap.run(p, SmallSample.ALL_FIXED_EFFECTS, Weights.WEBB, 1999, 5, 0.95);
    assertThat(w.ciLower()).isLessThan(t.estimate());
    assertThat(w.ciUpper()).isGreaterThan(t.estimate());
    Twfe.Fit fit = Twfe.fit(p, SmallSample.ALL_FIXED_EFFECTS);
    // rebuild the same draws to probe the p-value just inside and outside the limits
    assertThat(w.pValue() < 0.05).isEqualTo(w.ciLower() > 0 || w.ciUpper() < 0);
    assertThat(fit.beta()).isEqualTo(t.estimate());
  }
}
