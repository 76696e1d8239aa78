package vru.ingest.internal;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import vru.core.geo.Geography;
import vru.core.geo.ReferencePopulation;
import vru.core.warehouse.Warehouse;
import vru.ingest.internal.Check.AnyText;
import vru.ingest.internal.Check.DateValue;
import vru.ingest.internal.Check.DecimalNumber;
import vru.ingest.internal.Check.Matches;
import vru.ingest.internal.Check.OneOf;
import vru.ingest.internal.Check.WholeNumber;

/** The record-level sources and their checks. See {@code docs/ingest.md} for the file layouts. */
public final class Sources {
  static final Matches LSOA =
      new Matches("^[EW]01[0-9]{6}$", "bad_area_code", "an LSOA code like E01000001");
  static final Matches LA =
      new Matches("^[EW]0[6-9][0-9]{6}$", "bad_area_code", "a local authority code like E08000025");
  static final Matches PFA =
      new Matches(
          "^(E23|W15)[0-9]{6}$", "bad_area_code", "a police force area code like E23000014");
  static final Matches ICD10 =
      new Matches(
          "^[A-Z][0-9]{2}(\\.?[0-9A-Z-]{1,2})?$",
          "bad_icd10_code", "an ICD-10 code like X99.0 or S211");
  static final Matches OFFENCE =
      new Matches(
          "^[0-9]{1,3}[A-Z]{0,2}$", "bad_offence_code", "a Home Office offence code like 8N");
  static final DateValue ISO_DATE = new DateValue("yyyy-MM-dd");
  static final DateValue MONTH = new DateValue("yyyy-MM");
  static final WholeNumber AGE = new WholeNumber(0, 120);

  /** Every source, in ingest order: the names {@code inputs:} in vru.yaml accepts. */
  private static final List<String> NAMES = vru.core.config.PartnershipConfig.SOURCES;

  private Sources() {}

  /** The names of the sources this module reads (cheap: builds no spec, loads no Spark class). */
  public static List<String> names() {
    return NAMES;
  }

  static Optional<SourceSpec> spec(String source) {
    return Optional.ofNullable(Specs.ALL.get(source));
  }

  /** The published-table sources, read whole on the driver ({@link TableIngest}). */
  static Optional<TableIngest.Adapter> table(String source) {
    return Optional.ofNullable(Specs.TABLES.get(source));
  }

  /** The specs, built on first use. */
  private static final class Specs {
    static final Map<String, SourceSpec> ALL = specs();
    static final Map<String, TableIngest.Adapter> TABLES =
        Map.of("prc-tables", new PrcTables(), "fingertips", new Fingertips());
  }

  private static Map<String, SourceSpec> specs() {
    Map<String, SourceSpec> m = new java.util.LinkedHashMap<>();
    m.put("geography", geography());
    m.put("population", population());
    m.put("police-records", policeRecords());
    m.put("police-uk", PoliceUk.spec());
    m.put("hospital-admissions", hospitalAdmissions());
    m.put("homicide-index", homicideIndex());
    m.put("programme", programme());
    java.util.Set<String> all = new java.util.HashSet<>(m.keySet());
    all.add("prc-tables");
    all.add("fingertips");
    // aggregated counts: an adapter built per run with its mapping (IngestRunner#prepare)
    all.add("counts");
    if (!all.equals(new java.util.HashSet<>(NAMES))) {
      throw new IllegalStateException("source names out of step: " + m.keySet() + " vs " + NAMES);
    }
    return m;
  }

  private static SourceSpec geography() {
    return new SourceSpec(
        "geography",
        Warehouse.GEOGRAPHY,
        List.of(
            Field.required("lsoa_code", LSOA),
            Field.optional("lsoa_name", new AnyText()),
            Field.required("la_code", LA),
            Field.optional("la_name", new AnyText()),
            Field.required(
                "csp_code",
                new Matches("^(E22|W14)[0-9]{6}$", "bad_area_code", "a CSP code like E22000001")),
            Field.optional("csp_name", new AnyText()),
            Field.required("pfa_code", PFA),
            Field.optional("pfa_name", new AnyText()),
            Field.optional("valid_from", ISO_DATE),
            Field.optional("valid_to", ISO_DATE)),
        Optional.empty(),
        "",
        List.of("lsoa_code"),
        List.of("pfa_code", "valid_from"),
        p ->
            List.of(
                col("lsoa_code"),
                col("lsoa_name"),
                col("la_code"),
                col("la_name"),
                col("csp_code"),
                col("csp_name"),
                col("pfa_code"),
                col("pfa_name"),
                ISO_DATE.date(col("valid_from")).as("valid_from"),
                ISO_DATE.date(col("valid_to")).as("valid_to")));
  }

