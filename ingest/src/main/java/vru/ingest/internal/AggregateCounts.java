package vru.ingest.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;

/**
 * Aggregated counts as partners hold them ({@code vru ingest --source counts}): one row per area ×
 * period × indicator, optionally × age band × sex × ethnicity, with a count or the provider's
 * suppression marker, and optionally a denominator. The file's own column names are mapped with
 * {@code --columns} ({@code columns:}, {@code ignore:}, and {@code suppressed:} for markers of its
 * own); the period may be one column or year and month columns (docs/ingest.md).
 *
 * <p>A suppression marker ({@link #MARKERS}, or one the mapping declares) becomes a count
 * suppressed by the provider, never 0. A negative or fractional count, an empty count, an area code
 * of a known level that the reference geography does not have, and a repeated cell are quarantined
 * at their lines. A layout with no area, indicator, count or period column, a period the reader
 * cannot read, and an area code of no known level stop the file (exit 3) naming the file, line,
 * column and value and what to put in the mapping.
 */
final class AggregateCounts implements TableIngest.Adapter {
  /** Suppression markers as published: ONS, NHS England, Fingertips and local conventions. */
  static final Set<String> MARKERS = Set.of("*", "[c]", "[x]", "[z]", "..", "~", "-", "1-7");

  static final List<String> COLUMNS =
      List.of(
          "area_code",
          "area_name",
          "la_code",
          "indicator",
          "period",
          "year",
          "month",
          "financial_year",
          "age_band",
          "sex",
          "ethnicity",
          "count",
          "denominator");

  private final ColumnMapping mapping;
  private final Set<String> markers;
  private final Map<String, String> laOfLsoa;
  private final Optional<String> indicator;

  /**
   * @param mapping the file's column names mapped to ours
   * @param declared the mapping's own suppression markers
   * @param laOfLsoa the warehouse's LSOA → local authority lookup (may be empty)
   */
  AggregateCounts(ColumnMapping mapping, Set<String> declared, Map<String, String> laOfLsoa) {
    this(mapping, declared, laOfLsoa, Optional.empty());
  }

  /**
   * @param indicator the indicator of every row, for a file of one indicator with no column of it
   *     (the mapping's {@code indicator:})
   */
  AggregateCounts(
      ColumnMapping mapping,
      Set<String> declared,
      Map<String, String> laOfLsoa,
      Optional<String> indicator) {
    this.mapping = mapping;
    this.indicator = indicator;
    Set<String> all = new HashSet<>(MARKERS);
    declared.forEach(d -> all.add(d.trim().toLowerCase(Locale.ROOT)));
    this.markers = all;
    this.laOfLsoa = laOfLsoa;
  }

  /** With a counts mapping file ({@link CountsMapping}). */
  static AggregateCounts withMapping(Path file, Map<String, String> laOfLsoa) {
    CountsMapping m = CountsMapping.read(file, COLUMNS);
    return new AggregateCounts(m.columns(), m.suppressed(), laOfLsoa, m.indicator());
  }

  @Override
  public String source() {
    return "counts";
  }

  @Override
  public String table() {
    return Warehouse.COUNTS;
  }

  @Override
  public List<String> coverage() {
    return List.of("indicator", "period");
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add("indicator", DataTypes.StringType, false)
        .add("area_code", DataTypes.StringType, false)
        .add("area_level", DataTypes.StringType, false)
        .add("la_code", DataTypes.StringType, true)
        .add("csp_code", DataTypes.StringType, true)
        .add("pfa_code", DataTypes.StringType, true)
        .add("period_type", DataTypes.StringType, false)
        .add("period", DataTypes.StringType, false)
        .add("first_month", DataTypes.StringType, false)
        .add("last_month", DataTypes.StringType, false)
        .add("financial_year", DataTypes.IntegerType, false)
        .add("age_band", DataTypes.StringType, true)
        .add("sex", DataTypes.StringType, true)
        .add("ethnicity", DataTypes.StringType, true)
        .add("count", DataTypes.LongType, true)
        .add("suppressed", DataTypes.BooleanType, false)
        .add("marker", DataTypes.StringType, true)
        .add("denominator", DataTypes.DoubleType, true);
  }

