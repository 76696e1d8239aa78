package vru.evaluation.api.toc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.FinancialYear;
import vru.evaluation.api.toc.IndicatorData.Point;
import vru.evaluation.api.toc.TocModel.Direction;
import vru.evaluation.api.toc.TocModel.Indicator;
import vru.evaluation.api.toc.TocModel.Link;
import vru.evaluation.api.toc.TocModel.Node;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.RateRatio;

/**
 * Assesses a theory of change against data: each indicator's latest value and change since the
 * baseline with 95% intervals, and a status by stated rules; each link's evidence; each long-term
 * outcome's impact estimate.
 */
public final class TocAssessor {
  /** An indicator's status. */
  public enum Status {
    MET("met"),
    NOT_DISTINGUISHABLE("not distinguishable from the target"),
    ON_TRACK("on track"),
    OFF_TRACK("off track"),
    INSUFFICIENT_DATA("insufficient data");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The status as shown to readers. */
    public String label() {
      return label;
    }
  }

  /** The rules, stated with every assessment. */
  public static final Map<Status, String> RULES =
      Map.of(
          Status.MET,
          "met: the latest value's whole 95% interval is on the target's side of it (for values"
              + " without an interval, such as costs and whole counts: the value has reached the"
              + " target)",
          Status.NOT_DISTINGUISHABLE,
          "not distinguishable from the target: the latest value has reached the target but its"
              + " 95% interval reaches back across it",
          Status.ON_TRACK,
          "on track: the value has moved from the baseline in the intended direction, and the"
              + " straight line from the baseline to the target, read at the latest year, lies"
              + " within the 95% interval of the latest value or the value is better than the line"
              + " (without an interval: at or better than the line)",
          Status.OFF_TRACK,
          "off track: the value has moved away from the target since the baseline, or is worse"
              + " than the line beyond its interval, or the target year has passed without the"
              + " target being met",
          Status.INSUFFICIENT_DATA,
          "insufficient data: no value for the baseline year, or no year after it");

  /**
   * One indicator's assessment. Numbers that do not apply are NaN.
   *
   * @param node the node
   * @param id the indicator
   * @param describes what it measures
   * @param direction the direction of improvement
   * @param baselineYear the baseline financial year
   * @param baselineValue the baseline value (given in the file or read from the data)
   * @param latestYear the latest financial year with data (0 when none)
   * @param latest the latest value
   * @param lower lower 95% limit of the latest value
   * @param upper upper 95% limit
   * @param difference latest − baseline
   * @param ratio latest / baseline
   * @param ratioLower lower 95% limit of the ratio (Poisson counts on the log scale)
   * @param ratioUpper upper limit
   * @param target the target value
   * @param targetBy the target's financial year
   * @param expected the value on the straight line from baseline to target at the latest year
   * @param status the status
   * @param reason why, in words with the numbers
   * @param improving whether the change since the baseline is in the intended direction
   */
  public record IndicatorStatus(
      String node,
      String id,
      String describes,
      Direction direction,
      int baselineYear,
      double baselineValue,
      int latestYear,
      double latest,
      double lower,
      double upper,
      double difference,
      double ratio,
      double ratioLower,
      double ratioUpper,
      double target,
      int targetBy,
      double expected,
      Status status,
      String reason,
      Optional<Boolean> improving) {}

  /**
   * A link's assessment.
   *
   * @param evidence whether both ends have at least one indicator with enough data
   * @param direction {@code consistent} (both ends improve, or both worsen), {@code inconsistent}
   *     (one improves while the other worsens) or {@code untested}
   * @param assumption {@code evidenced} or {@code untested}, as the partnership recorded it
   */
  public record LinkStatus(
      String from, String to, boolean evidence, String direction, String assumption, String text) {}

  /** A long-term outcome's impact estimate from the evaluation. */
  public record OutcomeImpact(String node, String measure, Optional<IndicatorData.DidLink> did) {}

  /** The whole assessment. */
  public record Assessment(
      String version,
      String sha256,
      List<IndicatorStatus> indicators,
      List<LinkStatus> links,
      List<OutcomeImpact> outcomes) {
    /** The statuses of a node's indicators. */
    public List<IndicatorStatus> of(String node) {
      return indicators.stream().filter(i -> i.node().equals(node)).toList();
    }
  }

  private TocAssessor() {}

