package vru.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vru.core.geo.Geography;

/**
 * A partnership's member areas: police force areas, community safety partnerships or local
 * authorities of the 2025 hierarchy, in any mix that does not overlap (no area inside, or the same
 * as, another member), so no event or resident is counted twice.
 */
final class MemberAreas {
  private MemberAreas() {}

  /** Checks one member's code. */
  static void check(String key, String code, Geography geo) {
    if (code == null
        || !(geo.pfas().containsKey(code)
            || geo.csps().containsKey(code)
            || geo.las().containsKey(code))) {
      throw ConfigProblems.problem(
          key,
          "'"
              + code
              + "' is not a police force area (E23…/W15…), community safety partnership (E22…/W14…)"
              + " or local authority (E06…/E07…/E08…/E09…/W06…) code of the 2025 hierarchy"
              + ConfigLoader.hint(String.valueOf(code), geo.las().keySet()));
    }
  }

  /** The local authorities inside an area (itself, for a local authority). */
  static Set<String> las(String code, Geography geo) {
    Set<String> out = new LinkedHashSet<>();
    for (Geography.Link l : geo.links()) {
      if (l.pfa().code().equals(code)
          || l.csp().code().equals(code)
          || l.la().code().equals(code)) {
        out.add(l.la().code());
      }
    }
    return out;
  }

  /** A problem for each pair of members that overlap. */
  static List<ConfigProblems.Invalid> overlaps(String key, List<String> areas, Geography geo) {
    List<ConfigProblems.Invalid> out = new ArrayList<>();
    for (int i = 0; i < areas.size(); i++) {
      for (int j = i + 1; j < areas.size(); j++) {
        Set<String> shared = las(areas.get(i), geo);
        shared.retainAll(las(areas.get(j), geo));
        if (!shared.isEmpty()) {
          out.add(
              ConfigProblems.problem(
                  key,
                  areas.get(j),
                  areas.get(i)
                      + " ("
                      + geo.nameOf(areas.get(i)).orElse("?")
                      + ") and "
                      + areas.get(j)
                      + " ("
                      + geo.nameOf(areas.get(j)).orElse("?")
                      + ") overlap ("
                      + shared.size()
                      + " local authorit"
                      + (shared.size() == 1 ? "y" : "ies")
                      + " in both), so their events would be counted twice; list each place once,"
                      + " as the larger area or as its parts"));
        }
      }
    }
    return out;
  }
}
