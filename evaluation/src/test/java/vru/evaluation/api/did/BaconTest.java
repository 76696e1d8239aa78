package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Goodman-Bacon decomposition on mpdta against R (bacondecomp): 1e-8. */
class BaconTest {
  @Test
  void weightsSumToOneReproduceTwfeAndMatchTheLaterVsEarlierShare() throws Exception {
    DidPanel p = DidPanel.of(Mpdta.rows());
    Bacon.Result r = Bacon.decompose(p);
    double sumW = r.comparisons().stream().mapToDouble(Bacon.Comparison::weight).sum();
    double sumWb = r.comparisons().stream().mapToDouble(c -> c.weight() * c.estimate()).sum();
    assertThat(sumW).isCloseTo(1, within(1e-10));
    double beta = -0.036548936674;
    assertThat(sumWb).isCloseTo(beta, within(Math.abs(beta) * 1e-8));
    assertThat(r.twfe()).isCloseTo(beta, within(Math.abs(beta) * 1e-8));
    double later = r.byType().get(Bacon.LATER_VS_EARLIER)[0];
    assertThat(later).isCloseTo(0.0539242282, within(0.0539242282 * 1e-8));
    // 3 timing groups: 3 vs never, 3 earlier-vs-later and 3 later-vs-earlier
    assertThat(r.comparisons()).hasSize(9);
    assertThat(r.comparisons())
        .filteredOn(c -> c.type().equals(Bacon.TREATED_VS_NEVER))
        .extracting(Bacon.Comparison::treated)
        .containsExactly("cohort 2004", "cohort 2006", "cohort 2007");
  }

  @Test
  void alwaysTreatedUnitsServeOnlyAsControls() throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>(Mpdta.rows());
    for (int u = 0; u < 5; u++) {
      for (int t = 2003; t <= 2007; t++) {
        rows.add(new DidPanel.Observation("always" + u, t, 5 + 0.1 * u + 0.02 * (t - 2003), 2003));
      }
    }
    DidPanel p = DidPanel.of(rows);
    Bacon.Result r = Bacon.decompose(p);
    assertThat(r.byType()).containsKey(Bacon.LATER_VS_ALWAYS);
    assertThat(r.twfe()).isCloseTo(Twfe.estimate(p).estimate(), within(1e-12));
  }

  @Test
  void anUnbalancedPanelIsAClearError() throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>(Mpdta.rows());
    rows.remove(3);
    assertThatThrownBy(() -> Bacon.decompose(DidPanel.of(rows)))
        .hasMessageContaining("balanced panel");
  }
}
