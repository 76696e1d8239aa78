package vru.evaluation.api.did;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The Goodman-Bacon (2021) decomposition of the TWFE coefficient into every 2x2
 * difference-in-differences between timing groups, with their weights (Theorem 1). With n_k the
 * share of units in group k, D̄_k the share of periods it is treated and V the variance of the
 * two-way demeaned treatment:
 *
 * <ul>
 *   <li>treated vs never treated: {@code s_kU = (n_k+n_U)² n_kU(1−n_kU) D̄_k(1−D̄_k) / V};
 *   <li>earlier vs later treated (k earlier, before l starts): {@code s = ((n_k+n_l)(1−D̄_l))²
 *       n_kl(1−n_kl) (D̄_k−D̄_l)/(1−D̄_l) (1−D̄_k)/(1−D̄_l) / V};
 *   <li>later vs earlier treated (the "forbidden" comparison, k already treated as control): {@code
 *       s = ((n_k+n_l)D̄_k)² n_kl(1−n_kl) (D̄_l/D̄_k) (D̄_k−D̄_l)/D̄_k / V}.
 * </ul>
 *
 * Units treated from the first period form an "always treated" group that serves only as a control.
 * The weights sum to one and {@code Σ s·β_2x2 = β_TWFE}; both are checked. Needs a balanced,
 * unweighted panel.
 */
public final class Bacon {
  /** One 2x2 comparison. */
  public record Comparison(
      String type, String treated, String control, double estimate, double weight) {}

  /**
   * The decomposition.
   *
   * @param comparisons every 2x2 with positive weight
   * @param byType weight and weighted average estimate per comparison type
   * @param twfe the TWFE coefficient the comparisons reproduce
   */
  public record Result(List<Comparison> comparisons, Map<String, double[]> byType, double twfe) {}

  public static final String TREATED_VS_NEVER = "treated vs never treated";
  public static final String EARLIER_VS_LATER = "earlier vs later treated";
  public static final String LATER_VS_EARLIER = "later vs earlier treated";
  public static final String LATER_VS_ALWAYS = "later vs always treated";

  private Bacon() {}

  /**
   * Decomposes β.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} for an unbalanced or weighted panel
   */
  public static Result decompose(DidPanel p) {
    if (!p.balanced()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the Goodman-Bacon decomposition needs a balanced panel (every unit in every period)");
    }
    if (p.weighted) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the Goodman-Bacon decomposition is defined for the unweighted TWFE regression; drop"
              + " --weight");
    }
    int periods = p.periods();
    int first = p.times.get(0);
    double[][] y = new double[p.units()][periods];
    for (int r = 0; r < p.size(); r++) {
      y[p.unit[r]][p.period[r]] = p.y[r];
    }
    // timing groups by start index: -1 never; 0 always treated; s in 1..T-1
    Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
    for (int u = 0; u < p.units(); u++) {
      int c = p.unitCohort[u];
      int start;
      if (p.neverTreated(c)) {
        start = -1;
      } else if (c <= first) {
        start = 0;
      } else {
        start = p.times.indexOf(c);
        if (start < 0) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              "cohort "
                  + p.axis.label(c)
                  + " is not one of the panel's periods; the decomposition needs it to be");
        }
      }
      groups.computeIfAbsent(start, k -> new ArrayList<>()).add(u);
    }
    double nTotal = p.units();
    Map<Integer, double[]> mean = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
      double[] m = new double[periods];
      for (int u : e.getValue()) {
        for (int t = 0; t < periods; t++) {
          m[t] += y[u][t] / e.getValue().size();
        }
      }
      mean.put(e.getKey(), m);
    }
    Twfe.Fit fit = Twfe.fit(p, SmallSample.NONE);
    double vd = fit.sdd() / p.size();
    List<Comparison> out = new ArrayList<>();
    List<Integer> timing = groups.keySet().stream().filter(s -> s >= 0).toList();
    for (int k : timing) {
      double nk = groups.get(k).size() / nTotal;
      double dk = (double) (periods - k) / periods;
      if (groups.containsKey(-1) && k > 0) {
        double nu = groups.get(-1).size() / nTotal;
        double nku = nk / (nk + nu);
        double s = Math.pow(nk + nu, 2) * nku * (1 - nku) * dk * (1 - dk) / vd;
        double est = did(mean.get(k), mean.get(-1), 0, k, periods);
        out.add(new Comparison(TREATED_VS_NEVER, label(p, k), "never treated", est, s));
      }
      for (int l : timing) {
        if (l <= k) {
          continue;
        }
        double nl = groups.get(l).size() / nTotal;
        double dl = (double) (periods - l) / periods;
        double nkl = nk / (nk + nl);
        if (k > 0) {
          double s =
              Math.pow((nk + nl) * (1 - dl), 2)
                  * nkl
                  * (1 - nkl)
                  * (dk - dl)
                  / (1 - dl)
                  * (1 - dk)
                  / (1 - dl)
                  / vd;
          double est = did(mean.get(k), mean.get(l), 0, k, l);
          out.add(new Comparison(EARLIER_VS_LATER, label(p, k), label(p, l), est, s));
        }
        double s = Math.pow((nk + nl) * dk, 2) * nkl * (1 - nkl) * (dl / dk) * (dk - dl) / dk / vd;
        double est = did(mean.get(l), mean.get(k), k, l, periods);
        out.add(
            new Comparison(
                k == 0 ? LATER_VS_ALWAYS : LATER_VS_EARLIER, label(p, l), label(p, k), est, s));
      }
    }
    double sumW = 0;
    double sumWb = 0;
    Map<String, double[]> byType = new LinkedHashMap<>();
    for (Comparison c : out) {
      sumW += c.weight();
      sumWb += c.weight() * c.estimate();
      double[] t = byType.computeIfAbsent(c.type(), x -> new double[2]);
      t[0] += c.weight();
      t[1] += c.weight() * c.estimate();
    }
    for (double[] t : byType.values()) {
      t[1] = t[0] > 0 ? t[1] / t[0] : Double.NaN;
    }
    if (Math.abs(sumW - 1) > 1e-8
        || Math.abs(sumWb - fit.beta()) > 1e-8 * (1 + Math.abs(fit.beta()))) {
      throw new IllegalStateException(
          "Goodman-Bacon weights sum to "
              + sumW
              + " and reproduce "
              + sumWb
              + " not "
              + fit.beta());
    }
    return new Result(List.copyOf(out), byType, fit.beta());
  }

  /**
   * The 2x2 DiD of group a against group b over periods [from, to): pre = [from, split), post =
   * [split, to).
   */
  private static double did(double[] a, double[] b, int from, int split, int to) {
    return (avg(a, split, to) - avg(a, from, split)) - (avg(b, split, to) - avg(b, from, split));
  }

  private static double avg(double[] m, int from, int to) {
    double s = 0;
    for (int t = from; t < to; t++) {
      s += m[t];
    }
    return s / (to - from);
  }

  private static String label(DidPanel p, int start) {
    return start == 0 ? "always treated" : "cohort " + p.axis.label(p.times.get(start));
  }
}
