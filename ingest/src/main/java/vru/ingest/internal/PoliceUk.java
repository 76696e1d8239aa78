package vru.ingest.internal;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.ingest.internal.Check.AnyText;
import vru.ingest.internal.Check.DecimalRange;
import vru.ingest.internal.Check.Matches;
import vru.ingest.internal.Check.OneOf;

/**
 * data.police.uk monthly street-level files ({@code YYYY-MM-<force>-street.csv}) as published.
 *
 * <p>Rules (docs/ingest.md): a repeated {@code Crime ID} (within a month or across months) is a
 * duplicate: the first row is kept and the others quarantined, so a crime is never counted twice.
 * Anti-social behaviour rows have no Crime ID by design: they are accepted with no key and can
 * never be duplicates of one another. A row with no location (no LSOA) is accepted with no LSOA,
 * local authority or CSP; it still counts for the force it falls within. The local authority of a
 * row is read from its LSOA name ("Camden 027B" is in Camden), so the files load with no geography
 * lookup; an LSOA name whose authority is not in the reference geography is quarantined as {@code
 * unknown_area}, and so is a force name that is not one of the 43 police force areas. Coordinates
 * must fall in a box round the United Kingdom (latitude 49.5 to 61.0, longitude −8.5 to 2.0, the
 * furthest points of the UK, widened by half a degree each way), else the row is quarantined as
 * {@code out_of_range}: a latitude of 123.4 is not a place, and one of 40.4 is not in England.
 */
final class PoliceUk {
  static final double LAT_MIN = 49.0;
  static final double LAT_MAX = 61.5;
  static final double LON_MIN = -9.0;
  static final double LON_MAX = 2.5;
  static final String UK_BOX =
      "a coordinate in the United Kingdom (latitude 49.0 to 61.5, longitude -9.0 to 2.5)";

  /** The crime types data.police.uk publishes. */
  static final List<String> CRIME_TYPES =
      List.of(
          "Anti-social behaviour",
          "Bicycle theft",
          "Burglary",
          "Criminal damage and arson",
          "Drugs",
          "Other crime",
          "Other theft",
          "Possession of weapons",
          "Public order",
          "Robbery",
          "Shoplifting",
          "Theft from the person",
          "Vehicle crime",
          "Violence and sexual offences");

  private PoliceUk() {}

  static SourceSpec spec() {
    Geography g = Geography.reference();
    Map<String, String> forces = new LinkedHashMap<>();
    g.pfas().values().forEach(a -> forces.put(forceKey(a.name()), a.code()));
    Map<String, String> las = laCodesByLsoaName(g);
    Map<String, String> cspOfLa = g.cspOfLa();
    Map<String, String> pfaOfLa = g.pfaOfLa();
    String laNames = String.join("|", las.keySet().stream().map(Pattern::quote).toList());
    Matches force =
        new Matches(
            "(?i)^("
                + String.join("|", forces.keySet().stream().map(PoliceUk::forcePattern).toList())
                + ")( police| constabulary| police service)?$",
            "unknown_area",
            "one of the 43 police forces of England and Wales, as data.police.uk names them");
    Matches lsoaName =
        new Matches(
            "^(" + laNames + ") [0-9]{3}[A-Z]$",
            "unknown_area",
            "an LSOA name of a local authority in the reference geography, like 'Camden 027B'");
    Column laName = regexp_extract(col("lsoa name"), "^(.*) [0-9]{3}[A-Z]$", 1);
    Column laCode = element_at(map(las), laName);
    return new SourceSpec(
            "police-uk",
            Warehouse.POLICE_UK,
            List.of(
                Field.optional(
                    "crime id",
                    new Matches(
                        "^[0-9a-f]{64}$",
                        "bad_value",
                        "a data.police.uk crime ID (64 hex digits)")),
                Field.required("month", Sources.MONTH),
                Field.required("reported by", force),
                Field.required("falls within", force),
                Field.optional("longitude", new DecimalRange(LON_MIN, LON_MAX, UK_BOX)),
                Field.optional("latitude", new DecimalRange(LAT_MIN, LAT_MAX, UK_BOX)),
                Field.optional("location", new AnyText()),
                Field.optional("lsoa code", Sources.LSOA),
                Field.optional("lsoa name", lsoaName),
                Field.required("crime type", new OneOf(CRIME_TYPES, "bad_value")),
                Field.optional("last outcome category", new AnyText()),
                Field.optional("context", new AnyText())),
            Optional.empty(),
            "",
            List.of("crime id"),
            List.of("force_code", "month"),
            p -> {
              Column first = Sources.MONTH.date(col("month"));
              return List.of(
                  p.pseudonym(col("crime id")).as("crime_key"),
                  col("month"),
                  Sources.financialYear(first).as("financial_year"),
                  element_at(map(forces), forceKey(col("falls within"))).as("force_code"),
                  col("crime type").as("crime_type"),
                  col("last outcome category").as("last_outcome"),
                  col("lsoa code").as("lsoa_code"),
                  laCode.as("la_code"),
                  element_at(map(cspOfLa), laCode).as("csp_code"),
                  element_at(map(pfaOfLa), laCode).as("pfa_code"));
            })
        .withPublishedKey("crime_key");
  }

  /**
   * Local authority codes by the name LSOA names begin with ("Camden 027B"): the authority's name,
   * and for "Bristol, City of" also "Bristol".
   */
  static Map<String, String> laCodesByLsoaName(Geography g) {
    Map<String, String> las = new LinkedHashMap<>();
    for (Geography.Area la : g.las().values()) {
      las.put(la.name(), la.code());
      int comma = la.name().indexOf(',');
      if (comma > 0) {
        las.putIfAbsent(la.name().substring(0, comma), la.code());
      }
    }
    return las;
  }

  /** A force's name reduced to what data.police.uk and ONS agree on. */
  static String forceKey(String name) {
    return name.toLowerCase(Locale.ROOT)
        .replace("&", "and")
        .replaceAll("( police| constabulary| service)+$", "")
        .trim();
  }

  private static Column forceKey(Column name) {
    return trim(
        regexp_replace(
            regexp_replace(lower(name), "&", "and"), "( police| constabulary| service)+$", ""));
  }

  /** A force name as a pattern that accepts "&" for "and". */
  private static String forcePattern(String key) {
    List<String> parts = new ArrayList<>();
    for (String word : key.split(" and ", -1)) {
      parts.add(Pattern.quote(word));
    }
    return String.join(" (?:and|&) ", parts);
  }

  static Column map(Map<String, String> m) {
    return map_from_arrays(
        array(m.keySet().stream().map(k -> lit(k)).toArray(Column[]::new)),
        array(m.values().stream().map(v -> lit(v)).toArray(Column[]::new)));
  }
}
