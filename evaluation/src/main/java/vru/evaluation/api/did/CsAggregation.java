package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.evaluation.api.did.CallawaySantAnna.AttGt;
import vru.evaluation.api.did.CallawaySantAnna.Bootstrap;
import vru.evaluation.api.did.CallawaySantAnna.Effect;
import vru.evaluation.api.did.CallawaySantAnna.Result;
import vru.evaluation.api.did.GroupTime.Cell;

/**
 * The aggregations of the group-time effects (simple, dynamic, group, calendar and their overall
 * summaries, each with the estimation effect of its weights in the influence function), their
 * analytic or multiplier-bootstrap standard errors, and the Wald pre-test, as R {@code did}'s
 * {@code aggte} computes them.
 */
final class CsAggregation {
  /** An aggregate with its influence function. */
  private record Agg(String key, double estimate, double se, double[] psi) {
    Agg withSe(double newSe) {
      return new Agg(key, estimate, newSe, psi);
    }
  }

  /** The group effects and the index of each one's cohort in the cohort list. */
  private record Groups(List<Agg> effects, List<Integer> cohorts) {}

  /** The Wald pre-test: statistic, degrees of freedom, p-value. */
  private record Wald(double statistic, int df, double p) {}

  /** The critical values of the dynamic, group and calendar sets of effects. */
  private record Critical(double dynamic, double group, double calendar) {}

  private final CsPanel d;
  private final int n;
  private final List<Cell> cells;
  private final double[] att;
  private final double[][] psi;

  /** Each cohort's share of the weighted units. */
  private final double[] pgg;

  /** Each cell's cohort share. */
  private final double[] pg;

