package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synthetic difference-in-differences, synthetic control and difference-in-differences on
 * Proposition 99 against R synthdid (master 70c1ce3): estimates to 1e-6 relative, every unit and
 * time weight to 1e-6 absolute.
 */
class SynthDidTest {
  static Prop99 p;
  static Map<String, Double> reference;

  @BeforeAll
  static void load() throws Exception {
    p = Prop99.load();
    reference = Prop99.column("california_prop99_synthdid_reference.csv");
  }

  @Test
  void thePanelIsThePackagesBlock() {
    assertThat(p.n0).isEqualTo(38);
    assertThat(p.y).hasNumberOfRows(39);
    assertThat(p.years.get(p.t0)).isEqualTo(1989);
  }

  @Test
  void synthdidMatchesRToOneInAMillion() throws Exception {
    SynthDid.Fit f = SynthDid.estimate(p.y, p.n0, p.t0, SynthDid.Kind.SDID);
    double r = reference.get("sdid");
    assertThat(f.estimate()).isCloseTo(r, within(Math.abs(r) * 1e-6));
    weights(f.omega(), p.units, "california_prop99_sdid_unit_weights.csv");
    weights(
        f.lambda(),
        p.years.stream().map(String::valueOf).toList(),
        "california_prop99_sdid_time_weights.csv");
  }

  @Test
  void syntheticControlMatchesR() throws Exception {
    SynthDid.Fit f = SynthDid.estimate(p.y, p.n0, p.t0, SynthDid.Kind.SC);
    double r = reference.get("sc");
    assertThat(f.estimate()).isCloseTo(r, within(Math.abs(r) * 1e-6));
    weights(f.omega(), p.units, "california_prop99_sc_unit_weights.csv");
    assertThat(f.lambda()).containsOnly(0.0);
  }

  @Test
  void differenceInDifferencesMatchesR() {
    SynthDid.Fit f = SynthDid.estimate(p.y, p.n0, p.t0, SynthDid.Kind.DID);
    double r = reference.get("did");
    assertThat(f.estimate()).isCloseTo(r, within(Math.abs(r) * 1e-6));
  }

  static void weights(double[] got, java.util.List<String> names, String file) throws Exception {
    Map<String, Double> want = Prop99.column(file);
    assertThat(want).hasSize(got.length);
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as(names.get(i)).isCloseTo(want.get(names.get(i)), within(1e-6));
    }
  }

  @org.junit.jupiter.api.RepeatedTest(5)
  void weightsAreOnTheSimplexAndUniformWeightsGiveDifferenceInDifferences(
      org.junit.jupiter.api.RepetitionInfo info) {
    double[][] y = noEffectPanel(new java.util.Random(info.getCurrentRepetition()), 25, 3, 12, 4);
    for (SynthDid.Kind kind : SynthDid.Kind.values()) {
      SynthDid.Fit f = SynthDid.estimate(y, 25, 12, kind);
      assertThat(java.util.Arrays.stream(f.omega()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
      assertThat(java.util.Arrays.stream(f.omega()).sum()).isCloseTo(1, within(1e-12));
      if (kind != SynthDid.Kind.SC) {
        assertThat(java.util.Arrays.stream(f.lambda()).min().orElseThrow())
            .isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(f.lambda()).sum()).isCloseTo(1, within(1e-12));
      }
    }
    double uniform = SynthDid.estimate(y, 25, 12, 3, 4, SynthDid.uniform(25), SynthDid.uniform(12));
    assertThat(uniform)
        .isCloseTo(SynthDid.estimate(y, 25, 12, SynthDid.Kind.DID).estimate(), within(1e-12));
  }

  @Test
  void thePlaceboDistributionIsCentredOnZeroWithoutAnEffectAndSeeded() {
    double[][] y = noEffectPanel(new java.util.Random(3), 30, 1, 15, 5);
    SynthDid.Fit f = SynthDid.estimate(y, 30, 15, SynthDid.Kind.SDID);
    double[] placebo = SynthDidInference.placebo(y, 30, 15, f, 200, 42);
    double mean = java.util.Arrays.stream(placebo).average().orElseThrow();
    double se = SynthDidInference.replicateSe(placebo);
    assertThat(Math.abs(mean)).isLessThan(3 * se / Math.sqrt(200));
    assertThat(SynthDidInference.placebo(y, 30, 15, f, 200, 42)).containsExactly(placebo);
    // one treated unit: no jackknife; the permutation p-value is a share of 31 units
    assertThat(SynthDidInference.jackknife(y, 30, 15, f)).isNaN();
    SynthDidInference.Permutation perm = SynthDidInference.permutation(y, 30, 15, f);
    assertThat(perm.p() * 31).isCloseTo(Math.round(perm.p() * 31), within(1e-9));
    assertThat(perm.p()).isGreaterThan(0.05);
  }

  @Test
  void anEffectOnTheTreatedUnitIsFoundByEveryTest() throws Exception {
    SynthDid.Fit f = SynthDid.estimate(p.y, p.n0, p.t0, SynthDid.Kind.SDID);
    double se =
        SynthDidInference.replicateSe(SynthDidInference.placebo(p.y, p.n0, p.t0, f, 200, 1));
    // synthdid's paper reports a placebo SE of about 10 for Proposition 99
    assertThat(se).isBetween(5.0, 15.0);
    SynthDidInference.Permutation perm = SynthDidInference.permutation(p.y, p.n0, p.t0, f);
    assertThat(perm.p()).isLessThanOrEqualTo(3.0 / 39);
  }

  /** Unit and time effects and noise, no treatment effect; treated units last. */
  static double[][] noEffectPanel(java.util.Random rnd, int n0, int n1, int t0, int t1) {
    double[][] y = new double[n0 + n1][t0 + t1];
    double[] time = new double[t0 + t1];
    for (int t = 0; t < time.length; t++) {
      time[t] = 0.5 * t + rnd.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      double unit = 10 * rnd.nextDouble();
      for (int t = 0; t < time.length; t++) {
        y[i][t] = unit + time[t] + rnd.nextGaussian();
      }
    }
    return y;
  }
}
