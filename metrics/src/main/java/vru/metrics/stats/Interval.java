package vru.metrics.stats;

/** A confidence interval, lower to upper, in the estimate's units. */
public record Interval(double lower, double upper) {
  public Interval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("lower " + lower + " above upper " + upper);
    }
  }

  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  Interval scaled(double factor) {
    return new Interval(lower * factor, upper * factor);
  }
}
