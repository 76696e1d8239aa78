package vru.ingest.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ordered validation rules, grouped by field. Each field's rules become one CASE expression, its
 * reason column, evaluated once per row; the row's reason is the first field's reason, and the
 * field, value and message follow from which field failed. (Rules written as four parallel CASE
 * chains evaluated every condition up to four times.)
 */
final class Validation {
  private record Rule(Column condition, String reason, Column value, Column message) {}

  private record FieldRules(String field, List<Rule> rules) {}

  private final Map<String, FieldRules> fields = new LinkedHashMap<>();

  /** Adds a rule for {@code field}; rules are checked in the order added, fields too. */
  void add(Column condition, String reason, String field, Column value, Column message) {
    fields
        .computeIfAbsent(
            field + "\u0000" + reason.startsWith("_"),
            k -> new FieldRules(field, new ArrayList<>()))
        .rules()
        .add(new Rule(condition, reason, value, message));
  }

  Dataset<Row> apply(Dataset<Row> rows) {
    List<FieldRules> list = new ArrayList<>(fields.values());
    Dataset<Row> out = rows;
    for (int i = 0; i < list.size(); i++) {
      Column reason = null;
      for (Rule r : list.get(i).rules()) {
        reason =
            reason == null
                ? when(r.condition(), lit(r.reason()))
                : reason.when(r.condition(), lit(r.reason()));
      }
      out = out.withColumn("_r" + i, reason);
    }
    Column[] reasons = new Column[list.size()];
    Column field = null;
    Column value = null;
    Column message = null;
    for (int i = 0; i < list.size(); i++) {
      Column failed = col("_r" + i).isNotNull();
      reasons[i] = col("_r" + i);
      Column text = null;
      Column bad = null;
      for (Rule r : list.get(i).rules()) {
        Column is = col("_r" + i).equalTo(r.reason());
        text = text == null ? when(is, r.message()) : text.when(is, r.message());
        bad = bad == null ? when(is, r.value()) : bad.when(is, r.value());
      }
      field =
          field == null
              ? when(failed, lit(list.get(i).field()))
              : field.when(failed, lit(list.get(i).field()));
      value = value == null ? when(failed, bad) : value.when(failed, bad);
      message = message == null ? when(failed, text) : message.when(failed, text);
    }
    out =
        out.withColumn("_reason", coalesce(reasons))
            .withColumn("_field", field)
            .withColumn("_value", value)
            .withColumn("_message", message);
    for (int i = 0; i < list.size(); i++) {
      out = out.drop("_r" + i);
    }
    return out;
  }
}
