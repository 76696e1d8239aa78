package vru.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vru.core.geo.Geography;

/**
 * The partnership's most similar areas ({@code similar-areas:}), compared with as a group: a list
 * of codes, or the name of a file beside vru.yaml that holds them (one code a line, or a CSV with
 * an {@code area_code} or {@code code} column, as a "most similar group" or nearest-neighbour list
 * is published). They are areas of the partnership's own level: police force areas for a
 * partnership of forces, CSPs for one of CSPs, local authorities for one of local authorities, none
 * of them a member.
 */
final class SimilarAreas {
  private SimilarAreas() {}

  static List<String> of(Path file, JsonNode node, List<String> members, Geography geo) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    List<String> codes = new ArrayList<>();
    String where = "similar-areas";
    if (node.isTextual()) {
      Path list = file.toAbsolutePath().getParent().resolve(node.asText()).normalize();
      where = "similar-areas (" + list.getFileName() + ")";
      codes.addAll(read(list));
    } else if (node.isArray()) {
      node.forEach(n -> codes.add(n.asText().trim()));
    } else {
      throw ConfigProblems.problem(
          "similar-areas", "give a list of area codes, or the name of a file that lists them");
    }
    String level = level(members, geo);
    Set<String> out = new LinkedHashSet<>();
    for (String code : codes) {
      String its = levelOf(code, geo);
      if (its == null) {
        throw ConfigProblems.problem(
            where,
            "'"
                + code
                + "' is not a police force area, CSP or local authority code of the 2025 hierarchy"
                + ConfigLoader.hint(code, geo.csps().keySet()));
      }
      if (level != null && !its.equals(level)) {
        throw ConfigProblems.problem(
            where,
            "'"
                + code
                + "' ("
                + geo.nameOf(code).orElse(code)
                + ") is a "
                + name(its)
                + "; the partnership's members are "
                + name(level)
                + "s, and it is compared with areas of its own level");
      }
      if (members.contains(code)) {
        throw ConfigProblems.problem(
            where, "'" + code + "' is a member of the partnership, not an area to compare with");
      }
      out.add(code);
    }
    return List.copyOf(out);
  }

  /** The codes a similar-areas file lists: one a line, or an area_code or code column. */
  private static List<String> read(Path list) {
    List<String> lines;
    try {
      lines = Files.readAllLines(list);
    } catch (IOException e) {
      throw ConfigProblems.problem(
          "similar-areas", "cannot read " + list + " (" + e.getMessage() + ")");
    }
    List<String> out = new ArrayList<>();
    int column = 0;
    for (int i = 0; i < lines.size(); i++) {
      List<String> cells = List.of(lines.get(i).split(",", -1));
      if (i == 0) {
        List<String> head = cells.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
        int at = head.indexOf("area_code") >= 0 ? head.indexOf("area_code") : head.indexOf("code");
        if (at >= 0) {
          column = at;
          continue;
        }
      }
      if (column < cells.size() && !cells.get(column).isBlank()) {
        out.add(cells.get(column).trim().replace("\"", ""));
      }
    }
    return out;
  }

  private static String levelOf(String code, Geography geo) {
    if (geo.pfas().containsKey(code)) {
      return "pfa";
    }
    if (geo.csps().containsKey(code)) {
      return "csp";
    }
    return geo.las().containsKey(code) ? "la" : null;
  }

  /** The members' level when they share one; police force areas for a mix. */
  private static String level(List<String> members, Geography geo) {
    Set<String> levels = new LinkedHashSet<>();
    for (String m : members) {
      String l = levelOf(m, geo);
      if (l != null) {
        levels.add(l);
      }
    }
    return levels.size() == 1 ? levels.iterator().next() : "pfa";
  }

  private static String name(String level) {
    return switch (level) {
      case "pfa" -> "police force area";
      case "csp" -> "community safety partnership";
      default -> "local authority";
    };
  }
}
