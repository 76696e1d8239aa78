package vru.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;

/**
 * The measure catalogue: measures are data, not code. The built-in file ({@code
 * vru/measures/built-in.yaml}) holds the three national success measures and four secondary ones; a
 * partnership adds its own in files of the same form listed under {@code measure-files:} in {@code
 * vru.yaml}. Errors name the file, line and key.
 */
public final class MeasureCatalogue {
  static final Set<String> TABLES =
      Set.of(
          Warehouse.ADMISSIONS,
          Warehouse.POLICE_INCIDENTS,
          Warehouse.HOMICIDES,
          Warehouse.POLICE_UK,
          Warehouse.COUNTS,
          Warehouse.RECORDED_CRIME,
          Warehouse.FINGERTIPS);

  /**
   * How a measure's values are made: {@link #COUNTED} (events or counts in its table, over the
   * population estimates loaded); for a Fingertips indicator, {@link #PUBLISHED} (each area's value
   * and interval as Fingertips publishes them) or {@link #RECOMPUTED} (a crude rate from each
   * published count and denominator).
   */
  public static final String COUNTED = "counted";

  public static final String PUBLISHED = "published";
  public static final String RECOMPUTED = "recomputed";

  /**
   * The {@code age_column} of a measure whose source records no ages (data.police.uk street files):
   * it has no under-25 value, and no standardised rate.
   */
  public static final String NO_AGE = "none";

  /**
   * A series break: the measure's values for an area and period are not comparable with others.
   *
   * @param area an area code, or {@code all}
   * @param from first financial year affected (start year)
   * @param to last financial year affected
   * @param reason why, as shown on charts
   */
  public record SeriesBreak(String area, int from, int to, String reason) {}

  /**
   * One measure.
   *
   * @param id the id, lower case with underscores
   * @param title English title
   * @param titleCy Welsh title, if given
   * @param table the warehouse table counted
   * @param filter a Spark SQL condition selecting the events
   * @param ageColumn the age column (for the under-25 split), or {@link #NO_AGE}
   * @param multiplier rate per how many residents
   * @param lowIsGood the polarity
   * @param disclosure the disclosure rule of published counts: none, hes or fingertips
   * @param national whether it is a national success measure
   * @param version the definition version, recorded with every value
   * @param seriesBreaks series breaks
   * @param source the file it was defined in ({@code built-in} for the shipped catalogue)
   * @param values {@link #COUNTED}, {@link #PUBLISHED} or {@link #RECOMPUTED}
   */
  public record Measure(
      String id,
      String title,
      Optional<String> titleCy,
      String table,
      String filter,
      String ageColumn,
      int multiplier,
      boolean lowIsGood,
      String disclosure,
      boolean national,
      int version,
      List<SeriesBreak> seriesBreaks,
      String source,
      String values) {}

  record RawBreak(
      @JsonProperty("area") String area,
      @JsonProperty("from") String from,
      @JsonProperty("to") String to,
      @JsonProperty("reason") String reason) {}

  record RawMeasure(
      @JsonProperty("id") String id,
      @JsonProperty("title") String title,
      @JsonProperty("title_cy") String titleCy,
      @JsonProperty("table") String table,
      @JsonProperty("filter") String filter,
      @JsonProperty("age_column") String ageColumn,
      @JsonProperty("multiplier") Integer multiplier,
      @JsonProperty("polarity") String polarity,
      @JsonProperty("disclosure") String disclosure,
      @JsonProperty("national") Boolean national,
      @JsonProperty("version") Integer version,
      @JsonProperty("series_breaks") List<RawBreak> seriesBreaks,
      @JsonProperty("values") String values) {}

  record RawFile(@JsonProperty("measures") List<RawMeasure> measures) {}

  private static volatile Map<String, Measure> builtIn;

  private MeasureCatalogue() {}

  /**
   * Where a measure's field is written, for messages: its file, the line of {@code value} in it and
   * the key, e.g. {@code local.yaml line 6, key 'measures[knives].filter'}.
   */
  public static String where(Measure m, String field, String value) {
    Path file = Path.of(m.source().equals("built-in") ? "built-in.yaml" : m.source());
    int line = m.source().equals("built-in") ? 0 : YamlLines.of(file).lineOfScalar(value);
    return ConfigProblems.where(file, line, "measures[" + m.id() + "]." + field);
  }

  /** The built-in catalogue, in file order. */
  public static Map<String, Measure> builtIn() {
    Map<String, Measure> b = builtIn;
    if (b == null) {
      try (InputStream in =
          MeasureCatalogue.class.getResourceAsStream("/vru/measures/built-in.yaml")) {
        RawFile raw = ConfigLoader.YAML.readValue(in, RawFile.class);
        b = validate(Path.of("built-in.yaml"), raw, "built-in", new LinkedHashMap<>());
      } catch (IOException e) {
        throw new IllegalStateException("the built-in measure catalogue cannot be read", e);
      }
      builtIn = b;
    }
    return b;
  }

  /** The built-in catalogue and the measures in {@code files}, which may not redefine an id. */
  public static Map<String, Measure> load(List<Path> files) {
    Map<String, Measure> all = new LinkedHashMap<>(builtIn());
    for (Path f : files) {
      Path abs = f.toAbsolutePath().normalize();
      if (!Files.isRegularFile(abs)) {
        throw new VruException(
            ErrorCode.CONFIG_NOT_FOUND,
            "measure file not found: " + abs + " (listed under measure-files)");
      }
      RawFile raw;
      try {
        raw = ConfigLoader.YAML.readValue(abs.toFile(), RawFile.class);
      } catch (UnrecognizedPropertyException e) {
        throw ConfigLoader.unknownKey(abs, e);
      } catch (MismatchedInputException e) {
        throw ConfigLoader.invalid(
            abs,
            ConfigLoader.line(e.getLocation()),
            ConfigLoader.keyPath(e),
            ConfigLoader.describe(e));
      } catch (JsonProcessingException e) {
        throw ConfigLoader.notYaml(abs, e);
      } catch (IOException e) {
        throw new VruException(ErrorCode.CONFIG_NOT_FOUND, "cannot read " + abs + ": " + e, e);
      }
      validate(abs, raw, abs.toString(), all);
    }
    return all;
  }

