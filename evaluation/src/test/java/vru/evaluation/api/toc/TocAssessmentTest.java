package vru.evaluation.api.toc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vru.evaluation.api.toc.IndicatorData.Point;
import vru.evaluation.api.toc.TocAssessor.IndicatorStatus;
import vru.evaluation.api.toc.TocAssessor.Status;
import vru.evaluation.api.toc.TocModel.Direction;
import vru.evaluation.api.toc.TocModel.Indicator;
import vru.evaluation.api.toc.TocModel.MeasureBinding;

/** The status rules on constructed series. */
class TocAssessmentTest {
  /** Baseline 100 in 2018, target 80 by 2026 (decrease): the line falls 2.5 a year. */
  static Indicator decrease(Optional<Double> target, Optional<Double> change) {
    return new Indicator(
        "i",
        "n",
        Optional.of(new MeasureBinding("knife_crime", "all", "partnership")),
        Optional.empty(),
        2018,
        Optional.empty(),
        target,
        change,
        2026,
        Direction.DECREASE,
        1);
  }

  static List<Point> series(double latest, double halfWidth, int latestYear) {
    List<Point> s = new ArrayList<>();
    s.add(new Point(2018, 100, 90, 110, 400, 400_000));
    s.add(
        new Point(
            latestYear,
            latest,
            latest - halfWidth,
            latest + halfWidth,
            Math.round(latest * 4),
            400_000));
    return s;
  }

  @Test
  void metOnTrackAndOffTrackFollowTheStraightLine() {
    Indicator i = decrease(Optional.of(80.0), Optional.empty());
    // in 2022 the line is at 90
    IndicatorStatus met = TocAssessor.indicator(i, series(74, 5, 2022));
    assertThat(met.status()).isEqualTo(Status.MET);
    // at the target, but the interval (74 to 84) reaches back across 80
    IndicatorStatus close = TocAssessor.indicator(i, series(79, 5, 2022));
    assertThat(close.status()).isEqualTo(Status.NOT_DISTINGUISHABLE);
    assertThat(close.reason()).contains("reaches back across");
    IndicatorStatus better = TocAssessor.indicator(i, series(88, 5, 2022));
    assertThat(better.status()).isEqualTo(Status.ON_TRACK);
    assertThat(better.expected()).isCloseTo(90, within(1e-12));
    assertThat(better.reason()).contains("better than that");
    IndicatorStatus withinCi = TocAssessor.indicator(i, series(93, 5, 2022));
    assertThat(withinCi.status()).isEqualTo(Status.ON_TRACK);
    assertThat(withinCi.reason()).contains("within the interval");
    IndicatorStatus off = TocAssessor.indicator(i, series(97, 5, 2022));
    assertThat(off.status()).isEqualTo(Status.OFF_TRACK);
    assertThat(off.improving()).contains(true);
    IndicatorStatus late = TocAssessor.indicator(i, series(85, 5, 2026));
    assertThat(late.status()).isEqualTo(Status.OFF_TRACK);
    assertThat(late.reason()).contains("target year has come");
  }

  @Test
  void aMeasureThatShouldFallIsNeverOnTrackOrMetWhileItHasRisen() {
    // the demo's homicides: 1.72 per million in 2018/19, 1.99 (0.7 to 4.3) in 2023/24; the line
    // to a 10% fall by 2028/29 lies inside that wide interval, which used to read "on track"
    Indicator i =
        new Indicator(
            "homicide-rate",
            "n",
            Optional.of(new TocModel.MeasureBinding("homicide", "all", "partnership")),
            Optional.empty(),
            2018,
            Optional.empty(),
            Optional.empty(),
            Optional.of(-0.1),
            2028,
            Direction.DECREASE,
            1);
    List<Point> s =
        List.of(
            new Point(2018, 1.72, 0.6, 3.7, 5, 2_900_000),
            new Point(2023, 1.99, 0.7, 4.3, 6, 3_010_000));
    IndicatorStatus h = TocAssessor.indicator(i, s);
    assertThat(h.status()).isEqualTo(Status.OFF_TRACK);
    assertThat(h.improving()).contains(false);
    assertThat(h.reason()).contains("risen since the baseline", "within what chance explains");
    // a rise beyond chance says so
    List<Point> big =
        List.of(
            new Point(2018, 10, 9.4, 10.6, 1_000, 100_000),
            new Point(2023, 12, 11.3, 12.7, 1_200, 100_000));
    assertThat(TocAssessor.indicator(i, big).reason()).contains("beyond what chance explains");
    // a count of people is what happened: no interval, so reaching the target is met
    Indicator starts =
        new Indicator(
            "starts",
            "n",
            Optional.empty(),
            Optional.of(new TocModel.ProgrammeBinding("mentoring", "starts")),
            2019,
            Optional.empty(),
            Optional.of(300.0),
            Optional.empty(),
            2026,
            Direction.INCREASE,
            1);
    List<Point> counts =
        List.of(
            new Point(2019, 200, Double.NaN, Double.NaN, -1, Double.NaN),
            new Point(2024, 301, Double.NaN, Double.NaN, -1, Double.NaN));
    assertThat(TocAssessor.indicator(starts, counts).status()).isEqualTo(Status.MET);
  }

