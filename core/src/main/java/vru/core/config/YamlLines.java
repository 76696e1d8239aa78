package vru.core.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each key and value of a YAML file is: SnakeYAML's node graph keeps the line of every
 * element, which Jackson's binding drops, so an error can point at the line the analyst wrote (the
 * value's line, not the first line that mentions the key's name). Also finds keys written twice in
 * one mapping, which a plain load would silently resolve to the last.
 */
final class YamlLines {
  /** A key written twice in one mapping: its path and both lines. */
  record Repeated(String key, int first, int second) {}

  private final Node root;
  private final List<Repeated> repeated = new ArrayList<>();

  private YamlLines(Node root) {
    this.root = root;
    if (root != null) {
      findRepeats(root, "");
    }
  }

  /** The file's lines; an unreadable or unparsable file has none (the binding says why). */
  static YamlLines of(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      return new YamlLines(new Yaml(new SafeConstructor(options)).compose(new StringReader(text)));
    } catch (IOException | RuntimeException e) {
      return new YamlLines(null);
    }
  }

  List<Repeated> repeated() {
    return List.copyOf(repeated);
  }

  /**
   * The line of the value at {@code key} (segments joined by dots; a list's elements are searched
   * for the next segment), of the element equal to {@code value} under it when given, else of the
   * deepest part of the path that exists; 0 when the file has no such key.
   */
  int line(String key, Optional<String> value) {
    if (root == null || key.isEmpty()) {
      return 0;
    }
    Node at = root;
    int best = 0;
    for (String segment : key.split("\\.")) {
      java.util.regex.Matcher indexed = INDEXED.matcher(segment);
      Optional<Node> next;
      if (indexed.matches()) {
        next = child(at, indexed.group(1), Optional.empty());
        for (String i : indexed.group(2).replace("]", "").split("\\[")) {
          if (!i.isEmpty()) {
            next = next.flatMap(n -> element(n, Integer.parseInt(i)));
          }
        }
      } else {
        next = child(at, segment, value);
      }
      if (next.isEmpty()) {
        return best;
      }
      at = next.get();
      best = line(at);
    }
    if (value.isPresent()) {
      Optional<Node> element = find(at, value.get());
      if (element.isPresent()) {
        return line(element.get());
      }
    }
    return best;
  }

  private static final java.util.regex.Pattern INDEXED =
      java.util.regex.Pattern.compile("([^\\[]+)((?:\\[\\d+\\])+)");

  private static Optional<Node> element(Node at, int i) {
    return at instanceof SequenceNode s && i < s.getValue().size()
        ? Optional.of(s.getValue().get(i))
        : Optional.empty();
  }

  /** The line of a key itself (not its value), 0 when there is no such key. */
  int lineOfKey(String parent, String name) {
    Optional<Node> at = Optional.ofNullable(root);
    if (!parent.isEmpty()) {
      int l = line(parent, Optional.empty());
      at = l == 0 ? Optional.empty() : node(parent);
    }
    if (at.isPresent() && at.get() instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(name)) {
          return line(k);
        }
      }
    }
    return 0;
  }

  private Optional<Node> node(String key) {
    Optional<Node> at = Optional.ofNullable(root);
    for (String segment : key.split("\\.")) {
      java.util.regex.Matcher indexed = INDEXED.matcher(segment);
      if (indexed.matches()) {
        at = at.flatMap(n -> child(n, indexed.group(1), Optional.empty()));
        for (String i : indexed.group(2).replace("]", "").split("\\[")) {
          if (!i.isEmpty()) {
            at = at.flatMap(n -> element(n, Integer.parseInt(i)));
          }
        }
      } else {
        at = at.flatMap(n -> child(n, segment, Optional.empty()));
      }
    }
    return at;
  }

  private static Optional<Node> child(Node at, String segment, Optional<String> value) {
    if (at instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment)) {
          return Optional.of(t.getValueNode());
        }
      }
    }
    if (at instanceof SequenceNode s) {
      Optional<Node> first = Optional.empty();
      for (Node element : s.getValue()) {
        Optional<Node> c = child(element, segment, value);
        if (c.isPresent() && (value.isEmpty() || find(c.get(), value.get()).isPresent())) {
          return c;
        }
        first = first.isPresent() ? first : c;
      }
      return first;
    }
    return Optional.empty();
  }

  /** The line of the first scalar anywhere in the file equal to {@code value}; 0 when none is. */
  int lineOfScalar(String value) {
    Deque<Node> todo = new ArrayDeque<>();
    if (root != null) {
      todo.push(root);
    }
    while (!todo.isEmpty()) {
      Node n = todo.removeFirst();
      if (n instanceof ScalarNode s && s.getValue().equals(value)) {
        return line(s);
      } else if (n instanceof SequenceNode s) {
        s.getValue().forEach(todo::addLast);
      } else if (n instanceof MappingNode m) {
        m.getValue().forEach(t -> todo.addLast(t.getValueNode()));
      }
    }
    return 0;
  }

  private static Optional<Node> find(Node at, String value) {
    if (at instanceof ScalarNode s) {
      return s.getValue().equals(value) ? Optional.of(s) : Optional.empty();
    }
    if (at instanceof SequenceNode s) {
      for (Node element : s.getValue()) {
        Optional<Node> f = find(element, value);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  private void findRepeats(Node at, String path) {
    if (at instanceof MappingNode m) {
      Map<String, Integer> seen = new HashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          String key = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
          Integer first = seen.putIfAbsent(k.getValue(), line(k));
          if (first != null) {
            repeated.add(new Repeated(key, first, line(k)));
          }
          findRepeats(t.getValueNode(), key);
        }
      }
    } else if (at instanceof SequenceNode s) {
      for (Node element : s.getValue()) {
        findRepeats(element, path);
      }
    }
  }

  private static int line(Node n) {
    return n.getStartMark().getLine() + 1;
  }
}