  private static Map<String, Measure> validate(
      Path file, RawFile raw, String source, Map<String, Measure> into) {
    if (raw == null || raw.measures() == null || raw.measures().isEmpty()) {
      throw ConfigLoader.invalid(file, 0, "measures", "no measures in the file");
    }
    for (RawMeasure m : raw.measures()) {
      String id = need(file, "measures.id", m.id());
      String key = "measures[" + id + "]";
      if (!id.matches("[a-z][a-z0-9_]*")) {
        throw ConfigLoader.invalid(
            file,
            0,
            key + ".id",
            "'" + id + "' must be lower case letters, digits and underscores");
      }
      if (into.containsKey(id)) {
        throw ConfigLoader.invalid(
            file,
            0,
            key + ".id",
            "measure '"
                + id
                + "' is already defined in "
                + into.get(id).source()
                + "; choose another id");
      }
      String table = need(file, key + ".table", m.table());
      if (!TABLES.contains(table)) {
        throw ConfigLoader.invalid(
            file,
            0,
            key + ".table",
            "unknown table '"
                + table
                + "'"
                + ConfigLoader.hint(table, TABLES)
                + "; use one of "
                + String.join(", ", TABLES.stream().sorted().toList()));
      }
      String polarity = m.polarity() == null ? "low" : m.polarity();
      if (!List.of("low", "high").contains(polarity)) {
        throw ConfigLoader.invalid(
            file, 0, key + ".polarity", "'" + polarity + "' is not low or high (which is good)");
      }
      String disclosure =
          m.disclosure() == null
              ? (table.equals(Warehouse.ADMISSIONS) ? "hes" : "none")
              : m.disclosure();
      if (!List.of("none", "hes", "fingertips").contains(disclosure)) {
        throw ConfigLoader.invalid(
            file, 0, key + ".disclosure", "'" + disclosure + "' is not none, hes or fingertips");
      }
      if (table.equals(Warehouse.ADMISSIONS) && disclosure.equals("none")) {
        throw ConfigLoader.invalid(
            file,
            0,
            key + ".disclosure",
            "hospital data must be published under the hes or fingertips rule");
      }
      String values = values(file, key, table, m.values());
      int multiplier = m.multiplier() == null ? 100_000 : m.multiplier();
      if (multiplier <= 0) {
        throw ConfigLoader.invalid(file, 0, key + ".multiplier", "must be positive, e.g. 100000");
      }
      List<SeriesBreak> breaks = new ArrayList<>();
      if (m.seriesBreaks() != null) {
        for (RawBreak b : m.seriesBreaks()) {
          try {
            breaks.add(
                new SeriesBreak(
                    b.area() == null ? "all" : b.area(),
                    FinancialYear.parse(need(file, key + ".series_breaks.from", b.from()))
                        .startYear(),
                    FinancialYear.parse(need(file, key + ".series_breaks.to", b.to())).startYear(),
                    need(file, key + ".series_breaks.reason", b.reason())));
          } catch (IllegalArgumentException e) {
            throw ConfigLoader.invalid(file, 0, key + ".series_breaks", e.getMessage());
          }
        }
      }
      into.put(
          id,
          new Measure(
              id,
              need(file, key + ".title", m.title()),
              Optional.ofNullable(m.titleCy()),
              table,
              need(file, key + ".filter", m.filter()),
              m.ageColumn() == null ? defaultAge(table) : m.ageColumn(),
              multiplier,
              polarity.equals("low"),
              disclosure,
              Boolean.TRUE.equals(m.national()),
              m.version() == null ? 1 : m.version(),
              List.copyOf(breaks),
              source,
              values));
    }
    return into;
  }

  /** A measure's {@code values}: published or recomputed for Fingertips, counted otherwise. */
  private static String values(Path file, String key, String table, String values) {
    if (!table.equals(Warehouse.FINGERTIPS)) {
      if (values != null) {
        throw ConfigLoader.invalid(
            file,
            0,
            key + ".values",
            "only a measure from the fingertips table has published or recomputed values; a "
                + table
                + " measure is counted: remove the key");
      }
      return COUNTED;
    }
    if (values == null) {
      return PUBLISHED;
    }
    if (!List.of(PUBLISHED, RECOMPUTED).contains(values)) {
      throw ConfigLoader.invalid(
          file,
          0,
          key + ".values",
          "'"
              + values
              + "' is not published (each value and interval as Fingertips publishes it) or"
              + " recomputed (a rate from each published count and denominator)");
    }
    return values;
  }

  private static String defaultAge(String table) {
    return switch (table) {
      case Warehouse.ADMISSIONS -> "age";
      case Warehouse.POLICE_UK, Warehouse.COUNTS, Warehouse.RECORDED_CRIME, Warehouse.FINGERTIPS ->
          NO_AGE;
      default -> "victim_age";
    };
  }

  private static String need(Path file, String key, String value) {
    if (value == null || value.isBlank()) {
      throw ConfigLoader.invalid(file, 0, key, "required");
    }
    return value;
  }
}
