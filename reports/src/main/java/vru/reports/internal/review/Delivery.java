package vru.reports.internal.review;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vru.metrics.api.ProgrammeValue;
import vru.metrics.stats.Interval;
import vru.metrics.stats.PoissonLimits;
import vru.metrics.stats.Proportion;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;

/**
 * Delivery and reach from programme monitoring, per intervention over the partnership's areas in
 * the year reviewed: referrals, starts and completions (whole counts of what happened, so no
 * interval), the completion rate with its Wilson interval, spend and spend per completion.
 */
final class Delivery extends ReviewPart {
  Delivery(Review review) {
    super(review);
  }

  List<Block> delivery() {
    int year = r.year().startYear();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, double[]> spend = new TreeMap<>();
    for (ProgrammeValue v : r.programme()) {
      if (v.financialYear() != year || !r.areas().contains(v.areaCode())) {
        continue;
      }
      long[] c = counts.computeIfAbsent(v.intervention(), k -> new long[4]);
      c[0] += v.referrals();
      c[1] += v.starts();
      c[2] += v.completions();
      c[3] += v.months() < 12 ? 1 : 0;
      double[] s = spend.computeIfAbsent(v.intervention(), k -> new double[] {0, 0});
      if (!Double.isNaN(v.costGbp())) {
        s[0] += v.costGbp();
      } else {
        s[1] = 1;
      }
    }
    if (counts.isEmpty()) {
      return List.of(Block.para(t.format("delivery.none", r.year().shortLabel())));
    }
    DataTable.Builder tab =
        new DataTable.Builder("delivery", t.format("delivery.caption", r.year().shortLabel()))
            .rowHeader()
            .column(t.get("col.intervention"), false)
            .column(t.get("col.referrals"), true)
            .column(t.get("col.starts"), true)
            .column(t.get("col.completions"), true)
            .column(t.get("col.completion.rate"), false)
            .column(t.get("col.spend"), true)
            .column(t.get("col.spend.per.completion"), true);
    boolean part = false;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      double[] s = spend.get(e.getKey());
      part |= c[3] > 0;
      String rate = "–";
      if (c[1] > 0 && c[2] <= c[1]) {
        Interval w = Proportion.wilson(c[2], c[1], PoissonLimits.Z95);
        rate =
            num.percent((double) c[2] / c[1])
                + " ("
                + num.percent(w.lower())
                + " "
                + t.get("ci.to")
                + " "
                + num.percent(w.upper())
                + ")";
      }
      boolean spendKnown = s[1] == 0;
      tab.row(
          List.of(
              t.display("intervention", e.getKey())
                  + (c[3] > 0 ? " " + t.get("delivery.part") : ""),
              num.count(c[0]),
              num.count(c[1]),
              num.count(c[2]),
              rate,
              spendKnown ? "£" + num.count(Math.round(s[0])) : "–",
              spendKnown && c[2] > 0 ? "£" + num.count(Math.round(s[0] / c[2])) : "–"));
    }
    return List.of(
        Block.para(t.format("delivery.intro", r.partnershipName(), r.year().shortLabel())),
        Block.ofTable(tab.build()),
        Block.para(t.get("delivery.notes") + (part ? " " + t.get("delivery.part.note") : "")));
  }
}
