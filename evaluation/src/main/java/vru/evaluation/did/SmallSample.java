package vru.evaluation.did;

/**
 * The small-sample factor applied to the cluster-robust (CR1) variance, with G clusters, N rows and
 * K parameters.
 */
public enum SmallSample {
  /**
   * {@code G/(G-1) · (N-1)/(N-K)} with K counting every fixed-effect column, the intercept and the
   * treatment (Stata's {@code areg}/{@code reg} with dummies, statsmodels, R sandwich {@code HC1}
   * on {@code lm} with factors). The default.
   */
  ALL_FIXED_EFFECTS,
  /**
   * The same with K not counting fixed effects nested in the clusters (R fixest's default: K = 6 on
   * mpdta).
   */
  FIXEST,
  /** {@code G/(G-1)} only. */
  CLUSTERS_ONLY,
  /** No adjustment. */
  NONE;

  double factor(int clusters, int n, int units, int periods, boolean unitsNestedInClusters) {
    double g = clusters / (clusters - 1.0);
    return switch (this) {
      case ALL_FIXED_EFFECTS -> g * (n - 1.0) / (n - (units + periods));
      case FIXEST -> g * (n - 1.0) / (n - (unitsNestedInClusters ? periods + 1 : units + periods));
      case CLUSTERS_ONLY -> g;
      case NONE -> 1.0;
    };
  }
}
