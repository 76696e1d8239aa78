package vru.ingest.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.warehouse.Warehouse;

/**
 * Fingertips "download data" CSV exports (26 columns), as downloaded: quoted fields may hold line
 * breaks (indicator names do), rows may stop before the last, empty column, and region and country
 * rows come mixed with the areas. One row per indicator, area, sex, age, category and period goes
 * to {@code fingertips}; a repeat of that key is a duplicate.
 */
final class Fingertips implements TableIngest.Adapter {
  static final List<String> COLUMNS =
      List.of(
          "indicator id",
          "indicator name",
          "parent code",
          "parent name",
          "area code",
          "area name",
          "area type",
          "sex",
          "age",
          "category type",
          "category",
          "time period",
          "value",
          "lower ci 95.0 limit",
          "upper ci 95.0 limit",
          "lower ci 99.8 limit",
          "upper ci 99.8 limit",
          "count",
          "denominator",
          "value note",
          "recent trend",
          "compared to england value or percentiles",
          "compared to region value or percentiles",
          "time period sortable",
          "new data",
          "compared to goal");
  private static final String NUMBER = "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$";

  @Override
  public String source() {
    return "fingertips";
  }

  @Override
  public String table() {
    return Warehouse.FINGERTIPS;
  }

  @Override
  public List<String> coverage() {
    return List.of("indicator_id", "area_type");
  }

  @Override
  public StructType schema() {
    StructType t =
        new StructType()
            .add("indicator_id", DataTypes.IntegerType, false)
            .add("indicator_name", DataTypes.StringType, true);
    for (String c :
        List.of(
            "parent_code",
            "area_code",
            "area_name",
            "area_type",
            "sex",
            "age",
            "category_type",
            "category",
            "time_period")) {
      t = t.add(c, DataTypes.StringType, true);
    }
    t = t.add("time_period_sortable", DataTypes.LongType, true);
    for (String c :
        List.of(
            "value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "count", "denominator")) {
      t = t.add(c, DataTypes.DoubleType, true);
    }
    for (String c :
        List.of("value_note", "recent_trend", "compared_to_england", "compared_to_region")) {
      t = t.add(c, DataTypes.StringType, true);
    }
    return t;
  }

  @Override
  public TableIngest.Parsed read(Path file) throws IOException {
    List<TableIngest.Bad> bad = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    long read = 0;
    Set<List<String>> seen = new HashSet<>();
    Map<String, Integer> at = new HashMap<>();
    // UTF-8: IngestRunner has already re-encoded any Windows-1252 file
    try (CsvReader r = new CsvReader(vru.core.csv.TextEncoding.utf8Reader(file))) {
      CsvReader.Record head = r.next();
      if (head == null) {
        throw new VruException(
            ErrorCode.INPUT_INVALID, file + ": the file is empty; expected a header line");
      }
      List<String> header = head.fields().stream().map(PrcTables::norm).toList();
      checkHeader(file, header);
      for (int i = 0; i < header.size(); i++) {
        at.put(header.get(i), i);
      }
      CsvReader.Record rec;
      while ((rec = r.next()) != null) {
        List<String> f = rec.fields();
        if (f.stream().allMatch(String::isBlank)) {
          continue;
        }
        read++;
        if (f.size() != header.size() && f.size() != header.size() - 1) {
          bad.add(
              new TableIngest.Bad(
                  rec.line(),
                  TableIngest.csv(f),
                  "(line)",
                  "",
                  "wrong_field_count",
                  "the row has " + f.size() + " fields; the header has " + header.size()));
          continue;
        }
        Cells c = new Cells(rec, at);
        TableIngest.Bad problem = c.check();
        if (problem == null) {
          List<String> key =
              List.of(
                  c.text("indicator id"),
                  c.text("area code"),
                  c.text("sex"),
                  c.text("age"),
                  c.text("category type"),
                  c.text("category"),
                  c.text("time period"));
          if (!seen.add(key)) {
            problem =
                c.bad(
                    "area code",
                    "duplicate",
                    "repeats an earlier row for the same indicator, sex, age, category and period");
          }
        }
        if (problem != null) {
          bad.add(problem);
          continue;
        }
        rows.add(
            RowFactory.create(
                Integer.parseInt(c.text("indicator id")),
                c.text("indicator name").replaceAll("\\s+", " ").trim(),
                c.orNull("parent code"),
                c.text("area code"),
                c.orNull("area name"),
                c.orNull("area type"),
                c.orNull("sex"),
                c.orNull("age"),
                c.orNull("category type"),
                c.orNull("category"),
                c.text("time period"),
                c.whole("time period sortable"),
                c.number("value"),
                c.number("lower ci 95.0 limit"),
                c.number("upper ci 95.0 limit"),
                c.number("lower ci 99.8 limit"),
                c.number("upper ci 99.8 limit"),
                c.number("count"),
                c.number("denominator"),
                c.orNull("value note"),
                c.orNull("recent trend"),
                c.orNull("compared to england value or percentiles"),
                c.orNull("compared to region value or percentiles")));
      }
    } catch (IllegalStateException e) {
      throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
    }
    return new TableIngest.Parsed(read, rows.size(), rows, bad);
  }

  /** One record's cells by column name. */
  private record Cells(CsvReader.Record rec, Map<String, Integer> at) {
    String text(String column) {
      int i = at.get(column);
      return i < rec.fields().size() ? rec.fields().get(i).trim() : "";
    }

    String orNull(String column) {
      String t = text(column);
      return t.isEmpty() ? null : t;
    }

    Double number(String column) {
      String t = text(column);
      return t.isEmpty() ? null : Double.valueOf(t);
    }

    Long whole(String column) {
      String t = text(column);
      return t.isEmpty() ? null : Long.valueOf(t);
    }

    TableIngest.Bad bad(String column, String reason, String message) {
      String v = text(column);
      return new TableIngest.Bad(
          rec.line(),
          TableIngest.csv(rec.fields()),
          column,
          v,
          reason,
          "'" + column + "' '" + v + "' " + message);
    }

    TableIngest.Bad check() {
      if (!text("indicator id").matches("^[0-9]{1,9}$")) {
        return bad("indicator id", "bad_number", "is not an indicator number like 93356");
      }
      if (!text("area code").matches("^[A-Z][0-9]{8}$")) {
        return text("area code").isEmpty()
            ? bad("area code", "missing_value", "is empty; a value is required")
            : bad("area code", "bad_area_code", "is not a GSS area code like E06000001");
      }
      if (text("time period").isEmpty()) {
        return bad("time period", "missing_value", "is empty; a value is required");
      }
      if (!text("time period sortable").isEmpty()
          && !text("time period sortable").matches("^[0-9]{1,12}$")) {
        return bad("time period sortable", "bad_number", "is not a whole number like 20150000");
      }
      for (String n :
          List.of(
              "value",
              "lower ci 95.0 limit",
              "upper ci 95.0 limit",
              "lower ci 99.8 limit",
              "upper ci 99.8 limit",
              "count",
              "denominator")) {
        String t = text(n);
        if (!t.isEmpty() && !t.matches(NUMBER)) {
          return bad(n, "bad_number", "is not a number");
        }
        if ((n.equals("count") || n.equals("denominator"))
            && !t.isEmpty()
            && Double.parseDouble(t) < 0) {
          return bad(n, "out_of_range", "is negative; expected 0 or more");
        }
      }
      return null;
    }
  }

  private static void checkHeader(Path file, List<String> header) {
    List<String> problems = Header.problems(header, COLUMNS);
    if (!problems.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + " line 1: the header is not a Fingertips data export: "
              + String.join("; ", problems));
    }
  }
}