  private static SourceSpec population() {
    return new SourceSpec(
        "population",
        Warehouse.POPULATION,
        List.of(
            Field.required("year", new WholeNumber(1990, 2100)),
            Field.required("area_code", LA),
            Field.required("sex", new OneOf(List.of("F", "M"), "bad_value")),
            Field.required("age_band", new OneOf(ReferencePopulation.AGE_BANDS, "bad_value")),
            Field.required("population", new WholeNumber(0, 20_000_000))),
        Optional.of("area_code"),
        "la",
        List.of("year", "area_code", "sex", "age_band"),
        PopulationTables.COVERAGE,
        p ->
            List.of(
                col("year").cast("int").as("year"),
                col("area_code").as("la_code"),
                col("pfa_code"),
                col("sex"),
                col("age_band"),
                col("population").cast("long").as("population")));
  }

  private static SourceSpec policeRecords() {
    return new SourceSpec(
            "police-records",
            Warehouse.POLICE_INCIDENTS,
            List.of(
                Field.identifier("crime_reference"),
                Field.required("force_code", PFA),
                Field.required("recorded_date", ISO_DATE),
                Field.required("offence_code", OFFENCE),
                Field.optional("offence_group", new AnyText()),
                Field.required("knife_flag", new OneOf(List.of("Y", "N"), "bad_flag")),
                Field.optional("victim_age", AGE),
                Field.optional("victim_sex", new OneOf(List.of("M", "F", "U"), "bad_value")),
                Field.required("lsoa_code", LSOA),
                Field.optional("outcome", new AnyText())),
            Optional.of("lsoa_code"),
            "lsoa",
            List.of("crime_reference"),
            List.of("force_code", "financial_year"),
            p -> {
              Column date = ISO_DATE.date(col("recorded_date"));
              return List.of(
                  p.pseudonym(col("crime_reference")).as("incident_key"),
                  col("force_code"),
                  date.as("recorded_date"),
                  financialYear(date).as("financial_year"),
                  date_format(date, "yyyy-MM").as("month"),
                  col("offence_code"),
                  col("offence_group"),
                  col("knife_flag").equalTo("Y").as("knife"),
                  col("victim_age").cast("int").as("victim_age"),
                  col("victim_sex"),
                  col("lsoa_code"),
                  col("la_code"),
                  col("csp_code"),
                  col("pfa_code"));
            })
        .withPublishedKey("incident_key");
  }

