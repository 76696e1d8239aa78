package vru.evaluation.api.did;

import java.util.SplittableRandom;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The restricted wild cluster bootstrap (WCR, Cameron, Gelbach and Miller 2008; as {@code boottest}
 * and {@code fwildclusterboot}) for the TWFE coefficient, for inference with few clusters.
 *
 * <p>For a null value β₀: restricted residuals {@code u = ỹ − β₀ D̃}; each draw multiplies every
 * cluster's residuals by one weight v_g, rebuilds {@code y* = β₀ D̃ + v∘u}, refits the full model
 * (the fixed effects are removed again, so period effects that cross clusters are handled exactly)
 * and computes {@code t* = (β* − β₀)/se*} with the same CR1 variance as the estimate. The p-value
 * is the share of draws with {@code |t*| ≥ |t|} (symmetric). The interval is every β₀ not rejected,
 * found by bisection on the p-value; all β₀ share the same draws. The fit is linear in β₀, so each
 * draw is demeaned twice and every β₀ then costs O(G) per draw.
 *
 * <p>Rademacher weights are ±1; Webb's six-point weights ±√½, ±1, ±√(3/2) suit very few clusters.
 * With Rademacher weights and {@code 2^G ≤ draws} every sign pattern is enumerated instead, which
 * is exact and needs no seed.
 */
public final class WildClusterBootstrap {
  /** The multiplier distribution. */
  public enum Weights {
    RADEMACHER,
    WEBB
  }

  /**
   * The bootstrap's answer.
   *
   * @param pValue two-sided symmetric p-value of β = 0
   * @param ciLower lower limit of the test-inversion interval
   * @param ciUpper upper limit
   * @param draws draws used
   * @param weights the multiplier distribution
   * @param seed the seed ({@code null} when every pattern was enumerated)
   * @param enumerated whether all 2^G Rademacher patterns were used
   */
  public record Result(
      double pValue,
      double ciLower,
      double ciUpper,
      int draws,
      Weights weights,
      Long seed,
      boolean enumerated) {}

  private final double beta;
  private final double se;
  private final double factor;
  private final double sdd;
  private final int draws;

  /** Per draw and cluster: Σ w D̃ M(v∘ỹ) and Σ w D̃ M(v∘D̃) over the cluster's rows. */
  private final double[][] alpha;

  private final double[][] gamma;

  /** Per draw: the sums over clusters of alpha and gamma. */
  private final double[] alphaSum;

  private final double[] gammaSum;

  /** Per cluster: Σ w D̃². */
  private final double[] b;

  private WildClusterBootstrap(Twfe.Fit fit, double[][] v) {
    DidPanel p = fit.panel();
    int n = p.size();
    int g = p.clusters();
    beta = fit.beta();
    se = fit.se();
    factor = fit.factor();
    sdd = fit.sdd();
    draws = v.length;
    Demeaner m = new Demeaner(p.unit, p.units(), p.period, p.periods(), fit.w());
    b = new double[g];
    for (int i = 0; i < n; i++) {
      b[p.cluster[i]] += weight(fit, i) * fit.dd()[i] * fit.dd()[i];
    }
    alpha = new double[draws][g];
    gamma = new double[draws][g];
    alphaSum = new double[draws];
    gammaSum = new double[draws];
    double[] vy = new double[n];
    double[] vd = new double[n];
    for (int d = 0; d < draws; d++) {
      for (int i = 0; i < n; i++) {
        double vi = v[d][p.cluster[i]];
        vy[i] = vi * fit.yd()[i];
        vd[i] = vi * fit.dd()[i];
      }
      double[] my = m.demean(vy);
      double[] md = m.demean(vd);
      for (int i = 0; i < n; i++) {
        double wd = weight(fit, i) * fit.dd()[i];
        alpha[d][p.cluster[i]] += wd * my[i];
        gamma[d][p.cluster[i]] += wd * md[i];
      }
      for (int c = 0; c < g; c++) {
        alphaSum[d] += alpha[d][c];
        gammaSum[d] += gamma[d][c];
      }
    }
  }

  private static double weight(Twfe.Fit fit, int i) {
    return fit.w() == null ? 1 : fit.w()[i];
  }

  /**
   * Runs the bootstrap on the TWFE fit of {@code panel}.
   *
   * @param draws draws (at least 99)
   * @param seed seed of the multipliers
   * @param confidence confidence level of the interval
   */
  public static Result run(
      DidPanel panel,
      SmallSample convention,
      Weights weights,
      int draws,
      long seed,
      double confidence) {
    if (draws < 99) {
      throw new VruException(
          ErrorCode.USAGE,
          "the wild bootstrap needs at least 99 draws (999 or more recommended); got " + draws);
    }
    Twfe.Fit fit = Twfe.fit(panel, convention);
    int g = panel.clusters();
    boolean enumerate = weights == Weights.RADEMACHER && g < 31 && (1 << g) <= draws;
    double[][] v;
    if (enumerate) {
      v = new double[1 << g][g];
      for (int d = 0; d < v.length; d++) {
        for (int c = 0; c < g; c++) {
          v[d][c] = ((d >> c) & 1) == 0 ? 1 : -1;
        }
      }
    } else {
      SplittableRandom random = new SplittableRandom(seed);
      v = new double[draws][g];
      double[] webb = {-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)};
      for (int d = 0; d < draws; d++) {
        for (int c = 0; c < g; c++) {
          v[d][c] =
              weights == Weights.RADEMACHER
                  ? (random.nextBoolean() ? 1 : -1)
                  : webb[random.nextInt(webb.length)];
        }
      }
    }
    WildClusterBootstrap w = new WildClusterBootstrap(fit, v);
    double alphaLevel = 1 - confidence;
    double lower = w.bound(-1, alphaLevel);
    double upper = w.bound(1, alphaLevel);
    return new Result(
        w.pValue(0), lower, upper, v.length, weights, enumerate ? null : seed, enumerate);
  }

  /** The bootstrap p-value of H0: β = β₀. */
  double pValue(double beta0) {
    double t = Math.abs((beta - beta0) / se);
    int extreme = 0;
    for (int d = 0; d < draws; d++) {
      double delta = (alphaSum[d] - beta0 * gammaSum[d]) / sdd;
      double meat = 0;
      for (int c = 0; c < b.length; c++) {
        double s = alpha[d][c] - beta0 * gamma[d][c] - delta * b[c];
        meat += s * s;
      }
      double seStar = Math.sqrt(factor * meat) / sdd;
      double tStar = seStar > 0 ? Math.abs(delta / seStar) : 0;
      if (tStar >= t * (1 - 1e-12)) {
        extreme++;
      }
    }
    return (double) extreme / draws;
  }

  /** The interval's end on one side: the β₀ where the p-value falls to α, by bisection. */
  private double bound(int side, double alphaLevel) {
    double inside = beta;
    double step = se;
    double outside = beta + side * step;
    int expansions = 0;
    while (pValue(outside) > alphaLevel) {
      inside = outside;
      step *= 2;
      outside = beta + side * step;
      if (++expansions > 60) {
        return side * Double.POSITIVE_INFINITY;
      }
    }
    for (int k = 0; k < 60 && Math.abs(outside - inside) > 1e-9 * se; k++) {
      double mid = (inside + outside) / 2;
      if (pValue(mid) > alphaLevel) {
        inside = mid;
      } else {
        outside = mid;
      }
    }
    return (inside + outside) / 2;
  }
}
