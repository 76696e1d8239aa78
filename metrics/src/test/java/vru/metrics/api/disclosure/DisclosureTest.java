package vru.metrics.api.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import vru.metrics.api.disclosure.Disclosure.Cell;
import vru.metrics.api.disclosure.Disclosure.Published;
import vru.metrics.api.disclosure.Disclosure.Rule;

class DisclosureTest {
  static List<Cell> group(String g, long... children) {
    List<Cell> out = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < children.length; i++) {
      out.add(new Cell(g, "area" + i, children[i], false));
      total += children[i];
    }
    out.add(new Cell(g, "total", total, true));
    return out;
  }

  static String shown(List<Published> t, String key) {
    return t.stream().filter(p -> p.cell().key().equals(key)).findFirst().orElseThrow().published();
  }

  @Test
  void fingertipsSuppressesSmallCountsAndTheNextSmallestSoDifferencingFails() {
    List<Published> t = Disclosure.publish(group("g", 3, 40, 12, 90), Rule.FINGERTIPS);
    assertThat(shown(t, "area0")).isEqualTo("*");
    assertThat(shown(t, "area2")).isEqualTo("*"); // secondary: the smallest other child
    assertThat(shown(t, "area1")).isEqualTo("40");
    assertThat(shown(t, "total")).isEqualTo("145");
    assertThat(t).filteredOn(p -> p.reason().equals("secondary")).hasSize(1);
    assertThat(Disclosure.check(t)).isEmpty();
  }

  @Test
  void hesRoundsAndSuppressesAndTheCheckCatchesAnUnroundedCount() {
    List<Published> t = Disclosure.publish(group("g", 3, 8, 12, 0), Rule.HES);
    assertThat(shown(t, "area0")).isEqualTo("*");
    assertThat(shown(t, "area1")).isEqualTo("10");
    assertThat(shown(t, "area3")).isEqualTo("0");
    assertThat(shown(t, "total")).isEqualTo("25");
    assertThat(Disclosure.check(t)).isEmpty();
    List<Published> leaked = new ArrayList<>(t);
    leaked.set(1, new Published(t.get(1).cell(), "8", false, "", Rule.HES));
    assertThat(Disclosure.check(leaked))
        .singleElement()
        .satisfies(v -> assertThat(v.describe()).contains("cell area1").contains("not rounded"));
  }

  @Test
  void theCheckFindsASmallCountAndARecoverableCell() {
    List<Cell> g = group("g", 3, 40, 12);
    List<Published> t =
        List.of(
            new Published(g.get(0), "*", true, "primary", Rule.FINGERTIPS),
            new Published(g.get(1), "40", false, "", Rule.FINGERTIPS),
            new Published(g.get(2), "12", false, "", Rule.FINGERTIPS),
            new Published(g.get(3), "55", false, "", Rule.FINGERTIPS));
    assertThat(Disclosure.check(t))
        .singleElement()
        .satisfies(v -> assertThat(v.problem()).contains("differencing"));
    List<Published> small = List.of(new Published(g.get(0), "3", false, "", Rule.FINGERTIPS));
    assertThat(Disclosure.check(small))
        .singleElement()
        .satisfies(v -> assertThat(v.problem()).contains("1 to 5"));
  }

  @RepeatedTest(200)
  void noPublishedTableThatPassesTheCheckRevealsASuppressedCount(
      org.junit.jupiter.api.RepetitionInfo info) {
    SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
    List<Cell> cells = new ArrayList<>();
    int groups = 1 + r.nextInt(5);
    for (int g = 0; g < groups; g++) {
      long[] children = new long[1 + r.nextInt(6)];
      for (int i = 0; i < children.length; i++) {
        children[i] = r.nextInt(4) == 0 ? r.nextInt(0, 8) : r.nextInt(0, 60);
      }
      cells.addAll(group("g" + g, children));
    }
    for (Rule rule : List.of(Rule.FINGERTIPS, Rule.HES)) {
      List<Published> t = Disclosure.publish(cells, rule);
      assertThat(Disclosure.check(t)).as(rule + " " + cells).isEmpty();
      for (Published p : t) {
        if (rule == Rule.FINGERTIPS && p.cell().count() >= 1 && p.cell().count() <= 5) {
          assertThat(p.published()).isEqualTo("*");
        }
      }
      if (rule == Rule.FINGERTIPS) {
        // differencing: total minus every shown child must not pin down a withheld child
        for (int g = 0; g < groups; g++) {
          String group = "g" + g;
          List<Published> in = t.stream().filter(p -> p.cell().group().equals(group)).toList();
          Published total = in.stream().filter(p -> p.cell().total()).findFirst().orElseThrow();
          List<Published> hidden =
              in.stream().filter(p -> !p.cell().total() && p.suppressed()).toList();
          if (!total.suppressed()) {
            assertThat(hidden.size()).as(in.toString()).isNotEqualTo(1);
          }
        }
      }
    }
  }
}