  private static SourceSpec hospitalAdmissions() {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.identifier("episode_id"));
    fields.add(Field.identifier("spell_id"));
    fields.add(Field.required("admission_date", ISO_DATE));
    fields.add(
        Field.required(
            "admission_method",
            new Matches("^[0-9][0-9A-Z]$", "bad_value", "a HES admission method code like 21")));
    fields.add(Field.required("episode_order", new WholeNumber(1, 99)));
    fields.add(Field.optional("age", AGE));
    fields.add(Field.optional("sex", new OneOf(List.of("0", "1", "2", "9"), "bad_value")));
    fields.add(Field.required("lsoa_code", LSOA));
    fields.add(Field.required("diag_01", ICD10));
    fields.add(Field.optional("diag_02", ICD10));
    fields.add(Field.optional("diag_03", ICD10));
    fields.add(Field.optional("cause", ICD10));
    Function<String, Column> icd = c -> regexp_replace(col(c), "\\.", "");
    return new SourceSpec(
            "hospital-admissions",
            Warehouse.ADMISSIONS,
            fields,
            Optional.of("lsoa_code"),
            "lsoa",
            List.of("episode_id"),
            List.of("pfa_code", "financial_year"),
            p -> {
              Column date = ISO_DATE.date(col("admission_date"));
              return List.of(
                  p.pseudonym(col("episode_id")).as("episode_key"),
                  p.pseudonym(col("spell_id")).as("spell_key"),
                  date.as("admission_date"),
                  financialYear(date).as("financial_year"),
                  date_format(date, "yyyy-MM").as("month"),
                  col("admission_method"),
                  col("episode_order").cast("int").as("episode_order"),
                  col("age").cast("int").as("age"),
                  when(col("sex").equalTo("1"), "M")
                      .when(col("sex").equalTo("2"), "F")
                      .otherwise("U")
                      .as("sex"),
                  col("lsoa_code"),
                  col("la_code"),
                  col("csp_code"),
                  col("pfa_code"),
                  array_remove(
                          array(icd.apply("diag_01"), icd.apply("diag_02"), icd.apply("diag_03")),
                          "")
                      .as("diagnoses"),
                  icd.apply("cause").as("cause"));
            })
        .withPublishedKey("episode_key");
  }

  private static SourceSpec homicideIndex() {
    return new SourceSpec(
            "homicide-index",
            Warehouse.HOMICIDES,
            List.of(
                Field.identifier("homicide_ref"),
                Field.required("date_recorded", ISO_DATE),
                Field.required(
                    "method_of_killing",
                    new OneOf(
                        List.of(
                            "sharp_instrument",
                            "hitting_kicking",
                            "blunt_instrument",
                            "strangulation",
                            "shooting",
                            "other"),
                        "bad_value")),
                Field.optional("victim_age", AGE),
                Field.optional("victim_sex", new OneOf(List.of("M", "F", "U"), "bad_value")),
                Field.optional("domestic", new OneOf(List.of("Y", "N"), "bad_flag")),
                Field.required("force_code", PFA),
                Field.required("lsoa_code", LSOA)),
            Optional.of("lsoa_code"),
            "lsoa",
            List.of("homicide_ref"),
            List.of("force_code", "financial_year"),
            p -> {
              Column date = ISO_DATE.date(col("date_recorded"));
              return List.of(
                  p.pseudonym(col("homicide_ref")).as("homicide_key"),
                  date.as("date_recorded"),
                  financialYear(date).as("financial_year"),
                  col("method_of_killing"),
                  col("victim_age").cast("int").as("victim_age"),
                  col("victim_sex"),
                  col("domestic").equalTo("Y").as("domestic"),
                  col("force_code"),
                  col("lsoa_code"),
                  col("la_code"),
                  col("csp_code"),
                  col("pfa_code"));
            })
        .withPublishedKey("homicide_key");
  }

  private static SourceSpec programme() {
    Geography g = Geography.reference();
    List<String> areas = new ArrayList<>(g.pfas().keySet());
    areas.addAll(g.csps().keySet());
    areas.addAll(g.las().keySet());
    return new SourceSpec(
        "programme",
        Warehouse.PROGRAMME,
        List.of(
            Field.required("intervention", new AnyText()),
            Field.required("area_code", new OneOf(areas, "unknown_area")),
            Field.required("month", MONTH),
            Field.required("referrals", new WholeNumber(0, 10_000_000)),
            Field.required("starts", new WholeNumber(0, 10_000_000)),
            Field.required("completions", new WholeNumber(0, 10_000_000)),
            Field.optional("cost_gbp", new DecimalNumber(0))),
        Optional.empty(),
        "",
        List.of("intervention", "area_code", "month"),
        List.of("intervention", "area_code", "month"),
        p -> {
          Column first = MONTH.date(col("month"));
          return List.of(
              col("intervention"),
              col("area_code"),
              col("month"),
              financialYear(first).as("financial_year"),
              col("referrals").cast("long").as("referrals"),
              col("starts").cast("long").as("starts"),
              col("completions").cast("long").as("completions"),
              col("cost_gbp").cast("double").as("cost_gbp"));
        });
  }

  /** The financial year (its starting calendar year) of a date: April to March. */
  static Column financialYear(Column date) {
    return year(date).minus(when(month(date).lt(4), lit(1)).otherwise(lit(0)));
  }
}
