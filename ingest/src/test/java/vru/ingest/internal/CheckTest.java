package vru.ingest.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.ingest.api.SparkSessions;

/**
 * The date checks of the ISO formats use a pattern and Spark's cast, which is three times cheaper
 * than {@code to_date(v, format)} but more lenient on its own. They must accept and read exactly
 * what {@code to_date} does, on the values where the two could differ.
 */
class CheckTest {
  static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkSessions.get(Optional.of("local[2]"), Map.of());
  }

  static final List<String> AWKWARD =
      List.of(
          "2023-02-29",
          "2024-02-29",
          "2023-13-01",
          "2023-00-10",
          "2023-04-31",
          "2023-01-00",
          "2023-1-05",
          "2023-01-5",
          "2023-01-05T10",
          "2023-01-05 x",
          "+2023-01-05",
          "0000-01-01",
          "9999-12-31",
          "20230-01-01",
          "2023-12-31",
          "2023-01",
          "2023-13",
          "2023-00",
          "2023-1",
          "0001-01",
          "2024-12",
          "+2023-01",
          "2023-01-01",
          "2023/01/01",
          "1 Jan 2023",
          "x");

  @Test
  void isoDateChecksAgreeWithToDate() {
    for (Check.DateValue check : List.of(Sources.ISO_DATE, Sources.MONTH)) {
      List<Row> rows =
          spark
              .createDataset(AWKWARD, Encoders.STRING())
              .toDF("v")
              .select(
                  col("v"),
                  check.failures(col("v")).get(0).condition().as("bad"),
                  check.date(col("v")).as("date"),
                  to_date(col("v"), check.format()).as("expected"))
              .collectAsList();
      long accepted = 0;
      for (Row r : rows) {
        boolean valid = r.get(3) != null;
        assertThat(r.getBoolean(1))
            .as(check.format() + " rejects '" + r.get(0) + "'")
            .isEqualTo(!valid);
        if (valid) {
          accepted++;
          assertThat(r.get(2)).as(check.format() + " reads '" + r.get(0) + "'").isEqualTo(r.get(3));
        }
      }
      // the list holds values each format accepts, so the comparison is not vacuous
      assertThat(accepted).as(check.format()).isGreaterThanOrEqualTo(3);
    }
  }
}
