package vru.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vru.evaluation.api.did.InterruptedTimeSeries;
import vru.evaluation.api.did.SynthDid;
import vru.evaluation.api.did.SynthDidInference;

/**
 * The designs for one treated area and for everyone at once, in process after warm-up, against R
 * {@code synthdid} on this 2-core machine (Debian R 4.2.2, another job running): 0.75 s for {@code
 * synthdid_estimate} on Proposition 99, 0.37 s for {@code sc_estimate} + {@code did_estimate}, 46 s
 * for 200 placebo replications.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SyntheticBenchmark {
  double[][] prop99;
  int prop99N0;
  int prop99T0;
  double[][] forces;
  SynthDid.Fit prop99Fit;
  SynthDid.Fit forcesFit;
  double[] series;
  int[] months;

  @Setup(Level.Trial)
  public void load() throws IOException {
    Map<String, Map<Integer, Double>> values = new TreeMap<>();
    List<String> treated = new ArrayList<>();
    try (InputStream in =
        SyntheticBenchmark.class.getResourceAsStream("/vru/benchmarks/california_prop99.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(";");
        values
            .computeIfAbsent(f[0], k -> new TreeMap<>())
            .put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
        if (f[3].equals("1") && !treated.contains(f[0])) {
          treated.add(f[0]);
        }
      }
    }
    List<String> units = new ArrayList<>();
    values.keySet().stream().filter(u -> !treated.contains(u)).forEach(units::add);
    prop99N0 = units.size();
    units.addAll(treated);
    prop99 = new double[units.size()][];
    for (int i = 0; i < units.size(); i++) {
      prop99[i] =
          values.get(units.get(i)).values().stream().mapToDouble(Double::doubleValue).toArray();
    }
    prop99T0 = 19;
    prop99Fit = SynthDid.estimate(prop99, prop99N0, prop99T0, SynthDid.Kind.SDID);
    // 42 donor forces and one treated force × 11 financial years, treated from year 6
    SplittableRandom r = new SplittableRandom(3);
    forces = new double[43][11];
    for (int i = 0; i < 43; i++) {
      double alpha = 40 + 10 * r.nextDouble();
      for (int t = 0; t < 11; t++) {
        forces[i][t] = alpha + 0.3 * t + (i == 42 && t >= 5 ? -3 : 0) + r.nextGaussian();
      }
    }
    forcesFit = SynthDid.estimate(forces, 42, 5, SynthDid.Kind.SDID);
    series = new double[120];
    months = new int[120];
    for (int t = 0; t < 120; t++) {
      months[t] = t % 12 + 1;
      series[t] = 50 + 0.05 * t + 2 * Math.sin(t / 2.0) + (t >= 84 ? -4 : 0) + r.nextGaussian();
    }
  }

  @Benchmark
  public double sdidProp99() {
    return SynthDid.estimate(prop99, prop99N0, prop99T0, SynthDid.Kind.SDID).estimate();
  }

  @Benchmark
  public double scAndDidProp99() {
    return SynthDid.estimate(prop99, prop99N0, prop99T0, SynthDid.Kind.SC).estimate()
        + SynthDid.estimate(prop99, prop99N0, prop99T0, SynthDid.Kind.DID).estimate();
  }

  @Benchmark
  public double placebo200Prop99() {
    return SynthDidInference.replicateSe(
        SynthDidInference.placebo(prop99, prop99N0, prop99T0, prop99Fit, 200, 1));
  }

  @Benchmark
  public double sdidWithPlacebo200Forces() {
    SynthDid.Fit f = SynthDid.estimate(forces, 42, 5, SynthDid.Kind.SDID);
    return SynthDidInference.replicateSe(SynthDidInference.placebo(forces, 42, 5, f, 200, 1));
  }

  @Benchmark
  public double its120Months() {
    return InterruptedTimeSeries.fit(
            new InterruptedTimeSeries.Series(
                series, 84, Optional.of(months), Optional.empty(), Optional.empty()))
        .levelChange()
        .se();
  }
}