  public static Assessment assess(TocModel model, IndicatorData data) {
    List<IndicatorStatus> statuses = new ArrayList<>();
    for (Indicator i : model.indicators()) {
      statuses.add(indicator(i, data.series(i)));
    }
    List<LinkStatus> links = new ArrayList<>();
    for (Link l : model.links()) {
      links.add(link(l, statuses));
    }
    List<OutcomeImpact> outcomes = new ArrayList<>();
    for (Node n : model.nodes()) {
      if (n.stage() != Stage.LONG_TERM_OUTCOMES) {
        continue;
      }
      for (Indicator i : n.indicators()) {
        i.measure()
            .ifPresent(m -> outcomes.add(new OutcomeImpact(n.id(), m.id(), data.did(m.id()))));
      }
    }
    return new Assessment(model.version(), model.sha256(), statuses, links, outcomes);
  }

  /** Assesses one indicator on its series. */
  public static IndicatorStatus indicator(Indicator i, List<Point> series) {
    double nan = Double.NaN;
    Optional<Point> basePoint =
        series.stream().filter(p -> p.year() == i.baselinePeriod()).findFirst();
    double base = i.baselineValue().orElse(basePoint.map(Point::value).orElse(nan));
    double target = i.target().orElse(base * (1 + i.targetChange().orElse(0.0)));
    Optional<Point> last =
        series.isEmpty() ? Optional.empty() : Optional.of(series.get(series.size() - 1));
    String fy = new FinancialYear(i.baselinePeriod()).label();
    if (last.isEmpty() || Double.isNaN(base) || last.get().year() <= i.baselinePeriod()) {
      String why =
          last.isEmpty()
              ? "no data"
              : Double.isNaN(base)
                  ? "no value for the baseline year " + fy + " in the data, and none given"
                  : "no year after the baseline " + fy + " yet";
      return new IndicatorStatus(
          i.node(),
          i.id(),
          i.describe(),
          i.direction(),
          i.baselinePeriod(),
          base,
          last.map(Point::year).orElse(0),
          last.map(Point::value).orElse(nan),
          last.map(Point::lower).orElse(nan),
          last.map(Point::upper).orElse(nan),
          nan,
          nan,
          nan,
          nan,
          target,
          i.targetBy(),
          nan,
          Status.INSUFFICIENT_DATA,
          why,
          Optional.empty());
    }
    Point p = last.get();
    double diff = p.value() - base;
    double ratio = base != 0 ? p.value() / base : nan;
    double rl = nan;
    double ru = nan;
    if (basePoint.isPresent()
        && i.baselineValue().isEmpty()
        && p.count() >= 0
        && basePoint.get().count() >= 0) {
      Point b = basePoint.get();
      double dn1 = Double.isNaN(p.denominator()) ? 1 : p.denominator();
      double dn0 = Double.isNaN(b.denominator()) ? 1 : b.denominator();
      Optional<RateRatio> rr =
          RateRatio.of(CrudeRate.of(p.count(), dn1, 1), CrudeRate.of(b.count(), dn0, 1));
      if (rr.isPresent()) {
        rl = rr.get().ci95().lower();
        ru = rr.get().ci95().upper();
      }
    }
    boolean decrease = i.direction() == Direction.DECREASE;
    boolean improving = decrease ? diff < 0 : diff > 0;
    double span = i.targetBy() - i.baselinePeriod();
    double expected = base + (target - base) * (p.year() - i.baselinePeriod()) / span;
    boolean hasCi = !Double.isNaN(p.lower()) && !Double.isNaN(p.upper());
    boolean reached = decrease ? p.value() <= target : p.value() >= target;
    boolean clearOfTarget = !hasCi || (decrease ? p.upper() <= target : p.lower() >= target);
    boolean wrongWay = decrease ? diff > 0 : diff < 0;
    boolean ratioKnown = !Double.isNaN(rl) && !Double.isNaN(ru);
    String chance =
        ratioKnown || hasCi
            ? (ratioKnown ? rl > 1 || ru < 1 : !within(p, base))
                ? ", beyond what chance explains"
                : ", though within what chance explains"
            : "";
    Status status;
    String reason;
    String latestText =
        String.format(
                java.util.Locale.UK,
                "%s in %s",
                num(p.value()),
                new FinancialYear(p.year()).label())
            + (hasCi
                ? String.format(
                    java.util.Locale.UK, " (95%% CI %s to %s)", num(p.lower()), num(p.upper()))
                : "");
    String targetText =
        String.format(
            java.util.Locale.UK,
            "the target %s%s by %s",
            num(target),
            i.targetChange()
                .map(
                    c ->
                        String.format(java.util.Locale.UK, " (%+.0f%% from the baseline)", 100 * c))
                .orElse(""),
            new FinancialYear(i.targetBy()).label());
    String moved =
        String.format(
            java.util.Locale.UK,
            "; it has %s since the baseline %s%s",
            decrease ? "risen" : "fallen",
            num(base),
            chance);
    if (reached && clearOfTarget) {
      status = Status.MET;
      reason = latestText + " has reached " + targetText;
    } else if (reached) {
      status = Status.NOT_DISTINGUISHABLE;
      reason =
          latestText + " has reached " + targetText + ", but its interval reaches back across it";
    } else if (p.year() >= i.targetBy()) {
      status = Status.OFF_TRACK;
      reason = latestText + ": the target year has come without reaching " + targetText;
    } else if (wrongWay) {
      status = Status.OFF_TRACK;
      reason = latestText + moved + ", away from " + targetText;
    } else {
      boolean better = decrease ? p.value() < expected : p.value() > expected;
      boolean inside =
          hasCi ? p.lower() <= expected && expected <= p.upper() : p.value() == expected;
      status = better || inside ? Status.ON_TRACK : Status.OFF_TRACK;
      reason =
          latestText
              + "; the line from the baseline "
              + num(base)
              + " to "
              + targetText
              + " is at "
              + num(expected)
              + (status == Status.ON_TRACK
                  ? (better ? ", and the value is better than that" : ", within the interval")
                  : ", and the value is worse than that" + (hasCi ? " beyond its interval" : ""));
    }
    return new IndicatorStatus(
        i.node(),
        i.id(),
        i.describe(),
        i.direction(),
        i.baselinePeriod(),
        base,
        p.year(),
        p.value(),
        p.lower(),
        p.upper(),
        diff,
        ratio,
        rl,
        ru,
        target,
        i.targetBy(),
        status == Status.MET || status == Status.NOT_DISTINGUISHABLE ? nan : expected,
        status,
        reason,
        Optional.of(improving));
  }

