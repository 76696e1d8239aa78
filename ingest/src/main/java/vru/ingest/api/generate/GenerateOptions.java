package vru.ingest.api.generate;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What to generate.
 *
 * @param out the folder to write into (created if missing)
 * @param seed the random seed: the same seed and options give the same bytes
 * @param scale multiplies every volume; 1.0 is the national volume of England and Wales
 * @param firstYear the first financial year (its starting calendar year)
 * @param lastYear the last financial year (its starting calendar year)
 * @param dirtyRate the share of record-level rows made deliberately bad (0 to 0.2)
 * @param progress receives one line as each file is finished
 * @param nationalScale the scale of the three national measures' own events (knife crime, knife
 *     admissions, homicides); the demo sets it above {@code scale} so those rates are at real
 *     magnitudes while the bulk no national measure reads stays thinned
 */
public record GenerateOptions(
    Path out,
    long seed,
    double scale,
    int firstYear,
    int lastYear,
    double dirtyRate,
    Consumer<String> progress,
    double nationalScale) {

  /** Every stream at {@code scale}. */
  public GenerateOptions(
      Path out,
      long seed,
      double scale,
      int firstYear,
      int lastYear,
      double dirtyRate,
      Consumer<String> progress) {
    this(out, seed, scale, firstYear, lastYear, dirtyRate, progress, scale);
  }

  public GenerateOptions {
    if (!(nationalScale > 0 && nationalScale <= 1000)) {
      throw new IllegalArgumentException(
          "the national measures' scale must be above 0 and at most 1000, not " + nationalScale);
    }
    if (!(scale > 0 && scale <= 1000)) {
      throw new IllegalArgumentException("--scale must be above 0 and at most 1000, not " + scale);
    }
    if (firstYear < 2000 || lastYear > 2100 || lastYear < firstYear) {
      throw new IllegalArgumentException(
          "financial years must run forwards between 2000 and 2100: " + firstYear + "-" + lastYear);
    }
    if (!(dirtyRate >= 0 && dirtyRate <= 0.2)) {
      throw new IllegalArgumentException(
          "the dirty-row rate must be between 0 and 0.2: " + dirtyRate);
    }
  }

  /** Defaults: FY2014/15 to FY2024/25, 0.5% dirty rows. */
  public static GenerateOptions of(Path out, long seed, double scale) {
    return new GenerateOptions(out, seed, scale, 2014, 2024, 0.005, line -> {});
  }

  public GenerateOptions withProgress(Consumer<String> listener) {
    return new GenerateOptions(
        out, seed, scale, firstYear, lastYear, dirtyRate, listener, nationalScale);
  }

  /** The national measures' events at {@code s} (the rest stays at {@code scale}). */
  public GenerateOptions withNationalScale(double s) {
    return new GenerateOptions(out, seed, scale, firstYear, lastYear, dirtyRate, progress, s);
  }

  public GenerateOptions withYears(int first, int last) {
    return new GenerateOptions(out, seed, scale, first, last, dirtyRate, progress, nationalScale);
  }
}