  @Test
  void aRelativeTargetIsTakenFromTheBaselineAndTheChangeHasARateRatioInterval() {
    Indicator i = decrease(Optional.empty(), Optional.of(-0.2));
    IndicatorStatus s = TocAssessor.indicator(i, series(90, 5, 2022));
    assertThat(s.target()).isCloseTo(80, within(1e-12));
    assertThat(s.ratio()).isCloseTo(0.9, within(1e-12));
    // counts 360 vs 400 on equal denominators: exp(log 0.9 ± 1.96 √(1/360 + 1/400))
    double se = Math.sqrt(1.0 / 360 + 1.0 / 400);
    assertThat(s.ratioLower()).isCloseTo(0.9 * Math.exp(-1.959963984540054 * se), within(1e-9));
    assertThat(s.ratioUpper()).isCloseTo(0.9 * Math.exp(1.959963984540054 * se), within(1e-9));
    assertThat(s.difference()).isCloseTo(-10, within(1e-12));
  }

  @Test
  void withoutABaselineOrALaterYearTheDataAreInsufficient() {
    Indicator i = decrease(Optional.of(80.0), Optional.empty());
    assertThat(TocAssessor.indicator(i, List.of()).status()).isEqualTo(Status.INSUFFICIENT_DATA);
    List<Point> noBase = List.of(new Point(2020, 90, 85, 95, 360, 400_000));
    IndicatorStatus s = TocAssessor.indicator(i, noBase);
    assertThat(s.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(s.reason()).contains("no value for the baseline year FY2018/19");
    List<Point> onlyBase = List.of(new Point(2018, 100, 90, 110, 400, 400_000));
    assertThat(TocAssessor.indicator(i, onlyBase).reason()).contains("no year after the baseline");
  }

  @Test
  void costsWithoutAnIntervalAreOnTrackOnlyAtOrBetterThanTheLine() {
    Indicator up =
        new Indicator(
            "cost",
            "n",
            Optional.empty(),
            Optional.of(new TocModel.ProgrammeBinding("mentoring", "cost_gbp")),
            2019,
            Optional.of(1000.0),
            Optional.of(2000.0),
            Optional.empty(),
            2029,
            Direction.INCREASE,
            1);
    List<Point> s = List.of(new Point(2024, 1490, Double.NaN, Double.NaN, -1, Double.NaN));
    assertThat(TocAssessor.indicator(up, s).status()).isEqualTo(Status.OFF_TRACK);
    List<Point> t = List.of(new Point(2024, 1500, Double.NaN, Double.NaN, -1, Double.NaN));
    assertThat(TocAssessor.indicator(up, t).status()).isEqualTo(Status.ON_TRACK);
  }

  @Test
  void linksAreConsistentWhenBothEndsMoveTheSameWay() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("toc", ".yaml");
    java.nio.file.Files.writeString(f, TocValidationTest.example());
    TocModel m = TocReader.read(f).model();
    // every measure falls by 10% and every programme series rises by 10%
    IndicatorData data =
        i -> {
          boolean programme = i.programme().isPresent();
          double base = programme ? 300 : 20;
          double latest = programme ? 330 : 18;
          long c0 = programme ? 300 : 400;
          long c1 = programme ? 330 : 360;
          double den = programme ? Double.NaN : 2_000_000;
          return List.of(
              new Point(2018, base, base * 0.9, base * 1.1, c0, den),
              new Point(2019, base, base * 0.9, base * 1.1, c0, den),
              new Point(2024, latest, latest * 0.95, latest * 1.05, c1, den));
        };
    TocAssessor.Assessment a = TocAssessor.assess(m, data);
    assertThat(a.indicators()).hasSize(10).allMatch(s -> s.status() != Status.INSUFFICIENT_DATA);
    TocAssessor.LinkStatus l =
        a.links().stream()
            .filter(x -> x.from().equals("reach") && x.to().equals("less-youth-knife-crime"))
            .findFirst()
            .orElseThrow();
    assertThat(l.evidence()).isTrue();
    assertThat(l.direction()).isEqualTo("consistent");
    assertThat(l.assumption()).isEqualTo("untested");
    TocAssessor.LinkStatus input =
        a.links().stream().filter(x -> x.from().equals("funding")).findFirst().orElseThrow();
    assertThat(input.evidence()).isFalse();
    assertThat(input.direction()).isEqualTo("untested");
    assertThat(a.outcomes())
        .extracting(TocAssessor.OutcomeImpact::measure)
        .containsExactly("knife_crime", "knife_admissions", "homicide");
  }
}
