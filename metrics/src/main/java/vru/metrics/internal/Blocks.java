package vru.metrics.internal;

import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import vru.metrics.api.Period;

/**
 * The starts and ends of a measure's longer-period rows, by type, or why they cannot be added
 * (overlapping rolling years).
 */
record Blocks(
    String table,
    Map<String, java.util.Set<String>> starts,
    Map<String, java.util.Set<String>> ends,
    java.util.Optional<String> overlap) {
  static final Blocks NONE = new Blocks("", Map.of(), Map.of(), java.util.Optional.empty());

  static Blocks of(String table, Map<String, java.util.SortedSet<String>> blocks) {
    Map<String, java.util.Set<String>> starts = new TreeMap<>();
    Map<String, java.util.Set<String>> ends = new TreeMap<>();
    java.util.Optional<String> overlap = java.util.Optional.empty();
    for (Map.Entry<String, java.util.SortedSet<String>> b : blocks.entrySet()) {
      YearMonth previousEnd = null;
      for (String block : b.getValue()) {
        YearMonth first = YearMonth.parse(block.substring(0, 7));
        YearMonth last = YearMonth.parse(block.substring(8));
        if (previousEnd != null && !first.isAfter(previousEnd) && overlap.isEmpty()) {
          overlap =
              java.util.Optional.of(
                  "the "
                      + table
                      + " rows of this measure include overlapping periods ("
                      + b.getKey()
                      + " rows ending "
                      + previousEnd
                      + " and "
                      + last
                      + "), which cannot be added: keep one of each overlapping pair");
        }
        previousEnd = last;
        starts.computeIfAbsent(b.getKey(), k -> new java.util.HashSet<>()).add(first.toString());
        ends.computeIfAbsent(b.getKey(), k -> new java.util.HashSet<>()).add(last.toString());
      }
    }
    return new Blocks(table, starts, ends, overlap);
  }

  java.util.Optional<String> reason(Period p) {
    if (overlap.isPresent()) {
      return overlap;
    }
    for (String type : starts.keySet()) {
      if (!starts.get(type).contains(p.first().toString())
          || !ends.get(type).contains(p.last().toString())) {
        return java.util.Optional.of(
            "the "
                + table
                + " rows of this measure are by "
                + BLOCK_NAMES.getOrDefault(type, type)
                + ", which give no value for "
                + p.label());
      }
    }
    return java.util.Optional.empty();
  }

  private static final Map<String, String> BLOCK_NAMES =
      Map.of(
          "quarter", "quarter",
          "fy", "financial year",
          "year", "calendar year",
          "r12", "rolling 12 months");
}
