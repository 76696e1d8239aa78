package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import vru.metrics.stats.Dsr;

/**
 * A population published with one band of 85 and over (the West Sussex LSOA table) is standardised
 * with the ESP2013 85-89 and 90+ weights added together and the events of both bands merged, as
 * Fingertips does for such populations; one with 85-89 and 90+ apart is standardised over 19 bands.
 */
class OpenTopBandTest {
  static final int BANDS = Populations.BANDS;

  /** One month of events: band b has b + 1 events, 90+ has 4, none of unknown age. */
  static long[][] events() {
    long[][] monthly = new long[1][BANDS + 1];
    for (int b = 0; b < BANDS; b++) {
      monthly[0][b] = b + 1;
    }
    monthly[0][BANDS - 1] = 4;
    return monthly;
  }

  static double[] population() {
    double[] pop = new double[BANDS];
    for (int b = 0; b < BANDS; b++) {
      pop[b] = 10_000 + 500 * b;
    }
    return pop;
  }

  /** The rate written out: Σ w·c/p over Σ w, per 100,000. */
  static double byHand(long[] c, double[] p, double[] w) {
    double sum = 0;
    double sw = 0;
    for (int b = 0; b < c.length; b++) {
      sum += w[b] * c[b] / p[b];
      sw += w[b];
    }
    return 100_000 * sum / sw;
  }

  @Test
  void anOpenEightyFivePlusBandMergesTheLastTwoBandsOfEventsAndWeights() {
    double[] pop = population();
    // 85 and over in the 85-89 slot, nothing in 90+
    pop[BANDS - 2] = 7_000;
    pop[BANDS - 1] = 0;
    PanelBuilder.Standardised s = PanelBuilder.dsr(100_000, events(), 0, 0, pop, 0, 190, true);

    long[] c = new long[BANDS - 1];
    double[] p = new double[BANDS - 1];
    double[] w = new double[BANDS - 1];
    for (int b = 0; b < BANDS - 1; b++) {
      c[b] = events()[0][b];
      p[b] = pop[b];
      w[b] = Dsr.ESP2013[b];
    }
    c[BANDS - 2] += 4; // the 90+ events join 85-89
    w[BANDS - 2] += Dsr.ESP2013[BANDS - 1]; // 1,500 + 1,000 for 85 and over
    assertThat(w[BANDS - 2]).isEqualTo(2_500);
    assertThat(s.missingReason()).isEmpty();
    assertThat(s.dsr().orElseThrow().value()).isCloseTo(byHand(c, p, w), within(1e-9));
    assertThat(s.dsr().orElseThrow().count()).isEqualTo(sum(c));
  }

  @Test
  void withoutTheOpenBandAnEmptyNinetyPlusIsAMissingValueNotAGuess() {
    double[] pop = population();
    pop[BANDS - 1] = 0;
    PanelBuilder.Standardised s = PanelBuilder.dsr(100_000, events(), 0, 0, pop, 0, 190, false);
    assertThat(s.dsr()).isEmpty();
    assertThat(s.missingReason()).contains("no population in age band 90+");

    double[] full = population();
    PanelBuilder.Standardised all = PanelBuilder.dsr(100_000, events(), 0, 0, full, 0, 190, false);
    assertThat(all.dsr().orElseThrow().value())
        .isCloseTo(byHand(first(BANDS), full, Dsr.ESP2013), within(1e-9));
  }

  static long sum(long[] c) {
    long s = 0;
    for (long x : c) {
      s += x;
    }
    return s;
  }

  /** The first {@code n} bands of the events, without the unknown age. */
  static long[] first(int n) {
    return java.util.Arrays.copyOf(events()[0], n);
  }
}
