package vru.evaluation.api.toc;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.evaluation.api.toc.TocModel.Direction;
import vru.evaluation.api.toc.TocModel.Indicator;
import vru.evaluation.api.toc.TocModel.Link;
import vru.evaluation.api.toc.TocModel.MeasureBinding;
import vru.evaluation.api.toc.TocModel.ProgrammeBinding;
import vru.evaluation.api.toc.TocModel.Yef;

/**
 * Reads {@code toc.yaml} with the line of every element (SnakeYAML's node graph, which Jackson's
 * tree drops). Problems of form (an unknown key, a missing title, a stage that does not exist, a
 * value of the wrong type) become {@link Finding}s with the line and a fix, so one run lists them
 * all; the elements they affect are left out of the model.
 */
public final class TocReader extends YamlFindings {
  static final Set<String> SERIES = Set.of("referrals", "starts", "completions", "cost_gbp");
  static final Set<String> AGE_BANDS = Set.of("all", "0-24");
  static final Set<String> IMPACT = Set.of("low", "moderate", "high");

  /** The model and the problems found while reading it. */
  public record Read(TocModel model, List<Finding> findings) {}

  private TocReader() {}

  /**
   * Reads a file.
   *
   * @throws VruException {@link ErrorCode#CONFIG_NOT_FOUND} when the file is missing, {@link
   *     ErrorCode#CONFIG_INVALID} when it is not YAML at all
   */
  public static Read read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new VruException(
          ErrorCode.CONFIG_NOT_FOUND,
          "theory of change not found: " + file + "; see docs/theory-of-change.md for the format");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VruException(ErrorCode.CONFIG_INVALID, file + ": cannot read: " + e.getMessage());
    }
    Node root;
    try {
      root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .compose(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    } catch (MarkedYAMLException e) {
      throw new VruException(
          ErrorCode.CONFIG_INVALID,
          file
              + ":"
              + (e.getProblemMark().getLine() + 1)
              + ": not valid YAML: "
              + e.getProblem()
              + "; check the indentation and quoting on that line");
    }
    TocReader r = new TocReader();
    TocModel m = r.model(file, sha256(bytes), root);
    return new Read(m, r.findings());
  }

  private TocModel model(Path file, String sha, Node root) {
    if (!(root instanceof MappingNode)) {
      error(
          "not-a-model",
          1,
          "file",
          "the file is not a mapping",
          "start with 'version:', 'nodes:' and 'links:'");
      return new TocModel(file, sha, "", "", List.of(), List.of());
    }
    Map<String, Node> top = map(root, "file", Set.of("version", "title", "nodes", "links"));
    String version = scalar(top.get("version"), "file", "version", false).orElse("");
    String title = scalar(top.get("title"), "file", "title", false).orElse("Theory of change");
    List<TocModel.Node> nodes = new ArrayList<>();
    Node ns = top.get("nodes");
    if (ns == null) {
      error("no-nodes", line(root), "file", "no 'nodes:' list", "add the nodes of the model");
    } else if (ns instanceof SequenceNode seq) {
      for (Node n : seq.getValue()) {
        node(n).ifPresent(nodes::add);
      }
    } else {
      error(
          "wrong-type",
          line(ns),
          "nodes",
          "'nodes' is not a list",
          "write each node as '- id: ...'");
    }
    List<Link> links = new ArrayList<>();
    Node ls = top.get("links");
    if (ls instanceof SequenceNode seq) {
      for (Node l : seq.getValue()) {
        link(l).ifPresent(links::add);
      }
    } else if (ls != null) {
      error(
          "wrong-type",
          line(ls),
          "links",
          "'links' is not a list",
          "write each link as '- from: a'");
    }
    return new TocModel(file, sha, version, title, List.copyOf(nodes), List.copyOf(links));
  }

  private Optional<TocModel.Node> node(Node n) {
    Map<String, Node> m =
        map(
            n,
            "node",
            Set.of(
                "id",
                "stage",
                "title",
                "title_cy",
                "description",
                "description_cy",
                "owner",
                "indicators",
                "yef"));
    Optional<String> id = scalar(m.get("id"), "node at line " + line(n), "id", true);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String subject = "node '" + id.get() + "'";
    Optional<String> stageText = scalar(m.get("stage"), subject, "stage", true);
    Optional<Stage> stage = stageText.flatMap(Stage::of);
    if (stageText.isPresent() && stage.isEmpty()) {
      error(
          "unknown-stage",
          line(m.get("stage")),
          subject,
          "unknown stage '" + stageText.get() + "'" + hint(stageText.get(), Stage.keys()),
          "use one of " + String.join(", ", Stage.keys()));
    }
    Optional<String> title = scalar(m.get("title"), subject, "title", true);
    String description = scalar(m.get("description"), subject, "description", false).orElse("");
    String owner = scalar(m.get("owner"), subject, "owner", false).orElse("");
    if (owner.isEmpty()) {
      warning(
          "no-owner",
          line(n),
          subject,
          "no owner",
          "name the partner agency responsible with 'owner:'");
    }
    List<Indicator> indicators = new ArrayList<>();
    Node is = m.get("indicators");
    if (is instanceof SequenceNode seq) {
      for (Node i : seq.getValue()) {
        indicator(i, id.get()).ifPresent(indicators::add);
      }
    } else if (is != null) {
      error("wrong-type", line(is), subject, "'indicators' is not a list", "write '- id: ...'");
    }
    Optional<Yef> yef = Optional.empty();
    if (m.get("yef") != null) {
      yef = yef(m.get("yef"), subject);
    }
    if (stage.isEmpty() || title.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TocModel.Node(
            id.get(),
            stage.get(),
            title.get(),
            scalar(m.get("title_cy"), subject, "title_cy", false),
            description,
            scalar(m.get("description_cy"), subject, "description_cy", false),
            owner,
            List.copyOf(indicators),
            yef,
            line(n)));
  }

  private Optional<Yef> yef(Node n, String subject) {
    Map<String, Node> m = map(n, subject + " yef", Set.of("strand", "impact", "evidence", "cost"));
    Optional<String> strand = scalar(m.get("strand"), subject, "yef.strand", true);
    Optional<String> impact = scalar(m.get("impact"), subject, "yef.impact", true);
    if (impact.isPresent() && !IMPACT.contains(impact.get())) {
      error(
          "bad-value",
          line(m.get("impact")),
          subject,
          "yef.impact '" + impact.get() + "' is not low, moderate or high",
          "copy the Toolkit's estimated impact: low, moderate or high");
      impact = Optional.empty();
    }
    Optional<Integer> evidence = rating(m.get("evidence"), subject, "yef.evidence");
    Optional<Integer> cost = rating(m.get("cost"), subject, "yef.cost");
    if (strand.isEmpty() || impact.isEmpty() || evidence.isEmpty() || cost.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Yef(strand.get(), impact.get(), evidence.get(), cost.get()));
  }

  private Optional<Integer> rating(Node n, String subject, String key) {
    Optional<String> s = scalar(n, subject, key, true);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      int v = Integer.parseInt(s.get());
      if (v >= 1 && v <= 5) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(
        "bad-value",
        line(n),
        subject,
        key + " '" + s.get() + "' is not a rating from 1 to 5",
        "copy the Toolkit's rating (1 to 5)");
    return Optional.empty();
  }

  private Optional<Indicator> indicator(Node n, String node) {
    Map<String, Node> m =
        map(
            n,
            "indicator",
            Set.of("id", "measure", "programme", "baseline", "target", "direction"));
    Optional<String> id = scalar(m.get("id"), "indicator at line " + line(n), "id", true);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String subject = "indicator '" + id.get() + "'";
    Optional<MeasureBinding> measure = Optional.empty();
    Optional<ProgrammeBinding> programme = Optional.empty();
    boolean ok = true;
    if (m.get("measure") != null && m.get("programme") != null) {
      error(
          "two-bindings",
          line(n),
          subject,
          "bound to both a measure and a programme series",
          "keep one of 'measure:' and 'programme:'; make two indicators for both");
      ok = false;
    } else if (m.get("measure") != null) {
      Map<String, Node> b =
          map(m.get("measure"), subject + " measure", Set.of("id", "age", "area"));
      Optional<String> mid = scalar(b.get("id"), subject, "measure.id", true);
      String age = scalar(b.get("age"), subject, "measure.age", false).orElse("all");
      if (!AGE_BANDS.contains(age)) {
        error(
            "bad-value",
            line(b.get("age")),
            subject,
            "age band '" + age + "' is not all or 0-24",
            "use all or 0-24 (the age bands of the measure panel)");
        ok = false;
      }
      String area = scalar(b.get("area"), subject, "measure.area", false).orElse("partnership");
      ok &= mid.isPresent();
      measure = mid.map(x -> new MeasureBinding(x, age, area));
    } else if (m.get("programme") != null) {
      Map<String, Node> b =
          map(m.get("programme"), subject + " programme", Set.of("intervention", "series"));
      Optional<String> intervention =
          scalar(b.get("intervention"), subject, "programme.intervention", true);
      Optional<String> series = scalar(b.get("series"), subject, "programme.series", true);
      if (series.isPresent() && !SERIES.contains(series.get())) {
        error(
            "bad-value",
            line(b.get("series")),
            subject,
            "unknown programme series '" + series.get() + "'" + hint(series.get(), SERIES),
            "use referrals, starts, completions or cost_gbp");
        ok = false;
      }
      ok &= intervention.isPresent() && series.isPresent();
      if (intervention.isPresent() && series.isPresent()) {
        programme = Optional.of(new ProgrammeBinding(intervention.get(), series.get()));
      }
    } else {
      error(
          "unbound-indicator",
          line(n),
          subject,
          "bound to no data",
          "add 'measure: {id: knife_crime}' or 'programme: {intervention: mentoring, series:"
              + " starts}'");
      ok = false;
    }
    Map<String, Node> baseline =
        m.get("baseline") == null
            ? Map.of()
            : map(m.get("baseline"), subject, Set.of("period", "value"));
    Optional<Integer> basePeriod =
        period(
            baseline.get("period"),
            subject,
            "baseline.period",
            m.get("baseline") == null ? n : m.get("baseline"));
    Optional<Double> baseValue = number(baseline.get("value"), subject, "baseline.value", false);
    Map<String, Node> target =
        m.get("target") == null
            ? Map.of()
            : map(m.get("target"), subject, Set.of("value", "change", "by"));
    if (m.get("target") == null) {
      error(
          "missing-key",
          line(n),
          subject,
          "no target",
          "add 'target: {value: 12.5, by: FY2026/27}' or 'target: {change: -20%, by: FY2026/27}'");
    }
    Optional<Double> targetValue = number(target.get("value"), subject, "target.value", false);
    Optional<Double> targetChange = percent(target.get("change"), subject);
    if (m.get("target") != null && targetValue.isPresent() == targetChange.isPresent()) {
      error(
          "bad-target",
          line(m.get("target")),
          subject,
          targetValue.isPresent()
              ? "the target has both a value and a change"
              : "the target has neither a value nor a change",
          "give one of 'value: 12.5' and 'change: -20%'");
    }
    Optional<Integer> by =
        period(
            target.get("by"), subject, "target.by", m.get("target") == null ? n : m.get("target"));
    Optional<String> dir = scalar(m.get("direction"), subject, "direction", true);
    Optional<Direction> direction = Optional.empty();
    if (dir.isPresent()) {
      try {
        direction = Optional.of(Direction.valueOf(dir.get().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        error(
            "bad-value",
            line(m.get("direction")),
            subject,
            "direction '" + dir.get() + "' is not increase or decrease",
            "write the direction of improvement: increase or decrease");
      }
    }
    if (basePeriod.isPresent() && by.isPresent() && by.get() <= basePeriod.get()) {
      error(
          "target-before-baseline",
          line(target.get("by")),
          subject,
          "the target year is not after the baseline year",
          "set target.by to a financial year after baseline.period");
      ok = false;
    }
    if (!ok
        || basePeriod.isEmpty()
        || targetValue.isPresent() == targetChange.isPresent()
        || by.isEmpty()
        || direction.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Indicator(
            id.get(),
            node,
            measure,
            programme,
            basePeriod.get(),
            baseValue,
            targetValue,
            targetChange,
            by.get(),
            direction.get(),
            line(n)));
  }

  /** A relative change written as {@code -20%} (or {@code -0.2}). */
  private Optional<Double> percent(Node n, String subject) {
    Optional<String> s = scalar(n, subject, "target.change", false);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String t = s.get().trim();
    try {
      double v =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100
              : Double.parseDouble(t);
      if (Double.isFinite(v) && v > -1) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(
        "bad-value",
        line(n),
        subject,
        "target.change '" + t + "' is not a percentage above -100%",
        "write the change from the baseline, e.g. -20%");
    return Optional.empty();
  }

  private Optional<Integer> period(Node n, String subject, String key, Node parent) {
    if (n == null) {
      error(
          "missing-key",
          line(parent),
          subject,
          "no " + key,
          "add " + key + " as a financial year, e.g. FY2018/19");
      return Optional.empty();
    }
    Optional<String> s = scalar(n, subject, key, true);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FinancialYear.parse(s.get()).startYear());
    } catch (IllegalArgumentException e) {
      error(
          "bad-value",
          line(n),
          subject,
          key + " '" + s.get() + "' is not a financial year",
          "write it as FY2018/19");
      return Optional.empty();
    }
  }

  private Optional<Link> link(Node n) {
    Map<String, Node> m = map(n, "link", Set.of("from", "to", "assumption", "evidenced"));
    String subject = "link at line " + line(n);
    Optional<String> from = scalar(m.get("from"), subject, "from", true);
    Optional<String> to = scalar(m.get("to"), subject, "to", true);
    String assumption = scalar(m.get("assumption"), subject, "assumption", false).orElse("");
    boolean evidenced = false;
    Optional<String> ev = scalar(m.get("evidenced"), subject, "evidenced", false);
    if (ev.isPresent()) {
      if (ev.get().equals("true") || ev.get().equals("false")) {
        evidenced = Boolean.parseBoolean(ev.get());
      } else {
        error(
            "bad-value",
            line(m.get("evidenced")),
            subject,
            "evidenced '" + ev.get() + "' is not true or false",
            "write true or false");
      }
    }
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Link(from.get(), to.get(), assumption, evidenced, line(n)));
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
