package vru.metrics.api;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.AtomicOutput;
import vru.core.csv.CsvReader;
import vru.core.geo.CsvLine;
import vru.metrics.stats.Comparison;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Dsr;
import vru.metrics.stats.Funnel;
import vru.metrics.stats.Interval;
import vru.metrics.stats.Proportion;
import vru.metrics.stats.Trend;

/**
 * The metrics methods applied to an analyst's own CSV table, without the pipeline (what {@code vru
 * stats} runs). Each method is given {@code namedBy}, which says how the caller named a role's
 * column ({@code count}, {@code population}, {@code numerator}, {@code denominator}, {@code
 * age-band}, {@code by}, {@code time}, {@code value}, {@code lower}, {@code upper}, {@code
 * standard}), so a missing column is reported in the caller's words. Row-wise methods (rate,
 * proportion) stream, so memory stays flat in rows; grouped methods (dsr, trend) and funnel (which
 * needs the overall rate) hold the table's numbers only. Output: the input columns unchanged, then
 * {@code value, lower_95, upper_95, lower_99_8, upper_99_8, method} and, where a comparison is
 * made, {@code label}.
 */
public final class StatsTables {
  static final List<String> OUT =
      List.of("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "method");

  private StatsTables() {}

  /** The measure's polarity, for labels. */
  public enum Polarity {
    LOW_IS_GOOD,
    HIGH_IS_GOOD,
    NONE;

    Boolean lowIsGood() {
      return this == NONE ? null : this == LOW_IS_GOOD;
    }
  }

  /** A rate or proportion per row, optionally compared with a benchmark value. */
  public static long rowWise(
      Path input,
      Path output,
      boolean proportion,
      String count,
      String denominator,
      double per,
      Optional<Double> benchmark,
      Polarity polarity,
      java.util.function.Function<String, String> namedBy) {
    try (Table t = Table.open(input);
        AtomicOutput w = AtomicOutput.to(output)) {
      int ic = t.column(count, namedBy.apply(proportion ? "numerator" : "count"));
      int in = t.column(denominator, namedBy.apply(proportion ? "denominator" : "population"));
      List<String> header = new ArrayList<>(t.header);
      header.addAll(OUT);
      if (benchmark.isPresent()) {
        header.add("label");
      }
      line(w, header);
      long rows = 0;
      for (CsvReader.Record r = t.next(); r != null; r = t.next()) {
        List<String> f = t.pad(r);
        long x = t.count(r, f, ic, count);
        double n = t.positive(r, f, in, denominator);
        Interval a;
        Interval b;
        double value;
        String method;
        if (proportion) {
          if (x > n) {
            throw t.bad(r, count, f.get(ic), "larger than the denominator " + f.get(in));
          }
          Proportion p = Proportion.of(x, n, per);
          value = p.value();
          a = p.ci95();
          b = p.ci998();
          method = "wilson";
        } else {
          CrudeRate c = CrudeRate.of(x, n, per);
          value = c.value();
          a = c.ci95();
          b = c.ci998();
          method = c.method();
        }
        List<String> out = new ArrayList<>(f);
        out.addAll(numbers(value, a, b));
        out.add(method);
        benchmark.ifPresent(v -> out.add(Comparison.label(a, v, polarity.lowIsGood())));
        line(w, out);
        rows++;
      }
      w.complete();
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Directly standardised rates per group (every column named by {@code by}). */
  public static long dsr(
      Path input,
      Path output,
      String count,
      String population,
      String ageBand,
      List<String> by,
      Optional<Path> standardFile,
      double per,
      java.util.function.Function<String, String> namedBy) {
    Map<String, Double> standard = standard(standardFile, namedBy);
    List<String> bands = new ArrayList<>(standard.keySet());
    Map<List<String>, long[]> counts = new LinkedHashMap<>();
    Map<List<String>, double[]> pops = new LinkedHashMap<>();
    try (Table t = Table.open(input)) {
      int ic = t.column(count, namedBy.apply("count"));
      int ip = t.column(population, namedBy.apply("population"));
      int ia = t.column(ageBand, namedBy.apply("age-band"));
      List<Integer> ib = new ArrayList<>();
      for (String b : by) {
        ib.add(t.column(b, namedBy.apply("by")));
      }
      for (CsvReader.Record r = t.next(); r != null; r = t.next()) {
        List<String> f = t.pad(r);
        String band = normaliseBand(f.get(ia));
        int k = bands.indexOf(band);
        if (k < 0) {
          throw t.bad(
              r,
              ageBand,
              f.get(ia),
              "not an age band of the standard population (" + String.join(", ", bands) + ")");
        }
        List<String> key = new ArrayList<>();
        ib.forEach(i -> key.add(f.get(i)));
        long[] c = counts.computeIfAbsent(key, x -> new long[bands.size()]);
        double[] p = pops.computeIfAbsent(key, x -> new double[bands.size()]);
        c[k] += t.count(r, f, ic, count);
        p[k] += t.positive(r, f, ip, population);
      }
    }
    double[] weights = standard.values().stream().mapToDouble(Double::doubleValue).toArray();
    try (AtomicOutput w = AtomicOutput.to(output)) {
      List<String> header = new ArrayList<>(by);
      header.add("count");
      header.addAll(OUT);
      line(w, header);
      for (Map.Entry<List<String>, long[]> e : counts.entrySet()) {
        double[] p = pops.get(e.getKey());
        List<String> out = new ArrayList<>(e.getKey());
        long total = java.util.Arrays.stream(e.getValue()).sum();
        out.add(Long.toString(total));
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < bands.size(); k++) {
          if (!(p[k] > 0)) {
            missing.add(bands.get(k));
          }
        }
        if (!missing.isEmpty()) {
          out.addAll(List.of("", "", "", "", ""));
          out.add("no population for age band(s) " + String.join(", ", missing));
        } else {
          Optional<Dsr> d = Dsr.of(e.getValue(), p, weights, per);
          if (d.isEmpty()) {
            out.addAll(List.of("", "", "", "", ""));
            out.add("dsr not given: total count < 10");
          } else {
            out.addAll(numbers(d.get().value(), d.get().ci95(), d.get().ci998()));
            out.add("dsr (Dobson)" + (standardFile.isEmpty() ? ", ESP2013" : ""));
          }
        }
        line(w, out);
      }
      w.complete();
      return counts.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Funnel-plot control limits at each row's denominator, and its label. */
  public static long funnel(
      Path input,
      Path output,
      String count,
      String population,
      double per,
      Optional<Double> target,
      java.util.function.Function<String, String> namedBy) {
    List<List<String>> rows = new ArrayList<>();
    List<long[]> xs = new ArrayList<>();
    List<Double> ns = new ArrayList<>();
    List<String> header;
    try (Table t = Table.open(input)) {
      header = t.header;
      int ic = t.column(count, namedBy.apply("count"));
      int ip = t.column(population, namedBy.apply("population"));
      for (CsvReader.Record r = t.next(); r != null; r = t.next()) {
        List<String> f = t.pad(r);
        xs.add(new long[] {t.count(r, f, ic, count)});
        ns.add(t.positive(r, f, ip, population));
        rows.add(f);
      }
    }
    double sx = xs.stream().mapToLong(a -> a[0]).sum();
    double sn = ns.stream().mapToDouble(Double::doubleValue).sum();
    double rate = target.orElse(sx / sn * per);
    try (AtomicOutput w = AtomicOutput.to(output)) {
      List<String> h = new ArrayList<>(header);
      h.addAll(OUT);
      h.add("label");
      line(w, h);
      for (int i = 0; i < rows.size(); i++) {
        double[] l = Funnel.rateLimits(rate, ns.get(i), per);
        List<String> out = new ArrayList<>(rows.get(i));
        out.add(num(xs.get(i)[0] / ns.get(i) * per));
        out.addAll(List.of(num(l[1]), num(l[2]), num(l[0]), num(l[3])));
        out.add(
            "funnel limits (Poisson, interpolated) around "
                + num(rate)
                + (target.isPresent() ? "" : " (overall rate)"));
        out.add(Funnel.label(xs.get(i)[0], rate / per * ns.get(i)));
        line(w, out);
      }
      w.complete();
      return rows.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Fingertips recent trend per group over the last five periods. */
  public static long trend(
      Path input,
      Path output,
      String time,
      String value,
      String lower,
      String upper,
      List<String> by,
      Polarity polarity,
      java.util.function.Function<String, String> namedBy) {
    Map<List<String>, List<Trend.Point>> groups = new LinkedHashMap<>();
    try (Table t = Table.open(input)) {
      int it = t.column(time, namedBy.apply("time"));
      int iv = t.column(value, namedBy.apply("value"));
      int il = t.column(lower, namedBy.apply("lower"));
      int iu = t.column(upper, namedBy.apply("upper"));
      List<Integer> ib = new ArrayList<>();
      for (String b : by) {
        ib.add(t.column(b, namedBy.apply("by")));
      }
      for (CsvReader.Record r = t.next(); r != null; r = t.next()) {
        List<String> f = t.pad(r);
        List<String> key = new ArrayList<>();
        ib.forEach(i -> key.add(f.get(i)));
        groups
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(
                new Trend.Point(
                    t.number(r, f, it, time),
                    t.number(r, f, iv, value),
                    t.number(r, f, il, lower),
                    t.number(r, f, iu, upper)));
      }
    }
    try (AtomicOutput w = AtomicOutput.to(output)) {
      List<String> header = new ArrayList<>(by);
      header.addAll(OUT);
      header.add("label");
      line(w, header);
      for (Map.Entry<List<String>, List<Trend.Point>> e : groups.entrySet()) {
        List<Trend.Point> pts = new ArrayList<>(e.getValue());
        pts.sort(java.util.Comparator.comparingDouble(Trend.Point::time));
        Trend tr = Trend.of(pts, polarity.lowIsGood());
        List<String> out = new ArrayList<>(e.getKey());
        if (Double.isNaN(tr.slope())) {
          out.addAll(List.of("", "", "", "", ""));
        } else {
          out.addAll(
              numbers(
                  tr.slope(),
                  new Interval(
                      tr.slope() - vru.metrics.stats.Normal.Z95 * tr.se(),
                      tr.slope() + vru.metrics.stats.Normal.Z95 * tr.se()),
                  new Interval(
                      tr.slope() - 3.090232306167813 * tr.se(),
                      tr.slope() + 3.090232306167813 * tr.se())));
        }
        out.add(
            "recent trend (Fingertips): slope per period, chi-squared "
                + (Double.isNaN(tr.chiSquared())
                    ? "not computed (needs 5 periods)"
                    : num(tr.chiSquared())));
        out.add(tr.label());
        line(w, out);
      }
      w.complete();
      return groups.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Double> standard(
      Optional<Path> file, java.util.function.Function<String, String> namedBy) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (file.isEmpty()) {
      for (int i = 0; i < Dsr.ESP2013_BANDS.size(); i++) {
        m.put(Dsr.ESP2013_BANDS.get(i), Dsr.ESP2013[i]);
      }
      return m;
    }
    try (Table t = Table.open(file.get())) {
      int ia = t.column("age_band", namedBy.apply("standard") + " (columns age_band, weight)");
      int iw = t.column("weight", namedBy.apply("standard") + " (columns age_band, weight)");
      for (CsvReader.Record r = t.next(); r != null; r = t.next()) {
        List<String> f = t.pad(r);
        m.put(normaliseBand(f.get(ia)), t.positive(r, f, iw, "weight"));
      }
    }
    return m;
  }

  /** "0–4", "0 to 4", "90 and over" and "90+" written one way. */
  static String normaliseBand(String s) {
    String b =
        s.trim()
            .toLowerCase(Locale.ROOT)
            .replace('\u2013', '-')
            .replace(" to ", "-")
            .replace(" ", "");
    b = b.replace("andover", "+").replace("plus", "+");
    return b;
  }

  private static List<String> numbers(double value, Interval a, Interval b) {
    return List.of(num(value), num(a.lower()), num(a.upper()), num(b.lower()), num(b.upper()));
  }

  static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  private static void line(Writer w, List<String> fields) throws IOException {
    w.write(String.join(",", fields.stream().map(CsvLine::cell).toList()) + "\n");
  }

  /** An input table: its header and records, with errors that name the file, line and column. */
  private static final class Table implements AutoCloseable {
    final Path file;
    final CsvReader reader;
    final List<String> header;

    private Table(Path file, CsvReader reader, List<String> header) {
      this.file = file;
      this.reader = reader;
      this.header = header;
    }

    static Table open(Path file) {
      if (!Files.isRegularFile(file)) {
        throw new VruException(ErrorCode.CONFIG_INVALID, file + ": no such file");
      }
      try {
        // UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel writes it
        Reader r = Files.newBufferedReader(file, vru.core.csv.TextEncoding.detect(file));
        CsvReader c = new CsvReader(r);
        CsvReader.Record h = c.next();
        if (h == null) {
          throw new VruException(ErrorCode.INPUT_INVALID, file + ": the file is empty");
        }
        return new Table(file, c, h.fields().stream().map(String::trim).toList());
      } catch (IOException e) {
        throw new VruException(ErrorCode.CONFIG_INVALID, file + ": cannot read: " + e.getMessage());
      } catch (IllegalStateException | UncheckedIOException e) {
        throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
      }
    }

    CsvReader.Record next() {
      try {
        CsvReader.Record r = reader.next();
        while (r != null && r.fields().size() == 1 && r.fields().get(0).isBlank()) {
          r = reader.next();
        }
        return r;
      } catch (IllegalStateException | UncheckedIOException e) {
        throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
      }
    }

    List<String> pad(CsvReader.Record r) {
      if (r.fields().size() > header.size()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " line "
                + r.line()
                + ": "
                + r.fields().size()
                + " fields where the header has "
                + header.size()
                + "; check for an unquoted comma");
      }
      List<String> f = new ArrayList<>(r.fields());
      while (f.size() < header.size()) {
        f.add("");
      }
      return f;
    }

    int column(String name, String option) {
      return CsvReader.columnIndex(file.toString(), header, name, option);
    }

    /** A short row has no value for column {@code i}: say so, rather than call '' a bad number. */
    private void present(CsvReader.Record r, int i, String name) {
      if (i >= r.fields().size()) {
        String why = "%s line %d: no value for column '%s' (the line has %d field(s) where the";
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            String.format(why, file, r.line(), name, r.fields().size())
                + " header has "
                + header.size()
                + "); complete the line or remove it");
      }
    }

    long count(CsvReader.Record r, List<String> f, int i, String name) {
      present(r, i, name);
      String s = f.get(i).trim().replace(",", "");
      try {
        long v = Long.parseLong(s);
        if (v >= 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw bad(r, name, f.get(i), "not a count (a whole number, 0 or more)");
    }

    double positive(CsvReader.Record r, List<String> f, int i, String name) {
      double v = number(r, f, i, name);
      if (v > 0) {
        return v;
      }
      throw bad(r, name, f.get(i), "not a positive number");
    }

    double number(CsvReader.Record r, List<String> f, int i, String name) {
      present(r, i, name);
      try {
        double v = Double.parseDouble(f.get(i).trim().replace(",", ""));
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw bad(r, name, f.get(i), "not a number");
    }

    VruException bad(CsvReader.Record r, String column, String value, String why) {
      return new VruException(
          ErrorCode.INPUT_INVALID,
          file + " line " + r.line() + ", column '" + column + "': '" + value + "' is " + why);
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
