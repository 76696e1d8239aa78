package vru.evaluation.api.toc;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A theory of change as written in {@code toc.yaml}: nodes in stages, links with assumptions, and
 * indicators bound to data. Every element carries the line it was written on, so findings can point
 * at it.
 *
 * @param file the file it was read from
 * @param sha256 the file's checksum (provenance of every assessment)
 * @param version the partnership's version label of the model
 * @param title the model's title
 * @param nodes nodes in file order
 * @param links links in file order
 */
public record TocModel(
    Path file, String sha256, String version, String title, List<Node> nodes, List<Link> links) {

  /**
   * A node.
   *
   * @param id unique id
   * @param stage its stage
   * @param title English title
   * @param titleCy Welsh title, if given
   * @param description English description
   * @param descriptionCy Welsh description, if given
   * @param owner the partner agency that owns it
   * @param indicators indicators bound to data
   * @param yef the Youth Endowment Fund Toolkit strand, for activities
   * @param line the line of the node in the file
   */
  public record Node(
      String id,
      Stage stage,
      String title,
      Optional<String> titleCy,
      String description,
      Optional<String> descriptionCy,
      String owner,
      List<Indicator> indicators,
      Optional<Yef> yef,
      int line) {}

  /**
   * A link from one node to another, with the assumption it rests on.
   *
   * @param evidenced whether the partnership has evidence for the assumption
   */
  public record Link(String from, String to, String assumption, boolean evidenced, int line) {}

  /** The direction an indicator should move. */
  public enum Direction {
    INCREASE,
    DECREASE
  }

  /**
   * An indicator.
   *
   * @param id unique id
   * @param node the node it belongs to
   * @param measure a measure from the metrics catalogue, or empty
   * @param programme a programme-monitoring series, or empty
   * @param baselinePeriod the baseline financial year, e.g. {@code FY2018/19}
   * @param baselineValue the baseline value; empty to take it from the data
   * @param target the target value; empty when the target is a change from the baseline
   * @param targetChange the target as a relative change from the baseline (−0.2 for 20% lower)
   * @param targetBy the financial year by which the target should be reached
   * @param direction the direction of improvement
   */
  public record Indicator(
      String id,
      String node,
      Optional<MeasureBinding> measure,
      Optional<ProgrammeBinding> programme,
      int baselinePeriod,
      Optional<Double> baselineValue,
      Optional<Double> target,
      Optional<Double> targetChange,
      int targetBy,
      Direction direction,
      int line) {
    /** How the indicator is described to a reader. */
    public String describe() {
      return measure
          .map(m -> m.id() + " (" + m.ageBand() + ", " + m.area() + ")")
          .orElseGet(() -> programme.get().intervention() + " " + programme.get().series());
    }
  }

  /**
   * A measure from the metrics panel.
   *
   * @param id measure id, e.g. {@code knife_crime}
   * @param ageBand {@code all} or {@code 0-24}
   * @param area {@code partnership}, or an area code in the panel
   */
  public record MeasureBinding(String id, String ageBand, String area) {}

  /**
   * A programme-monitoring series, summed over the partnership's areas per financial year.
   *
   * @param intervention the intervention as written in the monitoring data
   * @param series {@code referrals}, {@code starts}, {@code completions} or {@code cost_gbp}
   */
  public record ProgrammeBinding(String intervention, String series) {}

  /**
   * What the YEF Toolkit says of the activity's approach, as entered by the partnership.
   *
   * @param strand the Toolkit strand, e.g. {@code mentoring}
   * @param impact the Toolkit's estimated impact on violence: {@code low}, {@code moderate}, {@code
   *     high}
   * @param evidenceQuality the Toolkit's evidence-quality rating, 1 to 5
   * @param costBand the Toolkit's cost rating, 1 to 5
   */
  public record Yef(String strand, String impact, int evidenceQuality, int costBand) {}

  /** The node with this id. */
  public Optional<Node> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** Every indicator, in file order. */
  public List<Indicator> indicators() {
    return nodes.stream().flatMap(n -> n.indicators().stream()).toList();
  }
}
