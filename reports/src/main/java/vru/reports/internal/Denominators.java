package vru.reports.internal;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import vru.metrics.api.PanelRow;

/**
 * What a reader is told about the rates' denominators: when some rates use an earlier year's
 * population estimate carried forward (none was loaded for their own year), a sentence naming the
 * years that had none and the estimates used instead, so no reader takes them for the final rates.
 */
public final class Denominators {
  private Denominators() {}

  /** The sentence, or empty when every rate uses its own year's estimate. */
  public static Optional<String> carriedForward(Text t, Collection<PanelRow> rows) {
    TreeSet<Integer> wanted = new TreeSet<>();
    TreeSet<Integer> used = new TreeSet<>();
    for (PanelRow p : rows) {
      if (p.populationCarriedForward()) {
        wanted.add(p.period().populationYear());
        used.add(p.populationYear().getAsInt());
      }
    }
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(t.format("annex.population.carried", years(wanted), years(used)));
  }

  private static String years(TreeSet<Integer> years) {
    return years.stream().map(y -> "mid-" + y).collect(Collectors.joining(", "));
  }
}
