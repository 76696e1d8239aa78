package vru.evaluation.api.did;

/**
 * The small-sample factor applied to the cluster-robust (CR1) variance, with G clusters, N rows and
 * K parameters.
 */
public enum SmallSample {
  /**
   * {@code G/(G-1) · (N-1)/(N-K)} with K counting every fixed-effect column, the intercept and the
   * coefficients (Stata's {@code reg} with dummies, statsmodels, R sandwich {@code HC1} on {@code
   * lm} with factors). The default.
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

  /**
   * The factor.
   *
   * @param coefficients the slope coefficients besides the fixed effects (1 for TWFE)
   */
  double factor(
      int clusters,
      int n,
      int units,
      int periods,
      boolean unitsNestedInClusters,
      int coefficients) {
    double g = clusters / (clusters - 1.0);
    int all = units + periods - 1 + coefficients;
    return switch (this) {
      case ALL_FIXED_EFFECTS -> g * (n - 1.0) / (n - all);
      case FIXEST -> g * (n - 1.0) / (n - (unitsNestedInClusters ? periods + coefficients : all));
      case CLUSTERS_ONLY -> g;
      case NONE -> 1.0;
    };
  }

  /** How the convention is named to a reader, e.g. in JSON. */
  public String describe() {
    return switch (this) {
      case ALL_FIXED_EFFECTS -> "G/(G-1)·(N-1)/(N-K), K counting every fixed effect";
      case FIXEST -> "G/(G-1)·(N-1)/(N-K), K without fixed effects nested in clusters (fixest)";
      case CLUSTERS_ONLY -> "G/(G-1)";
      case NONE -> "no small-sample factor";
    };
  }

  /** The option value, e.g. {@code all-fixed-effects}. */
  public String option() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