  private static LinkStatus link(Link l, List<IndicatorStatus> statuses) {
    Optional<Boolean> from = trend(l.from(), statuses);
    Optional<Boolean> to = trend(l.to(), statuses);
    boolean evidence = hasData(l.from(), statuses) && hasData(l.to(), statuses);
    String direction;
    if (from.isEmpty() || to.isEmpty()) {
      direction = "untested";
    } else {
      direction = from.get().equals(to.get()) ? "consistent" : "inconsistent";
    }
    String assumption = l.evidenced() ? "evidenced" : "untested";
    String text =
        (evidence ? "data at both ends" : "no data at one end or both")
            + "; "
            + switch (direction) {
              case "consistent" ->
                  from.get() ? "both ends improving, as the link expects" : "both ends worsening";
              case "inconsistent" -> "one end improving while the other worsens";
              default -> "direction not testable";
            }
            + "; assumption "
            + assumption;
    return new LinkStatus(l.from(), l.to(), evidence, direction, assumption, text);
  }

  private static boolean hasData(String node, List<IndicatorStatus> statuses) {
    return statuses.stream()
        .anyMatch(s -> s.node().equals(node) && s.status() != Status.INSUFFICIENT_DATA);
  }

  /** Improving (true) or worsening (false) when every assessed indicator agrees; else empty. */
  private static Optional<Boolean> trend(String node, List<IndicatorStatus> statuses) {
    List<Boolean> moves =
        statuses.stream()
            .filter(s -> s.node().equals(node) && s.improving().isPresent())
            .map(s -> s.improving().get())
            .toList();
    if (moves.isEmpty()) {
      return Optional.empty();
    }
    if (moves.stream().allMatch(b -> b)) {
      return Optional.of(true);
    }
    if (moves.stream().noneMatch(b -> b)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  private static boolean within(Point p, double v) {
    return p.lower() <= v && v <= p.upper();
  }

  static String num(double v) {
    double a = Math.abs(v);
    String f = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(java.util.Locale.UK, f, v);
  }
}
