package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.evaluation.api.did.CallawaySantAnna.Control;
import vru.evaluation.api.did.CallawaySantAnna.Effect;
import vru.evaluation.api.did.CallawaySantAnna.Options;
import vru.evaluation.api.did.CallawaySantAnna.Result;

/** Callaway–Sant'Anna on mpdta against R did 2.5.1: estimates and analytic SEs to 1e-8 relative. */
class CallawaySantAnnaTest {
  static final String NEVER = "dr_never_varying_analytic";
  static final String NOT_YET = "dr_notyet_varying_analytic";
  static DidPanel mpdta;
  static Map<String, double[]> ref;
  static Result never;
  static Result notYet;

  @BeforeAll
  static void estimate() throws Exception {
    mpdta = DidPanel.of(Mpdta.rows());
    ref = Mpdta.reference();
    never = CallawaySantAnna.estimate(mpdta, Control.NEVER_TREATED);
    notYet = CallawaySantAnna.estimate(mpdta, Control.NOT_YET_TREATED);
  }

  static void assertMatches(String what, double actual, double expected) {
    assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * 1e-8 + 1e-14));
  }

  static void assertEffect(String spec, String kind, String key, Effect e) {
    double[] r = ref.get(spec + "/" + kind + "/" + key + "/");
    assertThat(r).as(kind + " " + key).isNotNull();
    assertMatches(kind + " " + key + " estimate", e.estimate(), r[0]);
    assertMatches(kind + " " + key + " SE", e.se(), r[1]);
  }

  @Test
  void everyGroupTimeEffectAndItsStandardErrorMatchR() {
    assertThat(never.attGt()).hasSize(12);
    for (CallawaySantAnna.AttGt a : never.attGt()) {
      double[] r = ref.get(NEVER + "/attgt/" + a.group() + "/" + a.time());
      assertMatches("ATT(" + a.group() + "," + a.time() + ")", a.estimate(), r[0]);
      assertMatches("SE(" + a.group() + "," + a.time() + ")", a.se(), r[1]);
    }
  }

  @Test
  void aggregationsMatchR() {
    assertEffect(NEVER, "simple_overall", "NA", never.simple());
    assertEffect(NEVER, "dynamic_overall", "NA", never.dynamicOverall());
    assertEffect(NEVER, "group_overall", "NA", never.groupOverall());
    assertEffect(NEVER, "calendar_overall", "NA", never.calendarOverall());
    for (Effect e : never.dynamic()) {
      assertEffect(NEVER, "dynamic_egt", e.key(), e);
    }
    for (Effect e : never.group()) {
      assertEffect(NEVER, "group_egt", e.key(), e);
    }
    for (Effect e : never.calendar()) {
      assertEffect(NEVER, "calendar_egt", e.key(), e);
    }
    assertThat(never.dynamic())
        .extracting(Effect::key)
        .containsExactly("-3", "-2", "-1", "0", "1", "2", "3");
  }

  @Test
  void theWaldPreTestMatchesR() {
    assertMatches("W", never.waldStatistic(), 7.7912366272);
    assertThat(never.waldDf()).isEqualTo(5);
    assertThat(never.waldP()).isCloseTo(0.16812, within(5e-6));
  }

  @Test
  void theNotYetTreatedComparisonMatchesR() {
    for (CallawaySantAnna.AttGt a : notYet.attGt()) {
      double[] r = ref.get(NOT_YET + "/attgt/" + a.group() + "/" + a.time());
      assertMatches("ATT(" + a.group() + "," + a.time() + ")", a.estimate(), r[0]);
      assertMatches("SE(" + a.group() + "," + a.time() + ")", a.se(), r[1]);
    }
    assertEffect(NOT_YET, "simple_overall", "NA", notYet.simple());
  }

  @Test
  void unitsTreatedBeforeThePanelAreDroppedAndSaidSo() throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>(Mpdta.rows());
    for (int t = 2003; t <= 2007; t++) {
      rows.add(new DidPanel.Observation("early", t, 8.0 + 0.01 * t, 2003));
    }
    Result r = CallawaySantAnna.estimate(DidPanel.of(rows), Control.NEVER_TREATED);
    assertThat(r.excluded())
        .anyMatch(
            s -> s.contains("first treated in or before the first period") && s.contains("early"));
    assertMatches("simple unchanged", r.simple().estimate(), never.simple().estimate());
  }

  @Test
  void universalBasePeriodMatchesR() {
    String spec = "dr_never_universal_analytic";
    Result r =
        CallawaySantAnna.estimate(
            mpdta, Options.defaults().withBasePeriod(CallawaySantAnna.BasePeriod.UNIVERSAL));
    assertThat(r.attGt()).hasSize(15);
    for (CallawaySantAnna.AttGt a : r.attGt()) {
      double[] e = ref.get(spec + "/attgt/" + a.group() + "/" + a.time());
      assertMatches("ATT(" + a.group() + "," + a.time() + ")", a.estimate(), e[0]);
      if (Double.isNaN(e[1])) {
        assertThat(a.se()).as("reference cell has no SE").isNaN();
      } else {
        assertMatches("SE(" + a.group() + "," + a.time() + ")", a.se(), e[1]);
      }
    }
    assertEffect(spec, "dynamic_overall", "NA", r.dynamicOverall());
    assertThat(r.dynamic()).extracting(Effect::key).contains("-4", "-1", "3");
    for (Effect e : r.dynamic()) {
      double[] x = ref.get(spec + "/dynamic_egt/" + e.key() + "/");
      assertMatches("e=" + e.key(), e.estimate(), x[0]);
      if (Double.isNaN(x[1])) {
        assertThat(e.se()).isNaN();
      } else {
        assertMatches("SE e=" + e.key(), e.se(), x[1]);
      }
    }
  }

  @Test
  void anticipationMatchesR() {
    String spec = "dr_never_varying_antic1_analytic";
    Result r = CallawaySantAnna.estimate(mpdta, Options.defaults().withAnticipation(1));
    assertThat(r.attGt()).hasSize(8);
    for (CallawaySantAnna.AttGt a : r.attGt()) {
      double[] e = ref.get(spec + "/attgt/" + a.group() + "/" + a.time());
      assertMatches("ATT(" + a.group() + "," + a.time() + ")", a.estimate(), e[0]);
      assertMatches("SE(" + a.group() + "," + a.time() + ")", a.se(), e[1]);
    }
    assertEffect(spec, "simple_overall", "NA", r.simple());
    assertThat(r.excluded()).anyMatch(s -> s.contains("cohort 2004") && s.contains("anticipation"));
  }

  @Test
  void balancedEventTimesMatchR() {
    String spec = "dr_never_varying_analytic_balance_e1";
    Result r = CallawaySantAnna.estimate(mpdta, Options.defaults().withEventWindow(1, null, null));
    assertThat(r.dynamic()).extracting(Effect::key).containsExactly("-2", "-1", "0", "1");
    for (Effect e : r.dynamic()) {
      assertEffect(spec, "dynamic_egt", e.key(), e);
    }
    assertEffect(spec, "dynamic_overall", "NA", r.dynamicOverall());
  }

  @Test
  void anUnbalancedPanelUsesPairwiseCompleteUnitsAndSaysSo() throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>(Mpdta.rows());
    rows.remove(0);
    Result r = CallawaySantAnna.estimate(DidPanel.of(rows), Control.NEVER_TREATED);
    assertThat(r.excluded()).anyMatch(s -> s.contains("8001 2003") && s.contains("unbalanced"));
    assertThat(r.simple().estimate()).isCloseTo(never.simple().estimate(), within(2e-3));
    assertThat(r.simple().se()).isCloseTo(never.simple().se(), within(1e-3));
    for (CallawaySantAnna.AttGt a : r.attGt()) {
      assertThat(a.estimate()).isFinite();
      assertThat(a.se()).isFinite();
    }
  }

  @Test
  void aCohortOfOneUnitIsAClearError() throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>(Mpdta.rows());
    for (int t = 2003; t <= 2007; t++) {
      rows.add(new DidPanel.Observation("lonely", t, 8.0, 2005));
    }
    assertThatThrownBy(() -> CallawaySantAnna.estimate(DidPanel.of(rows), Control.NEVER_TREATED))
        .hasMessageContaining("cohort 2005 has only 1 unit")
        .hasMessageContaining("Options");
  }

  @Test
  void noNeverTreatedUnitsIsAClearErrorThatNamesTheAlternative() throws Exception {
    List<DidPanel.Observation> rows = Mpdta.rows().stream().filter(o -> o.cohort() != 0).toList();
    assertThatThrownBy(() -> CallawaySantAnna.estimate(DidPanel.of(rows), Control.NEVER_TREATED))
        .hasMessageContaining("no never-treated units")
        .hasMessageContaining("not-yet-treated");
  }
}
