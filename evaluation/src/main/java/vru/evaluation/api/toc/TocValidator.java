package vru.evaluation.api.toc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vru.core.api.Measures;
import vru.core.api.Suggest;
import vru.evaluation.api.toc.Finding.Severity;
import vru.evaluation.api.toc.TocModel.Indicator;
import vru.evaluation.api.toc.TocModel.Link;
import vru.evaluation.api.toc.TocModel.Node;

/**
 * Checks a theory of change: ids unique; links between known nodes; no cycle; links forward in
 * stage order (a backward or same-stage link is flagged); every long-term outcome has an indicator
 * bound to a national success measure; every indicator bound to a known measure and, when data are
 * given, resolving to data for the partnership; YEF strands on activities only; every node linked.
 */
public final class TocValidator {
  private final TocModel model;
  private final List<Finding> out = new ArrayList<>();

  private TocValidator(TocModel model) {
    this.model = model;
  }

  /**
   * Validates.
   *
   * @param measures the measure ids of the metrics catalogue
   * @param data the data indicators must resolve to ({@link IndicatorData#NONE} to skip that check)
   */
  public static List<Finding> validate(TocModel model, Set<String> measures, IndicatorData data) {
    TocValidator v = new TocValidator(model);
    v.ids();
    v.links();
    v.cycles();
    v.outcomes();
    v.indicators(measures, data);
    v.isolated();
    return List.copyOf(v.out);
  }

  private void ids() {
    Map<String, Integer> seen = new HashMap<>();
    for (Node n : model.nodes()) {
      Integer first = seen.putIfAbsent(n.id(), n.line());
      if (first != null) {
        error(
            "duplicate-id",
            n.line(),
            "node '" + n.id() + "'",
            "the id is already used by the node on line " + first,
            "give each node its own id");
      }
    }
    Map<String, Integer> indicators = new HashMap<>();
    for (Indicator i : model.indicators()) {
      Integer first = indicators.putIfAbsent(i.id(), i.line());
      if (first != null) {
        error(
            "duplicate-id",
            i.line(),
            "indicator '" + i.id() + "'",
            "the id is already used by the indicator on line " + first,
            "give each indicator its own id");
      }
    }
  }

  private void links() {
    Set<String> ids = new HashSet<>();
    model.nodes().forEach(n -> ids.add(n.id()));
    Set<String> pairs = new HashSet<>();
    for (Link l : model.links()) {
      String subject = "link " + l.from() + " -> " + l.to();
      for (String end : List.of(l.from(), l.to())) {
        if (!ids.contains(end)) {
          error(
              "unknown-node",
              l.line(),
              subject,
              "no node has the id '"
                  + end
                  + "'"
                  + Suggest.closest(end, ids).map(s -> "; did you mean '" + s + "'?").orElse(""),
              "use the id of a node in 'nodes:'");
        }
      }
      if (!pairs.add(l.from() + "\u0000" + l.to())) {
        warning("duplicate-link", l.line(), subject, "the link is given twice", "keep one");
      }
      Node from = model.node(l.from()).orElse(null);
      Node to = model.node(l.to()).orElse(null);
      if (from == null || to == null) {
        continue;
      }
      if (l.from().equals(l.to())) {
        continue; // reported as a cycle
      }
      if (to.stage().ordinal() <= from.stage().ordinal()) {
        warning(
            "backward-link",
            l.line(),
            subject,
            "goes from "
                + from.stage().key()
                + " to "
                + (to.stage() == from.stage() ? "the same stage" : to.stage().key())
                + ", not forward in the chain",
            "check the direction of the link, or the stages of its nodes");
      }
      if (l.assumption().isEmpty()) {
        warning(
            "no-assumption",
            l.line(),
            subject,
            "no assumption stated",
            "say why 'from' should lead to 'to' with 'assumption:'");
      }
    }
  }

