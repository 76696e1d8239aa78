package vru.reports.internal.review;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.api.Measures;
import vru.metrics.stats.CrudeRate;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Shown;

/**
 * What changed since last year's review: each national measure's figure for last year as that
 * review published it (read back from {@code review_key_figure}), the same figure as the data now
 * give it, flagged when revised, and this year's figure.
 */
final class Changed extends ReviewPart {
  /** A rate that moved by more than this fraction, or a count that changed, is a revision. */
  static final double REVISION = 0.005;

  /** The format counts were recorded in (KeyFigureStore), to compare like with like. */
  private static final vru.reports.internal.Numbers RECORDED =
      new vru.reports.internal.Numbers(java.util.Locale.UK);

  private final Map<String, KeyFigureStore.Published> previous;

  Changed(Review review, Map<String, KeyFigureStore.Published> previous) {
    super(review);
    this.previous = previous;
  }

  List<Block> changed() {
    String last = r.year().previous().shortLabel();
    if (previous.isEmpty()) {
      return List.of(Block.para(t.format("changed.first", r.partnershipName(), last)));
    }
    DataTable.Builder tab =
        new DataTable.Builder("changed", t.format("changed.caption", last, r.year().shortLabel()))
            .rowHeader()
            .column(t.get("col.measure"), false)
            .column(t.format("col.changed.published", last), false)
            .column(t.format("col.changed.now", last), false)
            .column(t.get("col.changed.revised"), false)
            .column(t.format("col.changed.this", r.year().shortLabel()), false);
    int revised = 0;
    for (String m : Measures.NATIONAL) {
      KeyFigureStore.Published then = previous.get(m);
      Optional<Shown> nowLast = shown(m, r.year().previous().startYear());
      Optional<Shown> nowThis = shown(m, r.year().startYear());
      if (then == null && nowLast.isEmpty()) {
        continue;
      }
      String published =
          then == null
              ? "–"
              : then.count()
                  + then.rate().map(v -> "; " + num.rate(v[0]) + " " + unit(m)).orElse("");
      String current = nowLast.map(s -> figure(m, s)).orElse("–");
      boolean isRevised = then != null && nowLast.isPresent() && revised(then, nowLast.get());
      revised += isRevised ? 1 : 0;
      tab.row(
          List.of(
              title(m),
              published,
              current,
              t.get(isRevised ? "changed.revised.yes" : "changed.revised.no"),
              nowThis.map(s -> figure(m, s)).orElse("–")));
    }
    String when =
        previous.values().stream()
            .map(KeyFigureStore.Published::recordedAt)
            .max(java.util.Comparator.naturalOrder())
            .map(d -> date(d.toLocalDate()))
            .orElse("–");
    return List.of(
        Block.para(t.format("changed.intro", last, when, revised)), Block.ofTable(tab.build()));
  }

  private Optional<Shown> shown(String m, int year) {
    return fy(m, r.partnershipId(), year, "all").map(row -> Shown.one(row, rule(m)));
  }

  private String figure(String m, Shown s) {
    return s.count(num) + s.rate().map(x -> "; " + num.rate(x.value()) + " " + unit(m)).orElse("");
  }

  private boolean revised(KeyFigureStore.Published then, Shown now) {
    if (!then.count().equals(now.count(RECORDED))) {
      return true;
    }
    Optional<CrudeRate> rate = now.rate();
    if (then.rate().isPresent() != rate.isPresent()) {
      return true;
    }
    return rate.isPresent()
        && Math.abs(rate.get().value() - then.rate().get()[0])
            > REVISION * Math.max(Math.abs(then.rate().get()[0]), 1e-9);
  }
}
