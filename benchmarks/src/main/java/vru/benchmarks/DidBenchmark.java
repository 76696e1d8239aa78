package vru.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vru.evaluation.api.did.CallawaySantAnna;
import vru.evaluation.api.did.DidEstimate;
import vru.evaluation.api.did.DidPanel;
import vru.evaluation.api.did.SmallSample;
import vru.evaluation.api.did.Twfe;

/**
 * The estimators in-process after warm-up, against R {@code did} 2.5.1 on the same machine (0.11 s
 * for cs with 999 bootstrap draws on 43 units × 11 years, 0.06 s analytic; 1.3 s on 3,000 units ×
 * 20 years with the dynamic aggregation). The panels: a third of units never treated, the rest in
 * cohorts spread over the later periods, unit and period effects, noise and a growing effect.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DidBenchmark {
  /** A panel of {@code units × periods}. */
  static DidPanel panel(int units, int periods, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<DidPanel.Observation> rows = new ArrayList<>(units * periods);
    int first = 2000;
    int cohorts = Math.max(1, periods / 2);
    for (int u = 0; u < units; u++) {
      int g = u % 3 == 0 ? 0 : first + periods - cohorts + (u % cohorts);
      double alpha = r.nextGaussian() * 5;
      for (int t = 0; t < periods; t++) {
        int time = first + t;
        double effect = g > 0 && time >= g ? -1 - 0.2 * (time - g) : 0;
        rows.add(
            new DidPanel.Observation(
                "u" + u, time, alpha + 0.1 * t + effect + r.nextGaussian(), g));
      }
    }
    return DidPanel.of(rows);
  }

  /** 43 police force areas × 11 financial years. */
  @State(Scope.Benchmark)
  public static class Forces {
    DidPanel panel;

    @Setup(Level.Trial)
    public void build() {
      panel = panel(43, 11, 1);
    }
  }

  /** 3,000 units × 20 periods. */
  @State(Scope.Benchmark)
  public static class Large {
    DidPanel panel;

    @Setup(Level.Trial)
    public void build() {
      panel = panel(3000, 20, 2);
    }
  }

  /** 100,000 units × 20 periods (2 million rows). */
  @State(Scope.Benchmark)
  public static class Huge {
    DidPanel panel;

    @Setup(Level.Trial)
    public void build() {
      panel = panel(100_000, 20, 3);
    }
  }

  @Param({"999"})
  public int draws;

  @Benchmark
  public CallawaySantAnna.Result csForcesBootstrap(Forces s) {
    return CallawaySantAnna.estimate(
        s.panel, CallawaySantAnna.Options.defaults().withBootstrap(draws, 1));
  }

  @Benchmark
  public CallawaySantAnna.Result csForcesAnalytic(Forces s) {
    return CallawaySantAnna.estimate(s.panel, CallawaySantAnna.Options.defaults());
  }

  @Benchmark
  public CallawaySantAnna.Result csLargeDynamicBootstrap(Large s) {
    return CallawaySantAnna.estimate(
        s.panel, CallawaySantAnna.Options.defaults().withBootstrap(draws, 1));
  }

  @Benchmark
  public DidEstimate twfeHugeClustered(Huge s) {
    return Twfe.estimate(s.panel, SmallSample.ALL_FIXED_EFFECTS, 0.95);
  }
}