  CsAggregation(CsPanel d, GroupTime.Cells estimated) {
    this.d = d;
    this.n = d.n;
    this.cells = estimated.cells();
    this.att = estimated.att();
    this.psi = estimated.psi();
    pgg = new double[d.groups.size()];
    for (int j = 0; j < d.groups.size(); j++) {
      int g = d.groups.get(j);
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += d.cohortIndex[i] == g ? d.w[i] : 0;
      }
      pgg[j] = s / n;
    }
    pg = new double[cells.size()];
    for (int k = 0; k < cells.size(); k++) {
      pg[k] = pgg[d.groups.indexOf(cells.get(k).group())];
    }
  }

  Result result() {
    CallawaySantAnna.Options options = d.options;
    Integer maxE = options.maxE();
    List<Integer> post = keep(k -> post(k) && (maxE == null || event(k) <= maxE));
    Agg simple = agg("simple", post, sizeWeights(post), true);
    List<Agg> dynamic = dynamic();
    List<Agg> dynamicPost = dynamic.stream().filter(a -> Integer.parseInt(a.key()) >= 0).toList();
    Groups groups = groups();
    List<Agg> group = new ArrayList<>(groups.effects());
    Agg groupOverall = groupOverall(group, groups.cohorts());
    List<Agg> calendar = calendar();
    Agg dynamicOverall = mean("dynamic", dynamicPost);
    Agg calendarOverall = mean("calendar", calendar);

    double[] attSe = new double[cells.size()];
    for (int k = 0; k < cells.size(); k++) {
      attSe[k] = cells.get(k).reference() ? Double.NaN : d.se(psi[k]);
    }
    double z =
        new NormalDistribution().inverseCumulativeProbability(1 - (1 - options.confidence()) / 2);
    Bootstrap boot = null;
    Critical critical = new Critical(z, z, z);
    if (options.bootstrap() > 0) {
      MultiplierBootstrap mb = multiplierBootstrap();
      MultiplierBootstrap.Band cellBand =
          mb.band(keep(k -> true).stream().map(k -> psi[k]).toList(), options.confidence());
      for (int k = 0; k < cells.size(); k++) {
        attSe[k] = cells.get(k).reference() ? Double.NaN : cellBand.se()[k];
      }
      critical =
          new Critical(
              bootstrapSet(mb, dynamic), bootstrapSet(mb, group), bootstrapSet(mb, calendar));
      List<Agg> overall = List.of(simple, dynamicOverall, groupOverall, calendarOverall);
      MultiplierBootstrap.Band ob =
          mb.band(overall.stream().map(Agg::psi).toList(), options.confidence());
      simple = simple.withSe(ob.se()[0]);
      dynamicOverall =
          new Agg("dynamic", dynamicOverall.estimate(), ob.se()[1], dynamicOverall.psi());
      groupOverall = new Agg("group", groupOverall.estimate(), ob.se()[2], groupOverall.psi());
      calendarOverall =
          new Agg("calendar", calendarOverall.estimate(), ob.se()[3], calendarOverall.psi());
      boot =
          new Bootstrap(
              options.bootstrap(),
              options.seed(),
              cellBand.criticalValue(),
              critical.dynamic(),
              critical.group(),
              critical.calendar());
    }
    List<AttGt> gt = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      gt.add(
          new AttGt(d.times[cells.get(k).group()], d.times[cells.get(k).time()], att[k], attSe[k]));
    }
    Wald wald = wald(keep(k -> !post(k) && !cells.get(k).reference() && d.se(psi[k]) > 0));
    return new Result(
        gt,
        effect(simple, z),
        effects(dynamic, critical.dynamic()),
        effect(dynamicOverall, z),
        effects(group, critical.group()),
        effect(groupOverall, z),
        effects(calendar, critical.calendar()),
        effect(calendarOverall, z),
        wald.statistic(),
        wald.df(),
        wald.p(),
        List.copyOf(d.excluded),
        boot,
        n,
        d.periods,
        options.bootstrap() > 0 ? d.panel.clusters() : n);
  }

  /** The event-time effects, in event-time order, within the balance and event-time limits. */
  private List<Agg> dynamic() {
    CallawaySantAnna.Options options = d.options;
    TreeSet<Integer> eseq = new TreeSet<>();
    Integer balance = options.balanceE();
    Integer maxE = options.maxE();
    IntPredicate inBalance =
        k -> balance == null || (d.periods - 1) - cells.get(k).group() >= balance;
    for (int k = 0; k < cells.size(); k++) {
      if (inBalance.test(k)) {
        eseq.add(event(k));
      }
    }
    if (balance != null) {
      eseq.removeIf(e -> e > balance || e < balance - (d.periods - 1));
    }
    if (options.minE() != null) {
      eseq.removeIf(e -> e < options.minE());
    }
    if (maxE != null) {
      eseq.removeIf(e -> e > maxE);
    }
    List<Agg> dynamic = new ArrayList<>();
    for (int e : eseq) {
      List<Integer> k = keep(c -> inBalance.test(c) && event(c) == e);
      dynamic.add(agg(Integer.toString(e), k, sizeWeights(k), true));
    }
    return dynamic;
  }

  /** Each cohort's mean post-treatment effect, with equal weights over its periods. */
  private Groups groups() {
    Integer maxE = d.options.maxE();
    List<Agg> group = new ArrayList<>();
    List<Integer> groupIndex = new ArrayList<>();
    for (int j = 0; j < d.groups.size(); j++) {
      int g = d.groups.get(j);
      List<Integer> k =
          keep(c -> cells.get(c).group() == g && post(c) && (maxE == null || event(c) <= maxE));
      if (k.isEmpty()) {
        continue;
      }
      double[] wk = new double[k.size()];
      Arrays.fill(wk, 1.0 / k.size());
      group.add(agg(d.label(g), k, wk, false));
      groupIndex.add(j);
    }
    return new Groups(group, groupIndex);
  }

  /** Each period's effect over the cohorts treated by then. */
  private List<Agg> calendar() {
    List<Agg> calendar = new ArrayList<>();
    int firstGroup = d.groups.isEmpty() ? 0 : d.groups.get(0);
    for (int t = Math.max(firstGroup, 0); t < d.periods; t++) {
      int period = t;
      List<Integer> k = keep(c -> cells.get(c).time() == period && post(c));
      if (k.isEmpty()) {
        continue;
      }
      calendar.add(agg(d.label(t), k, sizeWeights(k), true));
    }
    return calendar;
  }

  private MultiplierBootstrap multiplierBootstrap() {
    int[] clusterOfUnit = d.panel.unitCluster;
    for (int i = 0; i < n; i++) {
      if (clusterOfUnit[i] < 0) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "unit "
                + d.panel.unitIds.get(i)
                + " falls in more than one cluster; the bootstrap needs each unit in one cluster");
      }
    }
    return new MultiplierBootstrap(
        d.options.bootstrap(), d.options.seed(), clusterOfUnit, d.panel.clusters());
  }

  /** Replaces each effect's SE with its bootstrap SE; returns the set's sup-t critical value. */
  private double bootstrapSet(MultiplierBootstrap mb, List<Agg> set) {
    if (set.isEmpty()) {
      return Double.NaN;
    }
    MultiplierBootstrap.Band band =
        mb.band(set.stream().map(Agg::psi).toList(), d.options.confidence());
    for (int j = 0; j < set.size(); j++) {
      set.set(j, set.get(j).withSe(band.se()[j]));
    }
    return band.criticalValue();
  }

  private int event(int k) {
    return cells.get(k).time() - cells.get(k).group();
  }

  private boolean post(int k) {
    return cells.get(k).post();
  }

  private static Effect effect(Agg a, double crit) {
    double se = a.se() > 0 ? a.se() : Double.NaN;
    return new Effect(
        a.key(), a.estimate(), se, a.estimate() - crit * se, a.estimate() + crit * se);
  }

  private static List<Effect> effects(List<Agg> aggs, double crit) {
    return aggs.stream().map(a -> effect(a, crit)).toList();
  }

  private double member(int i, int k) {
    return d.cohortIndex[i] == cells.get(k).group() ? d.w[i] : 0;
  }

  private Agg agg(String key, List<Integer> keep, double[] wk, boolean weightsEstimated) {
    double est = 0;
    double[] out = new double[n];
    for (int j = 0; j < keep.size(); j++) {
      int k = keep.get(j);
      est += wk[j] * att[k];
      for (int i = 0; i < n; i++) {
        out[i] += psi[k][i] * wk[j];
      }
    }
    if (weightsEstimated) {
      double s = 0;
      for (int k : keep) {
        s += pg[k];
      }
      for (int i = 0; i < n; i++) {
        double[] cen = new double[keep.size()];
        double rowSum = 0;
        for (int j = 0; j < keep.size(); j++) {
          int k = keep.get(j);
          cen[j] = member(i, k) - pg[k];
          rowSum += cen[j];
        }
        for (int j = 0; j < keep.size(); j++) {
          int k = keep.get(j);
          out[i] += (cen[j] / s - rowSum * pg[k] / (s * s)) * att[k];
        }
      }
    }
    return new Agg(key, est, d.se(out), out);
  }

  private Agg groupOverall(List<Agg> group, List<Integer> index) {
    double s = 0;
    for (int j : index) {
      s += pgg[j];
    }
    double est = 0;
    for (int a = 0; a < group.size(); a++) {
      est += pgg[index.get(a)] / s * group.get(a).estimate();
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double rowSum = 0;
      double[] cen = new double[group.size()];
      for (int a = 0; a < group.size(); a++) {
        int j = index.get(a);
        cen[a] = (d.cohortIndex[i] == d.groups.get(j) ? d.w[i] : 0) - pgg[j];
        rowSum += cen[a];
      }
      for (int a = 0; a < group.size(); a++) {
        double p = pgg[index.get(a)];
        out[i] +=
            group.get(a).psi()[i] * p / s
                + (cen[a] / s - rowSum * p / (s * s)) * group.get(a).estimate();
      }
    }
    return new Agg("group", est, d.se(out), out);
  }

  private Agg mean(String key, List<Agg> parts) {
    double est = 0;
    double[] out = new double[n];
    for (Agg a : parts) {
      est += a.estimate() / parts.size();
      for (int i = 0; i < n; i++) {
        out[i] += a.psi()[i] / parts.size();
      }
    }
    return new Agg(key, parts.isEmpty() ? Double.NaN : est, d.se(out), out);
  }

  /** {@code W = n a' V⁻¹ a} over the pre-treatment cells, V = Ψ'Ψ/n; chi-squared with |pre| df. */
  private Wald wald(List<Integer> pre) {
    if (pre.isEmpty()) {
      return new Wald(Double.NaN, 0, Double.NaN);
    }
    RealMatrix v = new Array2DRowRealMatrix(pre.size(), pre.size());
    RealVector a = new ArrayRealVector(pre.size());
    for (int r = 0; r < pre.size(); r++) {
      a.setEntry(r, att[pre.get(r)]);
      for (int c = 0; c < pre.size(); c++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += psi[pre.get(r)][i] * psi[pre.get(c)][i];
        }
        v.setEntry(r, c, s / n);
      }
    }
    LUDecomposition lu = new LUDecomposition(v);
    if (!lu.getSolver().isNonSingular()) {
      d.excluded.add(
          "pre-test: the pre-period effects' covariance is singular, so no Wald statistic");
      return new Wald(Double.NaN, pre.size(), Double.NaN);
    }
    double stat = n * a.dotProduct(lu.getSolver().solve(a));
    double p = 1 - new ChiSquaredDistribution(pre.size()).cumulativeProbability(stat);
    return new Wald(stat, pre.size(), p);
  }

  private double[] sizeWeights(List<Integer> keep) {
    double s = 0;
    for (int k : keep) {
      s += pg[k];
    }
    double[] out = new double[keep.size()];
    for (int j = 0; j < keep.size(); j++) {
      out[j] = pg[keep.get(j)] / s;
    }
    return out;
  }

  private List<Integer> keep(IntPredicate cell) {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < cells.size(); k++) {
      if (cell.test(k)) {
        out.add(k);
      }
    }
    return out;
  }
}
