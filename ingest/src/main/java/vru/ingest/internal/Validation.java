package vru.ingest.internal;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ordered validation rules turned into four CASE expressions (reason, field, value, message): the
 * first rule a row breaks is the one reported.
 */
final class Validation {
  private record Rule(
      Column condition, String reason, String field, Column value, Column message) {}

  private final List<Rule> rules = new ArrayList<>();

  void add(Column condition, String reason, String field, Column value, Column message) {
    rules.add(new Rule(condition, reason, field, value, message));
  }

  Dataset<Row> apply(Dataset<Row> rows) {
    Column reason = null;
    Column field = null;
    Column value = null;
    Column message = null;
    for (Rule r : rules) {
      reason =
          reason == null
              ? when(r.condition(), lit(r.reason()))
              : reason.when(r.condition(), lit(r.reason()));
      field =
          field == null
              ? when(r.condition(), lit(r.field()))
              : field.when(r.condition(), lit(r.field()));
      value = value == null ? when(r.condition(), r.value()) : value.when(r.condition(), r.value());
      message =
          message == null
              ? when(r.condition(), r.message())
              : message.when(r.condition(), r.message());
    }
    return rows.withColumn("_reason", reason)
        .withColumn("_field", field)
        .withColumn("_value", value)
        .withColumn("_message", message);
  }
}
