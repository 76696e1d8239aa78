package vru.ingest.api.generate;

import java.util.SplittableRandom;

/** Poisson draws: Knuth's product method for small means, a rounded normal for large ones. */
final class Poisson {
  private Poisson() {}

  static int draw(SplittableRandom random, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 40) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      int k = 0;
      while (product > limit) {
        k++;
        product *= random.nextDouble();
      }
      return k;
    }
    return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  }

  static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
