package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.evaluation.api.did.CallawaySantAnna.AttGt;
import vru.evaluation.api.did.CallawaySantAnna.Effect;
import vru.evaluation.api.did.CallawaySantAnna.Options;
import vru.evaluation.api.did.CallawaySantAnna.Result;

/**
 * The multiplier bootstrap: reproducible for a seed, SEs within 10% of the analytic ones with 999
 * draws, uniform critical values between 1.96 and 3.5. R's own bootstrap (a different random
 * stream) is a second yardstick.
 */
class BootstrapTest {
  static DidPanel mpdta;
  static Result analytic;
  static Result boot;

  @BeforeAll
  static void estimate() throws Exception {
    mpdta = DidPanel.of(Mpdta.rows());
    analytic = CallawaySantAnna.estimate(mpdta, Options.defaults());
    boot = CallawaySantAnna.estimate(mpdta, Options.defaults().withBootstrap(999, 1234));
  }

  @Test
  void theSameSeedGivesIdenticalOutputAndAnotherSeedDoesNot() {
    Result again = CallawaySantAnna.estimate(mpdta, Options.defaults().withBootstrap(999, 1234));
    assertThat(again.attGt()).isEqualTo(boot.attGt());
    assertThat(again.dynamic()).isEqualTo(boot.dynamic());
    assertThat(again.simple()).isEqualTo(boot.simple());
    assertThat(again.bootstrap()).isEqualTo(boot.bootstrap());
    Result other = CallawaySantAnna.estimate(mpdta, Options.defaults().withBootstrap(999, 99));
    assertThat(other.simple().se()).isNotEqualTo(boot.simple().se());
    assertThat(boot.bootstrap().seed()).isEqualTo(1234);
    assertThat(boot.bootstrap().draws()).isEqualTo(999);
  }

  @Test
  void pointEstimatesAreUnchangedAndStandardErrorsAreWithinTenPercentOfAnalytic() {
    for (int k = 0; k < analytic.attGt().size(); k++) {
      AttGt a = analytic.attGt().get(k);
      AttGt b = boot.attGt().get(k);
      assertThat(b.estimate()).isEqualTo(a.estimate());
      assertThat(b.se())
          .as("SE of ATT(%d,%d)", a.group(), a.time())
          .isCloseTo(a.se(), within(0.10 * a.se()));
    }
    assertWithinTenPercent(boot.simple(), analytic.simple());
    assertWithinTenPercent(boot.dynamicOverall(), analytic.dynamicOverall());
    assertWithinTenPercent(boot.groupOverall(), analytic.groupOverall());
    assertWithinTenPercent(boot.calendarOverall(), analytic.calendarOverall());
    for (int k = 0; k < analytic.group().size(); k++) {
      assertWithinTenPercent(boot.group().get(k), analytic.group().get(k));
    }
  }

  private static void assertWithinTenPercent(Effect b, Effect a) {
    assertThat(b.estimate()).isEqualTo(a.estimate());
    assertThat(b.se()).as("SE of " + a.key()).isCloseTo(a.se(), within(0.10 * a.se()));
  }

  @Test
  void uniformBandsAreWiderThanPointwiseAndTheirCriticalValuesArePlausible() {
    CallawaySantAnna.Bootstrap b = boot.bootstrap();
    for (double c : List.of(b.attGtCritical(), b.dynamicCritical(), b.groupCritical())) {
      assertThat(c).isBetween(1.96, 3.5);
    }
    for (Effect e : boot.dynamic()) {
      assertThat(e.ciUpper() - e.ciLower())
          .isCloseTo(2 * b.dynamicCritical() * e.se(), within(1e-12));
    }
    // the band over 12 cells is wider than over 3 groups
    assertThat(b.attGtCritical()).isGreaterThan(b.groupCritical());
  }

  @Test
  void bootstrapStandardErrorsAgreeWithRsWithinTheirOwnNoise() throws Exception {
    var ref = Mpdta.reference();
    for (AttGt a : boot.attGt()) {
      double r = ref.get("dr_never_varying_boot_seed1234/attgt/" + a.group() + "/" + a.time())[1];
      assertThat(a.se()).as("ATT(%d,%d)", a.group(), a.time()).isCloseTo(r, within(0.15 * r));
    }
  }

  @Test
  void quantilesAreRsTypeOne() {
    double[] x = {1, 2, 3, 4};
    assertThat(MultiplierBootstrap.quantile(x, 0.25)).isEqualTo(1);
    assertThat(MultiplierBootstrap.quantile(x, 0.26)).isEqualTo(2);
    assertThat(MultiplierBootstrap.quantile(x, 0.75)).isEqualTo(3);
    assertThat(MultiplierBootstrap.quantile(x, 0.95)).isEqualTo(4);
  }
}
