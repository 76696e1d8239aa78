package vru.evaluation.api.did;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The multiplier bootstrap of Callaway and Sant'Anna (2021), as R {@code did}'s {@code mboot}: each
 * draw multiplies every cluster's mean influence function by a Rademacher weight; the replicate of
 * an estimate is {@code √G · mean_c(v_c ψ̄_c)}. Its SE is the interquartile range of the replicates
 * over that of the standard normal, divided by √G; the uniform (sup-t) critical value is the {@code
 * 1 − α} quantile of {@code max_k |replicate_k| / σ_k} over the set of estimates.
 *
 * <p>The weights are drawn once from the seed, so every set of estimates sees the same draws and a
 * seed gives the same output on any machine and thread count. Replicates are computed in blocks of
 * draws so each influence vector is read once per block.
 */
final class MultiplierBootstrap {
  private static final double NORMAL_IQR = 1.3489795003921634;
  private static final int BLOCK = 8;

  /** Standard errors and the uniform critical value of a set of estimates. */
  record Band(double[] se, double criticalValue) {}

  private final int draws;
  private final int clusters;
  private final int[] clusterOfUnit;
  private final int[] clusterSize;
  private final double[][] v;

  MultiplierBootstrap(int draws, long seed, int[] clusterOfUnit, int clusters) {
    this.draws = draws;
    this.clusters = clusters;
    this.clusterOfUnit = clusterOfUnit;
    clusterSize = new int[clusters];
    for (int c : clusterOfUnit) {
      clusterSize[c]++;
    }
    SplittableRandom random = new SplittableRandom(seed);
    v = new double[draws][clusters];
    for (int b = 0; b < draws; b++) {
      for (int c = 0; c < clusters; c += 64) {
        long bits = random.nextLong();
        for (int j = 0; j < 64 && c + j < clusters; j++) {
          v[b][c + j] = ((bits >>> j) & 1) == 0 ? 1.0 : -1.0;
        }
      }
    }
  }

  int draws() {
    return draws;
  }

  /**
   * Bootstrap SEs of the estimates with influence functions {@code psi} (one value per unit) and
   * the uniform critical value over those that are not degenerate.
   */
  Band band(List<double[]> psi, double confidence) {
    int k = psi.size();
    double[][] mean = new double[k][clusters];
    for (int j = 0; j < k; j++) {
      double[] p = psi.get(j);
      for (int i = 0; i < p.length; i++) {
        mean[j][clusterOfUnit[i]] += p[i];
      }
      for (int c = 0; c < clusters; c++) {
        mean[j][c] /= clusterSize[c];
      }
    }
    // influence functions are sparse (a cell touches its cohort and its comparison units): keep
    // the non-zero cluster means only
    int[][] idx = new int[k][];
    double[][] val = new double[k][];
    for (int j = 0; j < k; j++) {
      int nz = 0;
      for (double x : mean[j]) {
        nz += x != 0 ? 1 : 0;
      }
      idx[j] = new int[nz];
      val[j] = new double[nz];
      for (int c = 0, m = 0; c < clusters; c++) {
        if (mean[j][c] != 0) {
          idx[j][m] = c;
          val[j][m++] = mean[j][c];
        }
      }
    }
    double[][] rep = new double[k][draws];
    double scale = Math.sqrt(clusters) / clusters;
    int blocks = (draws + BLOCK - 1) / BLOCK;
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            blk -> {
              int b0 = blk * BLOCK;
              int width = Math.min(draws, b0 + BLOCK) - b0;
              // the block's weights cluster-major, so one cluster's BLOCK weights are adjacent
              double[] vt = new double[clusters * BLOCK];
              for (int j = 0; j < width; j++) {
                double[] vb = v[b0 + j];
                for (int c = 0; c < clusters; c++) {
                  vt[c * BLOCK + j] = vb[c];
                }
              }
              double[] acc = new double[BLOCK];
              for (int j = 0; j < k; j++) {
                java.util.Arrays.fill(acc, 0);
                int[] ix = idx[j];
                double[] vl = val[j];
                for (int m = 0; m < ix.length; m++) {
                  int base = ix[m] * BLOCK;
                  double x = vl[m];
                  for (int d = 0; d < BLOCK; d++) {
                    acc[d] += vt[base + d] * x;
                  }
                }
                for (int d = 0; d < width; d++) {
                  rep[j][b0 + d] = acc[d] * scale;
                }
              }
            });
    double[] sigma = new double[k];
    double[] se = new double[k];
    boolean[] ok = new boolean[k];
    for (int j = 0; j < k; j++) {
      double ss = 0;
      for (double r : rep[j]) {
        ss += r * r;
      }
      ok[j] = Double.isFinite(ss) && ss > Math.sqrt(Math.ulp(1.0)) * 10;
      if (ok[j]) {
        double[] sorted = rep[j].clone();
        Arrays.sort(sorted);
        sigma[j] = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / NORMAL_IQR;
        se[j] = sigma[j] / Math.sqrt(clusters);
        ok[j] = sigma[j] > 0;
      }
      if (!ok[j]) {
        se[j] = Double.NaN;
      }
    }
    double[] sup = new double[draws];
    boolean any = false;
    for (int j = 0; j < k; j++) {
      if (!ok[j]) {
        continue;
      }
      any = true;
      for (int b = 0; b < draws; b++) {
        sup[b] = Math.max(sup[b], Math.abs(rep[j][b] / sigma[j]));
      }
    }
    double crit = Double.NaN;
    if (any) {
      Arrays.sort(sup);
      crit = quantile(sup, confidence);
    }
    return new Band(se, crit);
  }

  /** R's type 1 quantile: the inverse of the empirical distribution function. */
  static double quantile(double[] sorted, double p) {
    int j = (int) Math.ceil(sorted.length * p - 1e-12);
    return sorted[Math.max(0, Math.min(sorted.length - 1, j - 1))];
  }
}
