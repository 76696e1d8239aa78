package vru.metrics.api.disclosure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Disclosure control of published count tables, per the measure's rule, and a check that any output
 * table can be put through before it is published.
 *
 * <ul>
 *   <li>{@link Rule#HES}: NHS England's rule for HES below national level: 1–7 shown as {@code *},
 *       every other count rounded to the nearest 5 (0 stays 0). Rounding protects totals, so no
 *       secondary suppression is needed; rates and intervals come from unrounded counts.
 *   <li>{@link Rule#FINGERTIPS}: counts 1–5 suppressed, with secondary suppression: in every group
 *       whose total is published, a suppressed child must not be the only one (else total minus the
 *       others recovers it), so the smallest other published child is suppressed too; repeated
 *       until no group has exactly one suppressed child. Suppressed cells also lose their rate and
 *       interval, which would reveal the count.
 *   <li>{@link Rule#NONE}: police recorded crime and homicide tables, published unrounded.
 * </ul>
 */
public final class Disclosure {
  /** A disclosure rule. */
  public enum Rule {
    NONE,
    HES,
    FINGERTIPS;

    /** The rule as recorded with every published row, e.g. {@code hes}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The rule named by {@code key} ({@code none}, {@code hes}, {@code fingertips}). */
    public static Rule of(String key) {
      return Rule.valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One cell of a count table.
   *
   * @param group the group it belongs to (e.g. measure and period and parent area): a total and its
   *     children share a group
   * @param key the cell's key within the group (e.g. the area code)
   * @param count the true count
   * @param total whether this is the group's total (the sum of its children)
   */
  public record Cell(String group, String key, long count, boolean total) {}

  /**
   * A cell as published.
   *
   * @param published the count as shown: a number, or {@code *}
   * @param suppressed whether the count (and anything derived from it) is withheld
   * @param reason why: {@code primary} (a small count), {@code secondary} (protects another) or
   *     empty
   * @param rule the rule applied
   */
  public record Published(
      Cell cell, String published, boolean suppressed, String reason, Rule rule) {}

  /** What the check found. */
  public record Violation(String group, String key, String published, String problem) {
    public String describe() {
      return "group " + group + ", cell " + key + ": '" + published + "' " + problem;
    }
  }

  public static final String SUPPRESSED = "*";

  private Disclosure() {}

  /** Applies {@code rule} to a table. */
  public static List<Published> publish(List<Cell> cells, Rule rule) {
    List<Published> out = new ArrayList<>();
    switch (rule) {
      case NONE ->
          cells.forEach(c -> out.add(new Published(c, Long.toString(c.count()), false, "", rule)));
      case HES -> {
        for (Cell c : cells) {
          String p = HesRule.publish(c.count());
          boolean s = p.equals(SUPPRESSED);
          out.add(new Published(c, p, s, s ? "primary" : "", rule));
        }
      }
      case FINGERTIPS -> out.addAll(fingertips(cells));
      default -> throw new IllegalStateException();
    }
    return out;
  }

  private static List<Published> fingertips(List<Cell> cells) {
    Map<Cell, String> reason = new LinkedHashMap<>();
    for (Cell c : cells) {
      reason.put(c, c.count() >= 1 && c.count() <= 5 ? "primary" : "");
    }
    Map<String, List<Cell>> groups = new LinkedHashMap<>();
    cells.forEach(c -> groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (List<Cell> g : groups.values()) {
        boolean totalPublished = g.stream().anyMatch(c -> c.total() && reason.get(c).isEmpty());
        if (!totalPublished) {
          continue;
        }
        List<Cell> children = g.stream().filter(c -> !c.total()).toList();
        long suppressed = children.stream().filter(c -> !reason.get(c).isEmpty()).count();
        if (suppressed == 1) {
          Cell next =
              children.stream()
                  .filter(c -> reason.get(c).isEmpty())
                  .min(Comparator.comparingLong(Cell::count).thenComparing(Cell::key))
                  .orElse(null);
          if (next == null) {
            // a single child: its value is the total's, so the total goes too
            Cell total = g.stream().filter(Cell::total).findFirst().orElseThrow();
            reason.put(total, "secondary");
          } else {
            reason.put(next, "secondary");
          }
          changed = true;
        }
      }
    }
    List<Published> out = new ArrayList<>();
    for (Cell c : cells) {
      String r = reason.get(c);
      out.add(
          new Published(
              c,
              r.isEmpty() ? Long.toString(c.count()) : SUPPRESSED,
              !r.isEmpty(),
              r,
              Rule.FINGERTIPS));
    }
    return out;
  }

  /**
   * Scans a table about to be published and lists every value that would disclose: for the HES
   * rule, a shown count from 1 to 7 or one not rounded to 5; for the Fingertips rule, a shown count
   * from 1 to 5, or a group with a shown total and exactly one withheld child (recoverable by
   * differencing). Empty when the table may be published.
   */
  public static List<Violation> check(List<Published> table) {
    List<Violation> out = new ArrayList<>();
    Map<String, List<Published>> groups = new LinkedHashMap<>();
    for (Published p : table) {
      groups.computeIfAbsent(p.cell().group(), g -> new ArrayList<>()).add(p);
      if (p.published().equals(SUPPRESSED)) {
        continue;
      }
      long shown;
      try {
        shown = Long.parseLong(p.published().replace(",", ""));
      } catch (NumberFormatException e) {
        out.add(new Violation(p.cell().group(), p.cell().key(), p.published(), "is not a count"));
        continue;
      }
      switch (p.rule()) {
        case HES -> {
          if (shown >= 1 && shown <= 7) {
            out.add(
                new Violation(
                    p.cell().group(), p.cell().key(), p.published(), "is a count from 1 to 7"));
          } else if (shown % 5 != 0) {
            out.add(
                new Violation(
                    p.cell().group(),
                    p.cell().key(),
                    p.published(),
                    "is not rounded to the nearest 5"));
          }
        }
        case FINGERTIPS -> {
          if (shown >= 1 && shown <= 5) {
            out.add(
                new Violation(
                    p.cell().group(), p.cell().key(), p.published(), "is a count from 1 to 5"));
          }
        }
        default -> {}
      }
    }
    for (List<Published> g : groups.values()) {
      if (g.get(0).rule() != Rule.FINGERTIPS) {
        continue;
      }
      boolean total =
          g.stream().anyMatch(p -> p.cell().total() && !p.published().equals(SUPPRESSED));
      List<Published> hidden =
          g.stream().filter(p -> !p.cell().total() && p.published().equals(SUPPRESSED)).toList();
      if (total && hidden.size() == 1) {
        Published p = hidden.get(0);
        out.add(
            new Violation(
                p.cell().group(),
                p.cell().key(),
                p.published(),
                "is the only withheld cell in a group with a published total: it can be recovered"
                    + " by differencing"));
      }
    }
    return out;
  }
}
