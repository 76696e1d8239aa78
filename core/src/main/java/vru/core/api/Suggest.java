package vru.core.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the expected name closest to a mistyped one, for "did you mean" hints. */
public final class Suggest {
  private Suggest() {}

  /**
   * The candidate with the smallest edit distance to {@code given} (case-insensitive), if it is
   * close enough to be a plausible typo: at most a third of the longer name's length, or one name
   * starting with the other (an abbreviation).
   */
  public static Optional<String> closest(String given, Collection<String> candidates) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      if (g.length() >= 3 && lc.length() >= 3 && (lc.startsWith(g) || g.startsWith(lc))) {
        return Optional.of(c);
      }
      int d = distance(g, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best == null || bestDistance > Math.max(2, Math.max(g.length(), best.length()) / 3)) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
