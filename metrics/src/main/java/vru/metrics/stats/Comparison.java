package vru.metrics.stats;

/**
 * Comparison with a benchmark by the confidence-interval rule (as Fingertips): similar when the
 * benchmark lies within the area's 95% interval (inclusive), otherwise higher or lower, turned into
 * better or worse by the measure's polarity.
 */
public final class Comparison {
  /** The rule as stated with every result. */
  public static final String RULE =
      "similar if the benchmark lies within the 95% confidence interval (inclusive); otherwise"
          + " higher or lower, better or worse by the measure's polarity";

  private Comparison() {}

  /**
   * The label.
   *
   * @param lowIsGood polarity: {@code true} low is good, {@code false} high is good, {@code null}
   *     none (labels Higher/Lower)
   */
  public static String label(Interval ci95, double benchmark, Boolean lowIsGood) {
    if (!Double.isFinite(benchmark) || !Double.isFinite(ci95.lower())) {
      return "Not compared";
    }
    if (ci95.lower() <= benchmark && benchmark <= ci95.upper()) {
      return "Similar";
    }
    boolean lower = ci95.upper() < benchmark;
    if (lowIsGood == null) {
      return lower ? "Lower" : "Higher";
    }
    return lower == lowIsGood ? "Better" : "Worse";
  }
}
