package vru.ingest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.geo.Geography;
import vru.core.geo.ReferencePopulation;
import vru.core.warehouse.Warehouse;

/**
 * ONS mid-year population estimates in two published layouts, summed to the canonical {@code
 * population} table (year, local authority, sex, five-year age band): the small-area ward table
 * (SAPE23DT8a: title and blank lines before the header, one row per ward with its 2021 local
 * authority, single years of age 0 to 89 and 90+, thousands separators, notes after the data), and
 * the LSOA table with five-year bands and one column per year (as West Sussex publishes it: {@code
 * LSOA11NM, LSOA11CD, Age_group, Sex, 2016, …, 2020, 2016_20}). The long form ({@code year,
 * area_code, sex, age_band, population}) is a record file read by Spark (see {@link Sources}).
 */
final class PopulationTables {
  static final StructType SCHEMA =
      new StructType()
          .add("year", DataTypes.IntegerType)
          .add("la_code", DataTypes.StringType)
          .add("pfa_code", DataTypes.StringType)
          .add("sex", DataTypes.StringType)
          .add("age_band", DataTypes.StringType)
          .add("population", DataTypes.LongType);
  static final List<String> COVERAGE = List.of("year", "la_code", "sex");

  /**
   * 2021 districts merged whole into the unitary authorities of April 2023, which the reference
   * geography has: their populations are summed into the successor.
   */
  static final Map<String, String> SUCCESSORS =
      Map.ofEntries(
          Map.entry("E07000163", "E06000065"), // Craven → North Yorkshire
          Map.entry("E07000164", "E06000065"), // Hambleton
          Map.entry("E07000165", "E06000065"), // Harrogate
          Map.entry("E07000166", "E06000065"), // Richmondshire
          Map.entry("E07000167", "E06000065"), // Ryedale
          Map.entry("E07000168", "E06000065"), // Scarborough
          Map.entry("E07000169", "E06000065"), // Selby
          Map.entry("E07000187", "E06000066"), // Mendip → Somerset
          Map.entry("E07000188", "E06000066"), // Sedgemoor
          Map.entry("E07000189", "E06000066"), // South Somerset
          Map.entry("E07000246", "E06000066")); // Somerset West and Taunton

  private static final Pattern COUNT = Pattern.compile("^[0-9]{1,3}(,[0-9]{3})*$|^[0-9]+$");
  private static final Pattern SAPE_TITLE =
      Pattern.compile("(?i)mid-([0-9]{4}) population estimates.*\\b(persons|males|females)\\b");

  private PopulationTables() {}

  /** The published layout of a population file, or empty for the long form. */
  static Optional<TableIngest.Adapter> detect(Path file) throws IOException {
    try (BufferedReader r = vru.core.csv.TextEncoding.utf8Reader(file)) {
      for (int i = 0; i < 10; i++) {
        String line = r.readLine();
        if (line == null) {
          break;
        }
        String l = line.replace("\uFEFF", "").replace("\"", "").toLowerCase(Locale.ROOT);
        if (l.startsWith("ward code") || l.contains("table sape")) {
          return Optional.of(new Sape());
        }
        if (l.startsWith("lsoa11nm,") || l.startsWith("lsoa21nm,")) {
          return Optional.of(new LsoaBands());
        }
      }
    }
    return Optional.empty();
  }

  private abstract static class Layout implements TableIngest.Adapter {
    final Geography g = Geography.reference();
    Map<String, long[]> cells = new TreeMap<>();
    List<TableIngest.Bad> bad = new ArrayList<>();

    /** Forgets the previous file's rows: one adapter may read several files. */
    void start() {
      cells = new TreeMap<>();
      bad = new ArrayList<>();
    }

    @Override
    public String source() {
      return "population";
    }

    @Override
    public String table() {
      return Warehouse.POPULATION;
    }

    @Override
    public List<String> coverage() {
      return COVERAGE;
    }

    @Override
    public StructType schema() {
      return SCHEMA;
    }

