package vru.reports.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vru.metrics.api.PanelRow;
import vru.metrics.api.disclosure.Disclosure;
import vru.metrics.stats.CrudeRate;

/**
 * A panel value as a report shows it: its count published under the measure's disclosure rule, and
 * its rate and interval, withheld with the count when the count is suppressed (the rate and the
 * population would give it back).
 *
 * @param row the panel row
 * @param published the count as published, empty when the source does not cover the period
 */
public record Shown(PanelRow row, Optional<Disclosure.Published> published) {

  /** Each row shown under {@code rule}; rows sharing {@code group} are protected together. */
  public static List<Shown> of(List<PanelRow> rows, Disclosure.Rule rule, String group) {
    List<Disclosure.Cell> cells = new ArrayList<>();
    for (PanelRow r : rows) {
      r.count()
          .ifPresent(
              n ->
                  cells.add(
                      new Disclosure.Cell(
                          group,
                          r.areaCode() + "|" + r.periodLabel() + "|" + r.ageBand(),
                          n,
                          r.areaLevel().equals("country"))));
    }
    List<Disclosure.Published> pub = Disclosure.publish(cells, rule);
    List<Shown> out = new ArrayList<>();
    int i = 0;
    for (PanelRow r : rows) {
      out.add(new Shown(r, r.count().isPresent() ? Optional.of(pub.get(i++)) : Optional.empty()));
    }
    return out;
  }

  /** One row shown on its own under {@code rule}. */
  public static Shown one(PanelRow row, Disclosure.Rule rule) {
    return of(List.of(row), rule, row.measure() + "|" + row.areaCode() + "|" + row.periodLabel())
        .get(0);
  }

  public boolean suppressed() {
    return published.map(Disclosure.Published::suppressed).orElse(false);
  }

  /** The rate, if it may be shown. */
  public Optional<CrudeRate> rate() {
    return suppressed() ? Optional.empty() : row.rate();
  }

  /** The count as shown: formatted, {@code *}, or a dash where the data do not cover the period. */
  public String count(Numbers num) {
    if (published.isEmpty()) {
      return "–";
    }
    String p = published.get().published();
    return p.equals(Disclosure.SUPPRESSED) ? p : num.count(Long.parseLong(p));
  }

  public String rate(Numbers num) {
    if (suppressed()) {
      return Disclosure.SUPPRESSED;
    }
    return row.rate().map(r -> num.rate(r.value())).orElse("–");
  }

  public String ci(Numbers num) {
    if (suppressed()) {
      return Disclosure.SUPPRESSED;
    }
    return row.rate()
        .map(r -> num.rate(r.ci95().lower()) + " – " + num.rate(r.ci95().upper()))
        .orElse("–");
  }
}
