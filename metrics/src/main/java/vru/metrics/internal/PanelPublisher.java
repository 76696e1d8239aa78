package vru.metrics.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.postgresql.PGConnection;
import vru.metrics.api.ComparisonRow;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.Dsr;
import vru.metrics.stats.RateRatio;

/**
 * Writes a metrics run's rows: Parquet into a staging folder of the warehouse (moved into place by
 * {@link #swap}), and PostgreSQL's {@code measure_value} and {@code measure_comparison} by {@code
 * COPY} on the run's one connection, so nothing is visible before the run commits.
 */
final class PanelPublisher {
  static final StructType SCHEMA =
      new StructType()
          .add("measure", DataTypes.StringType)
          .add("age_band", DataTypes.StringType)
          .add("area_code", DataTypes.StringType)
          .add("area_level", DataTypes.StringType)
          .add("area_name", DataTypes.StringType)
          .add("period_type", DataTypes.StringType)
          .add("period", DataTypes.StringType)
          .add("financial_year", DataTypes.IntegerType)
          .add("count", DataTypes.LongType)
          .add("denominator", DataTypes.DoubleType)
          .add("rate", DataTypes.DoubleType)
          .add("lower_95", DataTypes.DoubleType)
          .add("upper_95", DataTypes.DoubleType)
          .add("lower_99_8", DataTypes.DoubleType)
          .add("upper_99_8", DataTypes.DoubleType)
          .add("method", DataTypes.StringType)
          .add("missing_reason", DataTypes.StringType)
          .add("dsr", DataTypes.DoubleType)
          .add("dsr_lower_95", DataTypes.DoubleType)
          .add("dsr_upper_95", DataTypes.DoubleType)
          .add("dsr_missing_reason", DataTypes.StringType)
          .add("disclosure_rule", DataTypes.StringType)
          .add("population_year", DataTypes.IntegerType)
          .add("job_run_id", DataTypes.StringType);

  private static final String VALUE_COLUMNS =
      "job_run_id, measure, age_band, area_code, area_level, period, period_type, count,"
          + " denominator, rate, lower_95, upper_95, lower_99_8, upper_99_8, multiplier,"
          + " missing_reason, definition_version, disclosure_rule, dsr, dsr_lower_95, dsr_upper_95,"
          + " dsr_lower_99_8, dsr_upper_99_8, dsr_missing_reason, population_year, method";
  private static final String COMPARISON_COLUMNS =
      "job_run_id, measure, age_band, area_code, period, period_type, vs_previous_ratio,"
          + " vs_previous_lower, vs_previous_upper, vs_baseline_ratio, vs_baseline_lower,"
          + " vs_baseline_upper, baseline_period, benchmark, benchmark_label, region_code,"
          + " region_label, similar_label, funnel_label, trend_label, comparison_rule";

  private final Connection connection;
  private final UUID jobRun;
  private final Path staging;
  private long rows;

  PanelPublisher(Connection connection, UUID jobRun, Path staging) {
    this.connection = connection;
    this.jobRun = jobRun;
    this.staging = staging;
  }

  /** Rows written to {@code measure_value} so far. */
  long rows() {
    return rows;
  }

  /**
   * Whether a row goes to PostgreSQL as well as the warehouse: every period of forces, regions,
   * countries and the partnership; for local authorities and CSPs the financial years and the
   * rolling years ending each quarter (as ONS publishes CSP tables). Their months and quarters are
   * in the warehouse panel only: a third of a million rows a measure that no report reads.
   */
  static boolean inPostgres(PanelRow p) {
    if (!p.areaLevel().equals("la") && !p.areaLevel().equals("csp")) {
      return true;
    }
    return switch (p.period().type()) {
      case FY -> true;
      case R12 -> p.period().last().getMonthValue() % 3 == 0;
      default -> false;
    };
  }

