package vru.ingest.api.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** Small sampling helpers shared by the record writers. */
final class Draw {
  static final double[] KNIFE_VICTIM_AGE = {
    0.2, 0.3, 3, 14, 15, 13, 11, 9, 8, 7, 6, 4, 3, 2, 1.5, 1, 0.6, 0.3, 0.1
  };
  static final double[] KNIFE_ADMISSION_AGE = {
    0.1, 0.1, 2, 18, 20, 15, 11, 9, 7, 6, 4, 3, 2, 1, 0.6, 0.4, 0.2, 0.1, 0.05
  };
  static final double[] HOMICIDE_AGE = {
    2, 0.5, 1, 6, 10, 11, 10, 9, 8, 8, 7, 6, 5, 4, 3, 3, 2, 1.5, 1
  };
  static final double[] GENERAL_AGE = {
    4, 3, 4, 9, 10, 9, 9, 8, 8, 7, 7, 6, 5, 4, 3, 2, 1.2, 0.6, 0.3
  };
  static final double[] FALLS_AGE = {3, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 5, 6, 8, 10, 12, 12, 10};

  private Draw() {}

  /** An index drawn with the given (unnormalised) weights. */
  static int weighted(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** An age in years: a five-year band by weight, then uniform inside it (90+ up to 100). */
  static int age(SplittableRandom random, double[] bandWeights) {
    int band = weighted(random, bandWeights);
    return band * 5 + random.nextInt(band == 18 ? 11 : 5);
  }

  /** A day in the month starting {@code month}. */
  static LocalDate day(SplittableRandom random, LocalDate month) {
    return month.plusDays(random.nextInt(month.lengthOfMonth()));
  }

  /** Appends {@code value} left-padded with zeros to {@code width} digits. */
  static StringBuilder pad(StringBuilder sb, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits);
  }

  static boolean chance(SplittableRandom random, double p) {
    return random.nextDouble() < p;
  }
}
