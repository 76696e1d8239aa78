package vru.ingest.internal;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * What a non-empty value of a field must look like. Each check turns into Spark SQL expressions (no
 * UDFs), so validation runs in generated code at full speed.
 */
sealed interface Check {
  /** One way to fail: when {@code condition} holds, the row is quarantined with {@code reason}. */
  record Failure(Column condition, String reason, String expectation) {}

  /** The ways a trimmed, non-empty value {@code v} can fail, checked in order. */
  List<Failure> failures(Column v);

  /** Any text. */
  record AnyText() implements Check {
    @Override
    public List<Failure> failures(Column v) {
      return List.of();
    }
  }

  /** Several checks in order: a value fails with the first that it fails. */
  record All(List<Check> checks) implements Check {
    @Override
    public List<Failure> failures(Column v) {
      return checks.stream().flatMap(c -> c.failures(v).stream()).toList();
    }
  }

  /** Text matching a regular expression, e.g. a GSS area code. */
  record Matches(String regex, String reason, String expectation) implements Check {
    @Override
    public List<Failure> failures(Column v) {
      return List.of(new Failure(not(v.rlike(regex)), reason, expectation));
    }
  }

  /** A calendar date in {@code format}. */
  record DateValue(String format) implements Check {
    /** Patterns of the ISO formats, which Spark's cast to date reads in a third of the time. */
    private static final Map<String, String> ISO =
        Map.of("yyyy-MM-dd", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "yyyy-MM", "^[0-9]{4}-[0-9]{2}$");

    @Override
    public List<Failure> failures(Column v) {
      // for an ISO format, the pattern and a cast agree with to_date(v, format) on every value:
      // the cast alone is lenient ("2024-1-5", "+2024-01-05"), the pattern alone takes 2023-02-30
      Column bad =
          ISO.containsKey(format)
              ? not(v.rlike(ISO.get(format))).or(date(v).isNull())
              : date(v).isNull();
      return List.of(new Failure(bad, "bad_date", "a real date written " + format));
    }

    /** The date of a value; for one that passed the check, the date it is written in. */
    Column date(Column v) {
      return switch (format) {
        case "yyyy-MM-dd" -> v.cast("date");
        case "yyyy-MM" -> concat(v, lit("-01")).cast("date");
        default -> to_date(v, format);
      };
    }
  }

  /** A whole number from {@code min} to {@code max}. */
  record WholeNumber(long min, long max) implements Check {
    @Override
    public List<Failure> failures(Column v) {
      Column n = v.cast("long");
      return List.of(
          new Failure(not(v.rlike("^-?[0-9]{1,18}$")), "bad_number", "a whole number"),
          new Failure(n.lt(min).or(n.gt(max)), "out_of_range", "from " + min + " to " + max));
    }
  }

  /** A decimal number of at least {@code min}. */
  record DecimalNumber(double min) implements Check {
    @Override
    public List<Failure> failures(Column v) {
      return List.of(
          new Failure(not(v.rlike("^-?[0-9]+(\\.[0-9]+)?$")), "bad_number", "a number"),
          new Failure(v.cast("double").lt(min), "out_of_range", "at least " + min));
    }
  }

  /**
   * A decimal number within {@code [min, max]}, e.g. a coordinate: latitude −90 to 90 anywhere, and
   * for data.police.uk a box round the United Kingdom.
   *
   * @param expected the range in words, for the quarantine's reason
   */
  record DecimalRange(double min, double max, String expected) implements Check {
    @Override
    public List<Failure> failures(Column v) {
      return List.of(
          new Failure(not(v.rlike("^-?[0-9]+(\\.[0-9]+)?$")), "bad_number", "a number"),
          new Failure(
              v.cast("double").lt(min).or(v.cast("double").gt(max)), "out_of_range", expected));
    }
  }

  /** One of a fixed list of values. */
  record OneOf(List<String> values, String reason) implements Check {
    @Override
    public List<Failure> failures(Column v) {
      return List.of(
          new Failure(
              not(v.isin(values.toArray())),
              reason,
              values.size() <= 12 ? "one of " + String.join(", ", values) : "a known value"));
    }
  }
}