  private void cycles() {
    Map<String, List<Link>> next = new LinkedHashMap<>();
    for (Link l : model.links()) {
      next.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l);
    }
    Map<String, Integer> state = new HashMap<>();
    Set<String> reported = new HashSet<>();
    for (Node n : model.nodes()) {
      dfs(n.id(), next, state, new ArrayList<>(), reported);
    }
  }

  private void dfs(
      String id,
      Map<String, List<Link>> next,
      Map<String, Integer> state,
      List<Link> path,
      Set<String> reported) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return;
    }
    state.put(id, 1);
    for (Link l : next.getOrDefault(id, List.of())) {
      Integer t = state.get(l.to());
      path.add(l);
      if (t != null && t == 1) {
        List<String> cycle = new ArrayList<>();
        int start = 0;
        for (int k = path.size() - 1; k >= 0; k--) {
          if (path.get(k).from().equals(l.to())) {
            start = k;
            break;
          }
        }
        for (Link c : path.subList(start, path.size())) {
          cycle.add(c.from());
        }
        cycle.add(l.to());
        String key = new java.util.TreeSet<>(cycle).toString();
        if (reported.add(key)) {
          error(
              "cycle",
              l.line(),
              "link " + l.from() + " -> " + l.to(),
              "closes a cycle: " + String.join(" -> ", cycle),
              "a theory of change runs one way; remove or reverse one link of the cycle");
        }
      } else if (t == null) {
        dfs(l.to(), next, state, path, reported);
      }
      path.remove(path.size() - 1);
    }
    state.put(id, 2);
  }

  private void outcomes() {
    for (Node n : model.nodes()) {
      if (n.stage() != Stage.LONG_TERM_OUTCOMES) {
        continue;
      }
      boolean bound =
          n.indicators().stream()
              .anyMatch(
                  i ->
                      i.measure().isPresent()
                          && Measures.NATIONAL.contains(i.measure().get().id()));
      if (!bound) {
        error(
            "outcome-without-measure",
            n.line(),
            "node '" + n.id() + "'",
            "a long-term outcome with no indicator bound to a success measure",
            "add an indicator with 'measure: {id: " + String.join("|", Measures.NATIONAL) + "}'");
      }
    }
    if (model.nodes().stream().noneMatch(n -> n.stage() == Stage.LONG_TERM_OUTCOMES)) {
      error(
          "no-long-term-outcome",
          0,
          "model",
          "no node in long-term-outcomes",
          "add the success measures the strategy aims to change as long-term outcomes");
    }
  }

  private void indicators(Set<String> measures, IndicatorData data) {
    for (Node n : model.nodes()) {
      for (Indicator i : n.indicators()) {
        String subject = "indicator '" + i.id() + "'";
        if (i.measure().isPresent() && !measures.contains(i.measure().get().id())) {
          String id = i.measure().get().id();
          error(
              "unknown-measure",
              i.line(),
              subject,
              "unknown measure '"
                  + id
                  + "'"
                  + Suggest.closest(id, measures)
                      .map(s -> "; did you mean '" + s + "'?")
                      .orElse(""),
              "use a measure of the catalogue: "
                  + String.join(", ", measures.stream().sorted().toList()));
          continue;
        }
        if (data != IndicatorData.NONE && data.series(i).isEmpty()) {
          error(
              "no-data",
              i.line(),
              subject,
              "no data for " + i.describe() + " in the partnership's published results",
              i.measure().isPresent()
                  ? "run 'vru metrics' for the measure, or correct the area/age"
                  : "check the intervention name against the programme-monitoring data, and ingest"
                      + " and run metrics");
        }
      }
      if (n.yef().isPresent() && n.stage() != Stage.ACTIVITIES) {
        warning(
            "yef-not-activity",
            n.line(),
            "node '" + n.id() + "'",
            "a YEF Toolkit strand on a " + n.stage().key() + " node",
            "YEF strands describe activities: move it to the activity it rates");
      }
    }
  }

  private void isolated() {
    Set<String> linked = new HashSet<>();
    for (Link l : model.links()) {
      linked.add(l.from());
      linked.add(l.to());
    }
    for (Node n : model.nodes()) {
      if (!linked.contains(n.id())) {
        warning(
            "isolated-node",
            n.line(),
            "node '" + n.id() + "'",
            "not linked to any other node",
            "link it into the chain, or remove it");
      }
    }
  }

  private void error(String code, int line, String subject, String message, String fix) {
    out.add(new Finding(Severity.ERROR, code, line, subject, message, fix));
  }

  private void warning(String code, int line, String subject, String message, String fix) {
    out.add(new Finding(Severity.WARNING, code, line, subject, message, fix));
  }
}
