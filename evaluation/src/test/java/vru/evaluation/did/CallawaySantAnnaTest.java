package vru.evaluation.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.evaluation.did.CallawaySantAnna.Control;
import vru.evaluation.did.CallawaySantAnna.Effect;
import vru.evaluation.did.CallawaySantAnna.Result;

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
  void anUnbalancedPanelIsAClearErrorNamingTheUnit() throws Exception {
    List<DidPanel.Observation> rows = new ArrayList<>(Mpdta.rows());
    rows.remove(0);
    assertThatThrownBy(() -> CallawaySantAnna.estimate(DidPanel.of(rows), Control.NEVER_TREATED))
        .hasMessageContaining("unit 8001 has no row for period 2003")
        .hasMessageContaining("balanced panel");
  }
}
