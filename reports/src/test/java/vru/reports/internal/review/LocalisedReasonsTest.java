package vru.reports.internal.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.evaluation.api.toc.TocAssessor;
import vru.evaluation.api.toc.TocModel;
import vru.reports.AnnualReviewTest;
import vru.reports.api.Language;

/**
 * The theory-of-change reasons and the evaluation's warnings are stored in English with the
 * assessment and the estimate; the review words them in its own language from their numbers.
 */
class LocalisedReasonsTest {
  @TempDir Path dir;

  /** The demo's homicide case: a measure that should fall has risen, within chance. */
  private static final TocAssessor.IndicatorStatus ROSE =
      new TocAssessor.IndicatorStatus(
          "fewer-homicides",
          "homicides",
          "homicide",
          TocModel.Direction.DECREASE,
          2018,
          1.72,
          2024,
          1.99,
          1.60,
          2.40,
          0.27,
          1.157,
          0.85,
          1.57,
          1.50,
          2026,
          1.65,
          TocAssessor.Status.OFF_TRACK,
          "1.99 in FY2024/25 …",
          Optional.of(false));

  private TocSection toc(Language language) {
    return new TocSection(
        Review.of(AnnualReviewTest.request(List.of(Language.EN, Language.CY), dir), language));
  }

  @Test
  void aTheoryOfChangeReasonIsWordedInTheReviewsLanguageFromItsNumbers() {
    assertThat(toc(Language.EN).reason(ROSE))
        .isEqualTo(
            "1.99 in 2024/25 (95% CI 1.60 to 2.40); it has risen since the baseline 1.72, though"
                + " within what chance explains, away from the target 1.50 by 2026/27");
    assertThat(toc(Language.CY).reason(ROSE))
        .isEqualTo(
            "1.99 yn 2024/25 (CH 95% 1.60 i 2.40); mae wedi codi ers y sylfaen 1.72, er ei fod o"
                + " fewn yr hyn y mae siawns yn ei esbonio, i ffwrdd o'r targed 1.50 erbyn 2026/27");
    TocAssessor.IndicatorStatus onTrack =
        new TocAssessor.IndicatorStatus(
            "n",
            "i",
            "d",
            TocModel.Direction.DECREASE,
            2018,
            1.72,
            2024,
            1.55,
            1.2,
            1.9,
            -0.17,
            0.9,
            0.7,
            1.2,
            1.50,
            2026,
            1.56,
            TocAssessor.Status.ON_TRACK,
            "",
            Optional.of(true));
    assertThat(toc(Language.CY).reason(onTrack))
        .contains("mae'r llinell o'r sylfaen 1.72 i'r targed 1.50 erbyn 2026/27 ar 1.56")
        .endsWith("ac mae'r gwerth yn well na hynny");
    TocAssessor.IndicatorStatus none =
        new TocAssessor.IndicatorStatus(
            "n",
            "i",
            "d",
            TocModel.Direction.INCREASE,
            2018,
            Double.NaN,
            2024,
            3,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            5,
            2026,
            Double.NaN,
            TocAssessor.Status.INSUFFICIENT_DATA,
            "",
            Optional.empty());
    assertThat(toc(Language.CY).reason(none))
        .isEqualTo("dim gwerth ar gyfer blwyddyn sylfaen 2018/19 yn y data, a dim un wedi'i roi");
  }

  @Test
  void anEvaluationWarningIsWordedInTheReviewsLanguage() {
    ImpactSection cy =
        new ImpactSection(
            Review.of(AnnualReviewTest.request(List.of(Language.CY), dir), Language.CY));
    assertThat(
            cy.warning(
                "the permutation test does not confirm it: 3 of 24 areas change as much relative"
                    + " to their fit before the start."))
        .isEqualTo(
            "nid yw'r prawf trynewid yn ei gadarnhau: mae 3 o 24 ardal yn newid cymaint o'i"
                + " gymharu â'u ffit cyn y dechrau.");
    assertThat(cy.warning("autocorrelation is left in the residuals (Durbin-Watson 1.21)."))
        .isEqualTo("mae awtocydberthyniad ar ôl yn y gweddillion (Durbin-Watson 1.21).");
    assertThat(cy.warning("something new")).isEqualTo("something new");
  }

  @Test
  void aMissingValuesCommonReasonsAreWordedInWelshAndAnyOtherIsGivenAsStored() {
    vru.reports.internal.Text cy =
        Review.of(AnnualReviewTest.request(List.of(Language.EN, Language.CY), dir), Language.CY)
            .text();
    vru.reports.internal.Text en =
        Review.of(AnnualReviewTest.request(List.of(Language.EN, Language.CY), dir), Language.EN)
            .text();
    String suppressed = "incomplete: 1 cell suppressed by the provider; the count is at least 1330";
    assertThat(MissingReasons.word(en, suppressed)).isEmpty();
    assertThat(MissingReasons.word(cy, suppressed))
        .hasValue("anghyflawn: cuddiodd y darparwr 1 cell; mae'r cyfrif o leiaf 1,330");
    assertThat(
            MissingReasons.word(
                cy,
                "incomplete: 5 of its 7 local authorities (Coventry, Dudley, Sandwell and 2 more)"
                    + " have no data in the aggregate_counts table for this period"))
        .hasValue(
            "anghyflawn: nid oes gan 5 o'i 7 awdurdod lleol (Coventry, Dudley, Sandwell and 2"
                + " more) ddata yn y tabl aggregate_counts ar gyfer y cyfnod hwn");
    assertThat(
            MissingReasons.word(
                cy,
                "no data: Metropolitan Police has no data in the police_uk_street table for this period"))
        .hasValue(
            "dim data: nid oes gan Metropolitan Police ddata yn y tabl police_uk_street ar gyfer y"
                + " cyfnod hwn");
    assertThat(
            MissingReasons.word(
                cy, "no population estimate for this area for mid-2024 or any earlier year"))
        .hasValue(
            "dim amcangyfrif poblogaeth ar gyfer yr ardal hon ar gyfer canol 2024 nac unrhyw"
                + " flwyddyn gynharach");
    assertThat(
            MissingReasons.word(
                cy, "not published by Fingertips (Value for Hackney and City of London combined)"))
        .hasValue(
            "heb ei gyhoeddi gan Fingertips (ei nodyn, yn Saesneg: Value for Hackney and City of"
                + " London combined)");
    // a reason of another form: as stored, which the sentence labels as English
    assertThat(MissingReasons.word(cy, "fewer than 10 events with a known age")).isEmpty();
  }
}
