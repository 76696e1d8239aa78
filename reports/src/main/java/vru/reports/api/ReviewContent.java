package vru.reports.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.Definition;

/**
 * What the partnership writes for its review, beside vru.yaml: its definition of serious violence
 * ({@code definition:} in vru.yaml), sections in Markdown in {@code review/} ({@code
 * foreword.en.md}, {@code governance.cy.md}, …), its priorities and actions ({@code actions.yaml})
 * and its LSOA deprivation lookup ({@code review/deprivation.csv}). Every file is validated;
 * problems name the file, the line and the fix, all at once.
 *
 * @param definition the local definition of serious violence, if written
 * @param sections each section's Markdown by name, then by language code
 * @param actions the actions, in file order
 * @param folder the folder the files are looked for in (named when one is missing)
 * @param deprivation the LSOA → deprivation decile lookup ({@code review/deprivation.csv}), if
 *     supplied (who is affected)
 */
public record ReviewContent(
    Optional<Definition> definition,
    Map<String, Map<String, String>> sections,
    List<Action> actions,
    Path folder,
    Optional<Deprivation> deprivation) {

  /** The sections a partnership may write, in the order the review places them. */
  public static final List<String> SECTIONS =
      List.of("foreword", "governance", "needs-assessment", "next-year");

  /** An action's progress, as the partnership records it. */
  public static final List<String> STATUSES =
      List.of("not started", "on track", "at risk", "delayed", "complete");

  /**
   * One action of the strategy.
   *
   * @param id its id, e.g. {@code A1}
   * @param priority the priority it serves, by language ({@code ""} key: every language)
   * @param action what will be done, by language
   * @param owner who owns it
   * @param due when it is due
   * @param status one of {@link #STATUSES}
   * @param node the theory-of-change step it serves, if any
   * @param line its line in actions.yaml
   */
  public record Action(
      String id,
      Map<String, String> priority,
      Map<String, String> action,
      String owner,
      LocalDate due,
      String status,
      Optional<String> node,
      int line) {
    /** The text in {@code language}, else the one written for every language. */
    public static String in(Map<String, String> text, String language) {
      return text.getOrDefault(language, text.getOrDefault("", ""));
    }
  }

  /** No content: every section says what to add. */
  public static ReviewContent none(Path folder) {
    return new ReviewContent(Optional.empty(), Map.of(), List.of(), folder, Optional.empty());
  }

  /**
   * Reads the content beside {@code config}.
   *
   * @param tocNodes the theory of change's step ids (actions may link to one); empty when the
   *     partnership has no theory of change
   * @throws VruException {@link ErrorCode#CONFIG_INVALID} naming every problem's file and line
   */
  public static ReviewContent load(
      Path config, Optional<Definition> definition, Set<String> tocNodes) {
    Path folder = config.toAbsolutePath().getParent();
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, String>> sections = sections(folder.resolve("review"), problems);
    List<Action> actions = new ArrayList<>();
    Path file = folder.resolve("actions.yaml");
    if (Files.isRegularFile(file)) {
      actions.addAll(actions(file, tocNodes, problems));
    }
    Optional<Deprivation> deprivation =
        Deprivation.load(folder.resolve("review").resolve(Deprivation.FILE), problems);
    if (!problems.isEmpty()) {
      throw new VruException(
          ErrorCode.CONFIG_INVALID,
          "the review's content has "
              + problems.size()
              + " problem(s):\n  "
              + String.join("\n  ", problems));
    }
    return new ReviewContent(definition, sections, List.copyOf(actions), folder, deprivation);
  }

  private static Map<String, Map<String, String>> sections(Path dir, List<String> problems) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".md")) {
          continue;
        }
        String[] parts = name.substring(0, name.length() - 3).split("\\.");
        String section = parts[0];
        String language = parts.length > 1 ? parts[1] : "en";
        if (!SECTIONS.contains(section)
            || parts.length > 2
            || !List.of("en", "cy").contains(language)) {
          problems.add(
              f
                  + ": not a review section. Fix: name it <section>.<language>.md, with a section"
                  + " of "
                  + String.join(", ", SECTIONS)
                  + " and a language of en or cy (e.g. foreword.cy.md)");
          continue;
        }
        String text;
        try {
          text = Files.readString(f, StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        } catch (java.nio.charset.CharacterCodingException e) {
          problems.add(
              f
                  + ": not UTF-8 text. Fix: save it as UTF-8 (in Notepad or Word: Save As,"
                  + " Encoding: UTF-8)");
          continue;
        }
        if (text.isEmpty()) {
          problems.add(f + ": the file is empty. Fix: write the section, or remove the file");
          continue;
        }
        out.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(language, text);
      }
    } catch (IOException e) {
      problems.add(dir + ": cannot be read (" + e.getMessage() + ")");
    }
    return out;
  }

  private static List<Action> actions(Path file, Set<String> tocNodes, List<String> problems) {
    Node root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new LoaderOptions()).compose(in);
    } catch (MarkedYAMLException e) {
      problems.add(
          file
              + ":"
              + (e.getProblemMark().getLine() + 1)
              + ": not valid YAML ("
              + e.getProblem()
              + "). Fix: check the indentation and quoting on that line");
      return List.of();
    } catch (IOException e) {
      problems.add(file + ": cannot be read (" + e.getMessage() + ")");
      return List.of();
    }
    Node list = root instanceof MappingNode m ? value(m, "actions") : null;
    if (!(list instanceof SequenceNode seq)) {
      problems.add(
          file
              + ":1: no 'actions:' list. Fix: write actions: followed by one '- id: …' entry per"
              + " action (docs/reports.md)");
      return List.of();
    }
    List<Action> out = new ArrayList<>();
    Set<String> ids = new java.util.HashSet<>();
    for (Node n : seq.getValue()) {
      int line = n.getStartMark().getLine() + 1;
      String at = file + ":" + line + ": ";
      if (!(n instanceof MappingNode m)) {
        problems.add(
            at + "an action must be a mapping of id, priority, action, owner, due, status");
        continue;
      }
      for (NodeTuple t : m.getValue()) {
        String key = scalar(t.getKeyNode());
        if (!List.of("id", "priority", "action", "owner", "due", "status", "node").contains(key)) {
          problems.add(
              file
                  + ":"
                  + (t.getKeyNode().getStartMark().getLine() + 1)
                  + ": unknown key '"
                  + key
                  + "'. Fix: use id, priority, action, owner, due, status and node");
        }
      }
      String id = scalar(value(m, "id"));
      if (id == null || id.isBlank()) {
        problems.add(at + "the action has no id. Fix: add id: A1 (any short unique label)");
        continue;
      }
      if (!ids.add(id)) {
        problems.add(at + "action '" + id + "' is written twice. Fix: give each action its own id");
      }
      Map<String, String> action = text(m, "action", at, problems);
      Map<String, String> priority = text(m, "priority", at, problems);
      String owner = scalar(value(m, "owner"));
      if (owner == null || owner.isBlank()) {
        problems.add(at + "action '" + id + "' has no owner. Fix: add owner: the body responsible");
      }
      String dueText = scalar(value(m, "due"));
      LocalDate due = null;
      try {
        due = LocalDate.parse(dueText == null ? "" : dueText);
      } catch (DateTimeParseException e) {
        problems.add(
            lineOf(file, value(m, "due"), line)
                + "action '"
                + id
                + "' due date '"
                + (dueText == null ? "" : dueText)
                + "' is not a date. Fix: write it as YYYY-MM-DD, e.g. 2025-09-30");
      }
      String status = scalar(value(m, "status"));
      if (status == null || !STATUSES.contains(status)) {
        problems.add(
            lineOf(file, value(m, "status"), line)
                + "action '"
                + id
                + "' status '"
                + (status == null ? "" : status)
                + "' is not one of "
                + String.join(", ", STATUSES)
                + ". Fix: use one of those");
      }
      Optional<String> node = Optional.ofNullable(scalar(value(m, "node")));
      if (node.isPresent() && !tocNodes.isEmpty() && !tocNodes.contains(node.get())) {
        problems.add(
            lineOf(file, value(m, "node"), line)
                + "action '"
                + id
                + "' links to '"
                + node.get()
                + "', which is not a step of the theory of change. Fix: use one of "
                + String.join(", ", new java.util.TreeSet<>(tocNodes)));
      }
      out.add(new Action(id, priority, action, owner, due, status, node, line));
    }
    return out;
  }

  /**
   * A text given once ({@code action: ...}) or by language ({@code action: {en: ..., cy: ...}}).
   */
  private static Map<String, String> text(
      MappingNode m, String key, String at, List<String> problems) {
    Node v = value(m, key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof ScalarNode s && !s.getValue().isBlank()) {
      out.put("", s.getValue());
    } else if (v instanceof MappingNode byLanguage) {
      for (NodeTuple t : byLanguage.getValue()) {
        String l = scalar(t.getKeyNode());
        String text = scalar(t.getValueNode());
        if (!List.of("en", "cy").contains(l) || text == null) {
          problems.add(at + key + ": give the text as one line, or by language as en: and cy:");
        } else {
          out.put(l, text);
        }
      }
    }
    if (out.isEmpty()) {
      problems.add(at + "no " + key + ". Fix: add " + key + ": and its text");
    }
    return out;
  }

  private static String lineOf(Path file, Node n, int fallback) {
    return file + ":" + (n == null ? fallback : n.getStartMark().getLine() + 1) + ": ";
  }

  private static Node value(MappingNode m, String key) {
    for (NodeTuple t : m.getValue()) {
      if (key.equals(scalar(t.getKeyNode()))) {
        return t.getValueNode();
      }
    }
    return null;
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }
}