    void add(int year, String la, String sex, String band, long n) {
      cells.computeIfAbsent(year + "|" + la + "|" + sex + "|" + band, k -> new long[1])[0] += n;
    }

    List<Row> rows() {
      List<Row> out = new ArrayList<>();
      cells.forEach(
          (k, v) -> {
            String[] f = k.split("\\|");
            out.add(
                RowFactory.create(
                    Integer.parseInt(f[0]), f[1], g.pfaOf(f[1]).orElse(null), f[2], f[3], v[0]));
          });
      return out;
    }

    TableIngest.Bad bad(
        CsvReader.Record rec, String field, String value, String reason, String message) {
      return TableIngest.bad(rec, field, value, reason, message);
    }

    /** A whole number as published ("16,149"), or null when it is not one. */
    static Long count(String cell) {
      String c = cell.trim();
      return COUNT.matcher(c).matches() ? Long.valueOf(c.replace(",", "")) : null;
    }
  }

  /** SAPE23DT8a and its kin: wards, single years of age, one sex (or persons) per file. */
  static final class Sape extends Layout {
    private static final List<String> IDENTITY =
        List.of("ward code", "ward name", "la code", "la name", "all ages");

    @Override
    public TableIngest.Parsed read(Path file) throws IOException {
      start();
      int year = 0;
      String sex = null;
      long read = 0;
      long accepted = 0;
      try (CsvReader r = new CsvReader(vru.core.csv.TextEncoding.utf8Reader(file))) {
        CsvReader.Record rec;
        List<String> header = null;
        while ((rec = r.next()) != null) {
          Matcher m = SAPE_TITLE.matcher(String.join(" ", rec.fields()));
          if (sex == null && m.find()) {
            year = Integer.parseInt(m.group(1));
            sex =
                Map.of("persons", "P", "males", "M", "females", "F").get(m.group(2).toLowerCase());
          }
          if (rec.fields().get(0).trim().toLowerCase(Locale.ROOT).startsWith("ward code")) {
            header = rec.fields().stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
            checkHeader(file, rec.line(), header);
            break;
          }
        }
        if (header == null) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              file + ": no header row starting 'Ward Code' was found; keep the table as published");
        }
        if (sex == null) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              file
                  + ": the title does not say the year and sex (e.g. 'Mid-2020 Population"
                  + " Estimates … Males'); keep the title lines as published");
        }
        while ((rec = r.next()) != null) {
          List<String> f = rec.fields();
          if (f.stream().allMatch(String::isBlank)) {
            break; // the data end at the first blank line; notes follow
          }
          read++;
          Optional<TableIngest.Bad> problem = check(rec, header);
          if (problem.isPresent()) {
            bad.add(problem.get());
            continue;
          }
          accepted++;
          String la = f.get(2).trim();
          la = SUCCESSORS.getOrDefault(la, la);
          for (int i = IDENTITY.size(); i < header.size(); i++) {
            String age = header.get(i);
            int a = age.equals("90+") ? 90 : Integer.parseInt(age);
            String band = a >= 90 ? "90+" : ReferencePopulation.AGE_BANDS.get(Math.min(a / 5, 17));
            add(year, la, sex, band, count(f.get(i)));
          }
        }
      } catch (IllegalStateException e) {
        throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
      }
      return new TableIngest.Parsed(read, accepted, rows(), bad);
    }

    private Optional<TableIngest.Bad> check(CsvReader.Record rec, List<String> header) {
      List<String> f = rec.fields();
      if (f.size() != header.size()) {
        return Optional.of(TableIngest.wrongFieldCount(rec, header.size()));
      }
      String ward = f.get(0).trim();
      if (!ward.matches("^[EW]05[0-9]{6}$")) {
        return Optional.of(
            bad(
                rec,
                "Ward Code 1",
                ward,
                ward.isEmpty() ? "missing_value" : "bad_area_code",
                "is '" + ward + "'; expected a ward code like E05000026"));
      }
      String la = f.get(2).trim();
      if (!la.matches("^[EW]0[6-9][0-9]{6}$")) {
        return Optional.of(
            bad(
                rec,
                "LA Code",
                la,
                la.isEmpty() ? "missing_value" : "bad_area_code",
                "is '" + la + "'; expected a local authority code like E09000002"));
      }
      if (!g.las().containsKey(SUCCESSORS.getOrDefault(la, la))) {
        return Optional.of(
            bad(
                rec,
                "LA Code",
                la,
                "unknown_area",
                "is '" + la + "', which is not a local authority of the reference geography"));
      }
      long sum = 0;
      for (int i = IDENTITY.size() - 1; i < header.size(); i++) {
        Long n = count(f.get(i));
        if (n == null) {
          String v = f.get(i).trim();
          return Optional.of(
              bad(
                  rec,
                  header.get(i),
                  v,
                  v.isEmpty() ? "missing_value" : "bad_number",
                  "is '" + v + "'; expected a whole number like 1,234"));
        }
        sum += i >= IDENTITY.size() ? n : 0;
      }
      long all = count(f.get(IDENTITY.size() - 1));
      if (sum != all) {
        return Optional.of(
            bad(
                rec,
                "All Ages",
                f.get(IDENTITY.size() - 1).trim(),
                "inconsistent_total",
                "is " + all + " but the single years of age add up to " + sum));
      }
      return Optional.empty();
    }

    private static void checkHeader(Path file, int line, List<String> header) {
      List<String> expected = new ArrayList<>();
      for (int a = 0; a < 90; a++) {
        expected.add(Integer.toString(a));
      }
      expected.add("90+");
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < IDENTITY.size(); i++) {
        if (i >= header.size() || !header.get(i).startsWith(IDENTITY.get(i))) {
          problems.add(
              "column "
                  + (i + 1)
                  + " should start '"
                  + IDENTITY.get(i)
                  + "'"
                  + (i < header.size() ? " (it is '" + header.get(i) + "')" : ""));
        }
      }
      if (header.size() < IDENTITY.size()
          || !header
              .subList(Math.min(IDENTITY.size(), header.size()), header.size())
              .equals(expected)) {
        problems.add("after 'All Ages' the columns should be the ages 0 to 89 and 90+");
      }
      if (!problems.isEmpty()) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            file
                + " line "
                + line
                + ": the header is not an ONS ward population table by single year of age: "
                + String.join("; ", problems));
      }
    }
  }

  /** LSOAs × five-year bands × sex, one column per year (and maybe a pooled column). */
  static final class LsoaBands extends Layout {
    private static final Pattern LSOA_NAME = Pattern.compile("^(.*) [0-9]{3}[A-Z]$");
    private static final Map<String, String> SEXES =
        Map.of("male", "M", "m", "M", "female", "F", "f", "F", "persons", "P");

    private static final List<String> BANDS = new ArrayList<>(ReferencePopulation.AGE_BANDS);

    static {
      BANDS.add("85+");
    }

    @Override
    public TableIngest.Parsed read(Path file) throws IOException {
      start();
      Map<String, String> las = PoliceUk.laCodesByLsoaName(g);
      long read = 0;
      long accepted = 0;
      try (CsvReader r = new CsvReader(vru.core.csv.TextEncoding.utf8Reader(file))) {
        CsvReader.Record head = r.next();
        List<String> header =
            head.fields().stream()
                .map(c -> c.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT))
                .toList();
        List<Integer> years = new ArrayList<>();
        List<Integer> yearColumns = new ArrayList<>();
        int pooled = -1;
        for (int i = 4; i < header.size(); i++) {
          if (header.get(i).matches("[0-9]{4}")) {
            years.add(Integer.parseInt(header.get(i)));
            yearColumns.add(i);
          } else if (header.get(i).matches("[0-9]{4}_[0-9]{2}")) {
            pooled = i;
          } else {
            throw new VruException(
                ErrorCode.INPUT_INVALID,
                file
                    + " line 1: column "
                    + (i + 1)
                    + " is '"
                    + head.fields().get(i)
                    + "'; after LSOA name, LSOA code, age group and sex every column should be a"
                    + " year like 2020 (or a pooled column like 2016_20)");
          }
        }
        List<String> identity = List.of("lsoa", "lsoa", "age_group", "sex");
        if (header.size() < 5
            || !header.get(0).matches("lsoa[0-9]{2}nm")
            || !header.get(1).matches("lsoa[0-9]{2}cd")
            || !header.get(2).equals(identity.get(2))
            || !header.get(3).equals(identity.get(3))
            || years.isEmpty()) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              file
                  + " line 1: expected the columns LSOA11NM, LSOA11CD, Age_group, Sex and then one"
                  + " column per year; the file has "
                  + String.join(", ", head.fields()));
        }
        CsvReader.Record rec;
        while ((rec = r.next()) != null) {
          List<String> f = rec.fields();
          if (f.stream().allMatch(String::isBlank)) {
            continue;
          }
          read++;
          if (f.size() != header.size()) {
            bad.add(TableIngest.wrongFieldCount(rec, header.size()));
            continue;
          }
          String code = f.get(1).trim();
          if (!code.matches("^[EW]01[0-9]{6}$")) {
            bad.add(
                bad(
                    rec,
                    head.fields().get(1),
                    code,
                    "bad_area_code",
                    "is '" + code + "'; expected an LSOA code like E01031349"));
            continue;
          }
          String name = f.get(0).trim();
          Matcher nm = LSOA_NAME.matcher(name);
          String la = nm.matches() ? las.get(nm.group(1)) : null;
          if (la == null) {
            bad.add(
                bad(
                    rec,
                    head.fields().get(0),
                    name,
                    "unknown_area",
                    "is '"
                        + name
                        + "'; expected an LSOA name of a local authority in the reference"
                        + " geography, like 'Adur 001A'"));
            continue;
          }
          String band = f.get(2).trim().replaceFirst("(?i)\\s*years?$", "");
          if (!BANDS.contains(band)) {
            bad.add(
                bad(
                    rec,
                    "Age_group",
                    f.get(2).trim(),
                    "bad_value",
                    "is '" + f.get(2).trim() + "'; expected a five-year band like '0-4 years'"));
            continue;
          }
          String sex = SEXES.get(f.get(3).trim().toLowerCase(Locale.ROOT));
          if (sex == null) {
            bad.add(
                bad(
                    rec,
                    "Sex",
                    f.get(3).trim(),
                    "bad_value",
                    "is '" + f.get(3).trim() + "'; expected Male, Female or Persons"));
            continue;
          }
          Optional<TableIngest.Bad> number = Optional.empty();
          long sum = 0;
          List<Long> values = new ArrayList<>();
          for (int i : yearColumns) {
            Long n = count(f.get(i));
            if (n == null) {
              number =
                  Optional.of(
                      bad(
                          rec,
                          head.fields().get(i),
                          f.get(i).trim(),
                          f.get(i).isBlank() ? "missing_value" : "bad_number",
                          "is '" + f.get(i).trim() + "'; expected a whole number"));
              break;
            }
            values.add(n);
            sum += n;
          }
          if (number.isEmpty() && pooled >= 0) {
            Long p = count(f.get(pooled));
            if (p == null || p != sum) {
              number =
                  Optional.of(
                      bad(
                          rec,
                          head.fields().get(pooled),
                          f.get(pooled).trim(),
                          p == null ? "bad_number" : "inconsistent_total",
                          "is '" + f.get(pooled).trim() + "' but the years add up to " + sum));
            }
          }
          if (number.isPresent()) {
            bad.add(number.get());
            continue;
          }
          accepted++;
          for (int y = 0; y < years.size(); y++) {
            add(years.get(y), la, sex, band, values.get(y));
          }
        }
      } catch (IllegalStateException e) {
        throw new VruException(ErrorCode.INPUT_INVALID, file + ": " + e.getMessage());
      }
      return new TableIngest.Parsed(read, accepted, rows(), bad);
    }
  }
}
