package vru.metrics.stats;

import java.util.List;

/**
 * The Fingertips recent-trend test on the last five annual points: a regression of value on time
 * weighted by {@code wₜ = 1/((UCL − LCL)/3.92)²}, {@code χ² = (slope/SE)²}; significant when {@code
 * χ² > 9.5495} (99.8%, 1 df) and every leave-one-out slope has the same sign.
 *
 * @param slope change per period
 * @param se its standard error
 * @param chiSquared the test statistic
 * @param significant whether the trend is significant
 * @param label {@code Increasing}, {@code Decreasing}, {@code No significant change}, or {@code
 *     Could not be calculated}; with a polarity, "and getting better/worse" is added
 */
public record Trend(double slope, double se, double chiSquared, boolean significant, String label) {
  /** One annual point with its 95% interval. */
  public record Point(double time, double value, double lower, double upper) {}

  public static final double CRITICAL = 9.5495;

  /**
   * The trend of the last five points.
   *
   * @param lowIsGood the measure's polarity: {@code true} low is good, {@code false} high is good,
   *     {@code null} no judgement
   */
  public static Trend of(List<Point> points, Boolean lowIsGood) {
    if (points.size() < 5) {
      return new Trend(Double.NaN, Double.NaN, Double.NaN, false, "Could not be calculated");
    }
    List<Point> last = points.subList(points.size() - 5, points.size());
    for (Point p : last) {
      if (!(p.upper() > p.lower()) || !Double.isFinite(p.value())) {
        return new Trend(Double.NaN, Double.NaN, Double.NaN, false, "Could not be calculated");
      }
    }
    double[] fit = fit(last, -1);
    double chi = Math.pow(fit[0] / fit[1], 2);
    boolean sameSign = true;
    for (int leave = 0; leave < 5; leave++) {
      sameSign &= Math.signum(fit(last, leave)[0]) == Math.signum(fit[0]);
    }
    boolean sig = chi > CRITICAL && sameSign;
    String label;
    if (!sig) {
      label = "No significant change";
    } else {
      boolean up = fit[0] > 0;
      label = up ? "Increasing" : "Decreasing";
      if (lowIsGood != null) {
        label += (up == lowIsGood) ? " and getting worse" : " and getting better";
      }
    }
    return new Trend(fit[0], fit[1], chi, sig, label);
  }

  /** Weighted slope and SE, leaving out point {@code leave} (−1: none). */
  private static double[] fit(List<Point> points, int leave) {
    double sw = 0;
    double st = 0;
    double sy = 0;
    for (int i = 0; i < points.size(); i++) {
      if (i == leave) {
        continue;
      }
      Point p = points.get(i);
      double w = weight(p);
      sw += w;
      st += w * p.time();
      sy += w * p.value();
    }
    double tb = st / sw;
    double yb = sy / sw;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < points.size(); i++) {
      if (i == leave) {
        continue;
      }
      Point p = points.get(i);
      double w = weight(p);
      sxx += w * (p.time() - tb) * (p.time() - tb);
      sxy += w * (p.time() - tb) * (p.value() - yb);
    }
    return new double[] {sxy / sxx, Math.sqrt(1 / sxx)};
  }

  private static double weight(Point p) {
    double se = (p.upper() - p.lower()) / 3.92;
    return 1 / (se * se);
  }
}