  /** The level of an area code by its prefix, or empty when it is of no level read here. */
  static Optional<String> level(String code) {
    if (!code.matches("[EWK]\\d{8}")) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        switch (code.substring(0, 3)) {
          case "E01", "W01" -> "lsoa";
          case "E05", "W05" -> "ward";
          case "E06", "E07", "E08", "E09", "W06" -> "la";
          case "E22", "W14" -> "csp";
          case "E23", "W15" -> "pfa";
          case "E54", "W11" -> "health";
          case "E12" -> "region";
          case "E92", "W92", "K04" -> "country";
          default -> null;
        });
  }

  @Override
  public TableIngest.Parsed read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<TableIngest.Bad> bad = new ArrayList<>();
    Geography g = Geography.reference();
    Map<String, String> laByName = PoliceUk.laCodesByLsoaName(g);
    Map<String, String> cspOfLa = g.cspOfLa();
    Map<String, String> pfaOfLa = g.pfaOfLa();
    long read = 0;
    Set<String> seen = new HashSet<>();
    try (CsvReader r = new CsvReader(vru.core.csv.TextEncoding.utf8Reader(file))) {
      CsvReader.Record head = r.next();
      if (head == null) {
        throw new VruException(ErrorCode.INPUT_INVALID, file + ": the file is empty");
      }
      List<String> found = head.fields();
      List<String> names = new ArrayList<>();
      found.forEach(f -> names.add(f.trim().toLowerCase(Locale.ROOT)));
      List<String> ours = mapping.file() == null ? names : mapping.apply(file + " line 1", names);
      Map<String, Integer> at = columns(file, found, ours);
      for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
        List<String> f = rec.fields();
        if (f.size() == 1 && f.get(0).isBlank()) {
          continue;
        }
        read++;
        Cell c = new Cell(file, rec.line(), f, at, found);
        String raw = String.join(",", f.stream().map(vru.core.geo.CsvLine::cell).toList());
        String area = c.get("area_code");
        String level =
            level(area)
                .orElseThrow(
                    () ->
                        c.error(
                            "area_code",
                            area,
                            "is not an area code of a level vru reads (LSOA E01/W01, ward"
                                + " E05/W05, local authority E06-E09/W06, CSP E22/W14, police"
                                + " force area E23/W15, ICB E54, health board W11, region E12,"
                                + " country E92/W92/K04). Map the column that holds such codes"
                                + " to area_code"));
        CountPeriod period = period(c);
        String la = null;
        switch (level) {
          case "la" -> la = g.las().containsKey(area) ? area : null;
          case "lsoa", "ward" -> {
            la = c.has("la_code") ? c.get("la_code") : laOfLsoa.get(area);
            if (la == null && c.has("area_name")) {
              la = laByName.get(c.get("area_name").replaceFirst(" [0-9]{3}[A-Z]$", ""));
            }
          }
          default -> {}
        }
        boolean known =
            switch (level) {
              case "la", "lsoa", "ward" -> la != null && g.las().containsKey(la);
              case "csp" -> g.csps().containsKey(area);
              case "pfa" -> g.pfas().containsKey(area);
              default -> true;
            };
        if (!known) {
          bad.add(
              new TableIngest.Bad(
                  rec.line(),
                  raw,
                  "area_code",
                  area,
                  "unknown_area",
                  level.equals("lsoa") || level.equals("ward")
                      ? area
                          + ": its local authority is not known: ingest the LSOA lookup (vru"
                          + " ingest --source geography), or map a column with the LSOA name"
                          + " (\"Birmingham 067A\") to area_name or one with the LA code to"
                          + " la_code"
                      : area + " is not in the 2025 reference geography"));
          continue;
        }
        String csp = level.equals("csp") ? area : la == null ? null : cspOfLa.get(la);
        String pfa =
            level.equals("pfa")
                ? area
                : level.equals("csp")
                    ? g.pfaOf(area).orElse(null)
                    : la == null ? null : pfaOfLa.get(la);
        String countText = c.get("count").trim();
        Long count = null;
        String marker = null;
        String lower = countText.toLowerCase(Locale.ROOT);
        if (markers.contains(lower) || lower.matches("<\\s*\\d+")) {
          marker = countText;
        } else if (countText.replace(",", "").matches("\\d+")) {
          count = Long.parseLong(countText.replace(",", ""));
        } else {
          bad.add(
              new TableIngest.Bad(
                  rec.line(),
                  raw,
                  "count",
                  countText,
                  countText.isEmpty() ? "missing" : "bad_count",
                  countText.isEmpty()
                      ? "no count: a missing count is not 0; give the count or the provider's"
                          + " suppression marker"
                      : "'"
                          + countText
                          + "' is not a count (a whole number of 0 or more) or a suppression"
                          + " marker ("
                          + String.join(" ", new java.util.TreeSet<>(markers))
                          + ", <N); declare the provider's own marker under suppressed: in the"
                          + " mapping"));
          continue;
        }
        Double denominator = null;
        if (c.has("denominator") && !c.get("denominator").isBlank()) {
          String d = c.get("denominator").trim().replace(",", "");
          if (!d.matches("\\d+(\\.\\d+)?")) {
            bad.add(
                new TableIngest.Bad(
                    rec.line(),
                    raw,
                    "denominator",
                    d,
                    "bad_value",
                    "'" + d + "' is not a denominator (a number of 0 or more)"));
            continue;
          }
          denominator = Double.parseDouble(d);
        }
        String indicator =
            c.has("indicator") ? c.get("indicator").trim() : this.indicator.orElseThrow();
        String age = c.opt("age_band");
        String sex = c.opt("sex");
        String ethnicity = c.opt("ethnicity");
        String key = String.join("\u0000", indicator, area, period.label(), age, sex, ethnicity);
        if (!seen.add(key)) {
          bad.add(
              new TableIngest.Bad(
                  rec.line(),
                  raw,
                  "area_code",
                  area,
                  "duplicate",
                  "a second row for "
                      + indicator
                      + ", "
                      + area
                      + ", "
                      + period.label()
                      + (age.isEmpty() ? "" : ", " + age)
                      + (sex.isEmpty() ? "" : ", " + sex)
                      + (ethnicity.isEmpty() ? "" : ", " + ethnicity)
                      + ": the first is kept, so nothing is counted twice"));
          continue;
        }
        rows.add(
            RowFactory.create(
                indicator,
                area,
                level,
                la,
                csp,
                pfa,
                period.type(),
                period.label(),
                period.first().toString(),
                period.last().toString(),
                period.financialYear(),
                age.isEmpty() ? null : age,
                sex.isEmpty() ? null : sex,
                ethnicity.isEmpty() ? null : ethnicity,
                count,
                count == null,
                marker,
                denominator));
      }
    }
    return new TableIngest.Parsed(read, rows.size(), rows, bad);
  }

  private static CountPeriod period(Cell c) {
    if (c.has("period")) {
      String p = c.get("period");
      return CountPeriod.parse(p)
          .orElseThrow(
              () ->
                  c.error(
                      "period",
                      p,
                      "is not a period vru reads: write "
                          + CountPeriod.FORMATS
                          + ", or map separate year and month columns to year and month"));
    }
    if (c.has("year") && c.has("month")) {
      return CountPeriod.of(c.get("year"), c.get("month"))
          .orElseThrow(
              () ->
                  c.error(
                      "month",
                      c.get("year") + " " + c.get("month"),
                      "is not a year (2024) and a month (1-12 or its name)"));
    }
    String column = c.has("financial_year") ? "financial_year" : "year";
    String v = c.get(column);
    return CountPeriod.parse(
            column.equals("financial_year") && v.matches("\\d{4}")
                ? v + "/" + String.format(Locale.ROOT, "%02d", (Integer.parseInt(v) + 1) % 100)
                : v)
        .filter(
            p -> column.equals("financial_year") ? p.type().equals("fy") : p.type().equals("year"))
        .orElseThrow(
            () ->
                c.error(
                    column,
                    v,
                    column.equals("financial_year")
                        ? "is not a financial year (2024/25 or FY2024/25)"
                        : "is not a calendar year (2024)"));
  }

  /**
   * Where each of our columns is in the file.
   *
   * @throws VruException naming the columns found, what is missing and what to map, when the layout
   *     is not one this source reads
   */
  private Map<String, Integer> columns(Path file, List<String> found, List<String> ours) {
    Map<String, Integer> at = new HashMap<>();
    Set<String> unexpected = new LinkedHashSet<>();
    for (int i = 0; i < ours.size(); i++) {
      String o = ours.get(i);
      if (o.startsWith("_ignored_")) {
        continue;
      }
      if (COLUMNS.contains(o)) {
        at.put(o, i);
      } else {
        unexpected.add(found.get(i).trim());
      }
    }
    List<String> missing = new ArrayList<>();
    for (String need :
        indicator.isPresent()
            ? List.of("area_code", "count")
            : List.of("area_code", "indicator", "count")) {
      if (!at.containsKey(need)) {
        missing.add(need);
      }
    }
    if (indicator.isPresent() && at.containsKey("indicator")) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + " line 1: the mapping gives every row the indicator '"
              + indicator.get()
              + "' and the file has an indicator column too: keep one (leave out indicator: from"
              + " the mapping, or list the column under ignore:)");
    }
    boolean period =
        at.containsKey("period")
            || at.containsKey("year") && at.containsKey("month")
            || at.containsKey("financial_year")
            || at.containsKey("year");
    if (!period) {
      missing.add("period (or year and month)");
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + " line 1: not a layout the counts source reads. The file's columns: "
              + String.join(", ", found)
              + "."
              + (missing.isEmpty() ? "" : " Missing: " + String.join(", ", missing) + ".")
              + (unexpected.isEmpty() ? "" : " Not known: " + String.join(", ", unexpected) + ".")
              + " Map the file's columns to area_code, indicator, count and a period (period, or"
              + " year and month, or financial_year), optionally area_name, la_code, age_band,"
              + " sex, ethnicity and denominator, and list the others under ignore:, in a"
              + " --columns file (docs/ingest.md)");
    }
    return at;
  }

  /** One record's cells by our column names. */
  private record Cell(
      Path file, int line, List<String> fields, Map<String, Integer> at, List<String> found) {
    boolean has(String column) {
      return at.containsKey(column);
    }

    String get(String column) {
      Integer i = at.get(column);
      return i == null || i >= fields.size() ? "" : fields.get(i).trim();
    }

    String opt(String column) {
      return has(column) ? get(column) : "";
    }

    VruException error(String column, String value, String problem) {
      return new VruException(
          ErrorCode.INPUT_INVALID,
          file
              + " line "
              + line
              + ", column '"
              + (at.containsKey(column) ? found.get(at.get(column)).trim() : column)
              + "'"
              + (at.containsKey(column) && found.get(at.get(column)).trim().equalsIgnoreCase(column)
                  ? ""
                  : " (" + column + ")")
              + ": '"
              + value
              + "' "
              + problem
              + " (docs/ingest.md)");
    }
  }
}
