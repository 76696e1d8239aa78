package vru.evaluation.api.toc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import vru.core.api.Suggest;
import vru.evaluation.api.toc.Finding.Severity;

/**
 * Reading values from a YAML node graph as findings, not exceptions: a value of the wrong type, a
 * missing or unknown key becomes an error with its line and a fix, and reading goes on, so one run
 * lists every problem of a file.
 */
abstract class YamlFindings {
  private final List<Finding> findings = new ArrayList<>();
  private int lastMapLine;

  /** What was found so far. */
  final List<Finding> findings() {
    return List.copyOf(findings);
  }

  final Optional<Double> number(Node n, String subject, String key, boolean required) {
    Optional<String> s = scalar(n, subject, key, required);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      double v = Double.parseDouble(s.get().replace(",", ""));
      if (Double.isFinite(v)) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(
        "bad-value",
        line(n),
        subject,
        key + " '" + s.get() + "' is not a number",
        "write a number, e.g. 42.5");
    return Optional.empty();
  }

  /** A mapping's entries; unknown keys are errors naming the closest known key. */
  final Map<String, Node> map(Node n, String subject, Set<String> known) {
    Map<String, Node> out = new LinkedHashMap<>();
    lastMapLine = line(n);
    if (!(n instanceof MappingNode mapping)) {
      error(
          "wrong-type",
          line(n),
          subject,
          "expected keys and values here",
          "write '" + known.iterator().next() + ": ...' (check the indentation)");
      return out;
    }
    for (NodeTuple t : mapping.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (!known.contains(key)) {
        error(
            "unknown-key",
            line(t.getKeyNode()),
            subject,
            "unknown key '" + key + "'" + hint(key, known),
            "use one of " + String.join(", ", known.stream().sorted().toList()));
        continue;
      }
      if (out.put(key, t.getValueNode()) != null) {
        error(
            "duplicate-key",
            line(t.getKeyNode()),
            subject,
            "'" + key + "' is given twice",
            "keep one");
      }
    }
    return out;
  }

  final Optional<String> scalar(Node n, String subject, String key, boolean required) {
    if (n == null) {
      if (required) {
        error("missing-key", lastMapLine, subject, "no " + key, "add '" + key + ":'");
      }
      return Optional.empty();
    }
    if (!(n instanceof ScalarNode s)) {
      error(
          "wrong-type",
          line(n),
          subject,
          key + " should be a single value",
          "write '" + key + ": value'");
      return Optional.empty();
    }
    String v = s.getValue().trim();
    if (v.isEmpty()) {
      if (required) {
        error("missing-key", line(n), subject, key + " is empty", "give " + key + " a value");
      }
      return Optional.empty();
    }
    return Optional.of(v);
  }

  static String hint(String given, java.util.Collection<String> known) {
    return Suggest.closest(given, known).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  static int line(Node n) {
    return n == null ? 0 : n.getStartMark().getLine() + 1;
  }

  final void error(String code, int line, String subject, String message, String fix) {
    findings.add(new Finding(Severity.ERROR, code, line, subject, message, fix));
  }

  final void warning(String code, int line, String subject, String message, String fix) {
    findings.add(new Finding(Severity.WARNING, code, line, subject, message, fix));
  }
}
