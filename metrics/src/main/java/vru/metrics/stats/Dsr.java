package vru.metrics.stats;

import java.util.List;
import java.util.Optional;

/**
 * The directly standardised rate by Dobson's method with Byar's limits on the total count (as
 * PHEindicatormethods {@code phe_dsr}): {@code DSR = Σ(xᵢwᵢ/nᵢ)/Σwᵢ × m}, {@code var = Σxᵢ(wᵢ/nᵢ)²
 * /(Σwᵢ)²}, {@code CI = DSR + √(var/O)(Byar(O) − O) m}, O = Σxᵢ. Not given when O < 10.
 *
 * @param count the total count O
 * @param value the rate per multiplier
 * @param ci95 95% interval
 * @param ci998 99.8% interval
 */
public record Dsr(long count, double value, Interval ci95, Interval ci998) {
  /** The European Standard Population 2013, 19 bands 0–4 … 85–89, 90+. */
  public static final List<String> ESP2013_BANDS =
      List.of(
          "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
          "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+");

  public static final double[] ESP2013 = {
    5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000,
    2500, 1500, 1000
  };

  /** Below this total count no value is given. */
  public static final long MIN_COUNT = 10;

  /**
   * The rate; empty when the total count is below 10 ("total count < 10", as Fingertips).
   *
   * @throws IllegalArgumentException when the arrays differ in length, a count is negative or a
   *     population is not positive
   */
  public static Optional<Dsr> of(long[] counts, double[] populations, double[] standard, double m) {
    if (counts.length != populations.length || counts.length != standard.length) {
      throw new IllegalArgumentException(
          "counts, populations and standard weights must have one value per age band");
    }
    long total = 0;
    double sw = 0;
    double sum = 0;
    double var = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0 || !(populations[i] > 0)) {
        throw new IllegalArgumentException(
            "age band " + (i + 1) + ": count must be >= 0 and population > 0");
      }
      total += counts[i];
      sw += standard[i];
      sum += counts[i] * standard[i] / populations[i];
      var += counts[i] * Math.pow(standard[i] / populations[i], 2);
    }
    if (total < MIN_COUNT) {
      return Optional.empty();
    }
    double dsr = sum / sw;
    double v = var / (sw * sw);
    return Optional.of(
        new Dsr(
            total,
            dsr * m,
            limits(dsr, v, total, PoissonLimits.Z95, m),
            limits(dsr, v, total, PoissonLimits.Z998, m)));
  }

  private static Interval limits(double dsr, double var, long o, double z, double m) {
    Interval b = PoissonLimits.byar(o, z);
    double k = Math.sqrt(var / o);
    return new Interval((dsr + k * (b.lower() - o)) * m, (dsr + k * (b.upper() - o)) * m);
  }
}