  /** Writes one measure's rows and the comparisons of those stored in PostgreSQL. */
  void write(MeasureDefinition def, List<PanelRow> panel, List<ComparisonRow> comparisons)
      throws SQLException {
    StringBuilder csv = new StringBuilder(panel.size() * 160);
    String rule = def.measure().disclosure();
    ParquetFile parquet =
        new ParquetFile(
            staging.resolve("measure=" + def.id()).resolve("part-00000.snappy.parquet"), SCHEMA);
    for (PanelRow p : panel) {
      CrudeRate r = p.rate().orElse(null);
      Dsr d = p.dsr().orElse(null);
      parquet.write(
          p.measure(),
          p.ageBand(),
          p.areaCode(),
          p.areaLevel(),
          p.areaName(),
          p.period().type().key(),
          p.periodLabel(),
          p.financialYear(),
          p.count().isPresent() ? p.count().getAsLong() : null,
          r == null ? null : r.denominator(),
          r == null ? null : r.value(),
          r == null ? null : finite(r.ci95().lower()),
          r == null ? null : finite(r.ci95().upper()),
          r == null ? null : finite(r.ci998().lower()),
          r == null ? null : finite(r.ci998().upper()),
          r == null ? null : r.method(),
          p.missingReason().orElse(null),
          d == null ? null : d.value(),
          d == null ? null : d.ci95().lower(),
          d == null ? null : d.ci95().upper(),
          p.dsrMissingReason().orElse(null),
          rule,
          p.populationYear().isPresent() ? p.populationYear().getAsInt() : null,
          jobRun.toString());
      if (!inPostgres(p)) {
        continue;
      }
      rows++;
      Csv line = new Csv(csv);
      line.add(jobRun)
          .add(p.measure())
          .add(p.ageBand())
          .add(p.areaCode())
          .add(p.areaLevel())
          .add(p.periodLabel())
          .add(p.period().type().key())
          .add(p.count().isPresent() ? p.count().getAsLong() : null)
          .add(r == null ? null : Math.round(r.denominator()))
          .add(r == null ? null : r.value())
          .add(r == null ? null : r.ci95().lower())
          .add(r == null ? null : r.ci95().upper())
          .add(r == null ? null : r.ci998().lower())
          .add(r == null ? null : r.ci998().upper())
          .add(def.multiplier())
          .add(p.missingReason().orElse(null))
          .add(def.version())
          .add(rule)
          .add(d == null ? null : d.value())
          .add(d == null ? null : d.ci95().lower())
          .add(d == null ? null : d.ci95().upper())
          .add(d == null ? null : d.ci998().lower())
          .add(d == null ? null : d.ci998().upper())
          .add(p.dsrMissingReason().orElse(null))
          .add(p.populationYear().isPresent() ? p.populationYear().getAsInt() : null)
          .add(r == null ? null : r.method())
          .end();
    }
    copy("measure_value", VALUE_COLUMNS, csv);
    parquet.close();
    csv.setLength(0);
    String comparisonRule = ComparisonRow.ruleKey(def.measure().lowIsGood());
    for (ComparisonRow c : comparisons) {
      Csv line = new Csv(csv);
      line.add(jobRun)
          .add(c.measure())
          .add(c.ageBand())
          .add(c.areaCode())
          .add(c.period().label())
          .add(c.period().type().key());
      ratio(line, c.vsPrevious());
      ratio(line, c.vsBaseline());
      line.add(new vru.core.api.FinancialYear(c.baselineYear()).label())
          .add(c.benchmark())
          .add(c.benchmarkLabel())
          .add(c.region().orElse(null))
          .add(c.regionLabel().orElse(null))
          .add(c.similarLabel().orElse(null))
          .add(c.funnelLabel().isEmpty() ? null : c.funnelLabel())
          .add(c.trendLabel().orElse(null))
          .add(comparisonRule)
          .end();
    }
    copy("measure_comparison", COMPARISON_COLUMNS, csv);
  }

  /** A limit, or null where the publisher gave none. */
  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static void ratio(Csv line, Optional<RateRatio> r) {
    line.add(r.map(RateRatio::ratio).orElse(null))
        .add(r.map(x -> x.ci95().lower()).orElse(null))
        .add(r.map(x -> x.ci95().upper()).orElse(null));
  }

  private void copy(String table, String columns, StringBuilder csv) throws SQLException {
    byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "copy " + table + "(" + columns + ") from stdin (format csv)",
              new java.io.ByteArrayInputStream(bytes),
              1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the warehouse table {@code target} with the staged one. */
  static void swap(Path staged, Path target) {
    try {
      Path old = target.resolveSibling(target.getFileName() + ".old");
      delete(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.createDirectories(target.getParent());
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      delete(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One CSV line for COPY: empty unquoted is NULL, text always quoted. */
  private static final class Csv {
    private final StringBuilder out;
    private boolean first = true;

    Csv(StringBuilder out) {
      this.out = out;
    }

    Csv add(Object v) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (v == null) {
        return this;
      }
      if (v instanceof String s) {
        out.append('"').append(s.replace("\"", "\"\"")).append('"');
      } else if (v instanceof Double d) {
        if (Double.isFinite(d)) {
          out.append(Double.toString(d)); // an interval a publisher left empty is null, not NaN
        }
      } else {
        out.append(v);
      }
      return this;
    }

    void end() {
      out.append('\n');
    }
  }
}
