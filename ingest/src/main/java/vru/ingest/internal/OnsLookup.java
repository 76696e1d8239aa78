package vru.ingest.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.geo.CsvLine;
import vru.core.geo.Geography;
import vru.core.warehouse.Warehouse;
import vru.ingest.internal.Check.AnyText;
import vru.ingest.internal.Check.Matches;

/**
 * A geography lookup as ONS publishes it: LSOA → local authority, without CSPs or force areas
 * ({@code LSOA21CD, LSOA21NM, LAD23CD, LAD23NM, ObjectId}, or the 2011 LSOAs' {@code LSOA11CD, …,
 * LAD21CD, …}). Its columns are recognised by name, so it is read with no mapping, and each local
 * authority's CSP and force area come from the built-in 2025 reference geography. A lookup mapped
 * with {@code --columns} to LSOA and LA columns alone is read the same way.
 */
final class OnsLookup {
  private static final Pattern LSOA_CODE = Pattern.compile("lsoa([0-9]{2})cd");
  private static final Pattern LA_CODE = Pattern.compile("lad([0-9]{2})cd");

  private OnsLookup() {}

  /** How a geography file is read: its spec and column mapping. */
  record Layout(SourceSpec spec, ColumnMapping mapping) {}

  /**
   * The layout of a geography file: as given when it names CSPs or force areas; otherwise by its
   * local authorities, with ONS's column names mapped when no mapping was given.
   *
   * @param file the file as read
   * @param shown the file as the user named it, for messages
   */
  static Layout of(Path file, Path shown, SourceSpec spec, ColumnMapping mapping)
      throws IOException {
    if (ParquetInput.is(file)) {
      return new Layout(spec, mapping);
    }
    String first = Header.firstLine(file);
    if (first == null) {
      return new Layout(spec, mapping);
    }
    List<String> header = new ArrayList<>();
    for (String cell : CsvLine.split(first.replaceFirst("^\uFEFF", ""))) {
      header.add(cell.trim().toLowerCase(Locale.ROOT));
    }
    ColumnMapping m = mapping.file() != null ? mapping : ons(shown, header).orElse(mapping);
    List<String> mapped = m.file() == null ? header : m.apply(shown + " line 1", header);
    boolean byLa = !mapped.contains("csp_code") && !mapped.contains("pfa_code");
    return new Layout(byLa && mapped.contains("lsoa_code") ? byLocalAuthority(mapped) : spec, m);
  }

  /**
   * ONS's column names mapped to ours, when the header has an {@code LSOAyyCD} column: the latest
   * vintage of LSOA and local authority where a lookup gives several, every other column left out.
   */
  private static Optional<ColumnMapping> ons(Path shown, List<String> header) {
    Optional<String> lsoa = latest(header, LSOA_CODE);
    if (lsoa.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> la = latest(header, LA_CODE);
    if (la.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          shown
              + " line 1: an ONS lookup with "
              + lsoa.get().toUpperCase(Locale.ROOT)
              + " but no local authority code column (LADyyCD); the header has "
              + String.join(", ", header)
              + ". Use ONS's lookup of LSOAs to local authority districts, or map the file's"
              + " columns to lsoa_code and la_code with --columns (docs/ingest.md)");
    }
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(lsoa.get(), "lsoa_code");
    columns.put(lsoa.get().replace("cd", "nm"), "lsoa_name");
    columns.put(la.get(), "la_code");
    columns.put(la.get().replace("cd", "nm"), "la_name");
    columns.keySet().retainAll(header);
    Set<String> ignore = new LinkedHashSet<>(header);
    ignore.removeAll(columns.keySet());
    ignore.remove("");
    return Optional.of(
        new ColumnMapping(
            Path.of("ONS's lookup layout (as " + shown.getFileName() + "'s header names it)"),
            columns,
            ignore,
            Optional.empty()));
  }

  /** The header's column of the pattern with the latest two-digit year. */
  private static Optional<String> latest(List<String> header, Pattern p) {
    String best = null;
    for (String h : header) {
      Matcher m = p.matcher(h);
      if (m.matches() && (best == null || h.compareTo(best) > 0)) {
        best = h;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The geography source read by local authority: each LSOA's authority must be one of the 2025
   * reference geography, whose CSP and force area it is given.
   *
   * @param header the file's columns (mapped): which of the optional ones it has
   */
  static SourceSpec byLocalAuthority(List<String> header) {
    Geography g = Geography.reference();
    Map<String, String> cspName = new LinkedHashMap<>();
    Map<String, String> pfaName = new LinkedHashMap<>();
    g.csps().values().forEach(a -> cspName.put(a.code(), a.name()));
    g.pfas().values().forEach(a -> pfaName.put(a.code(), a.name()));
    Matches known =
        new Matches(
            "^(" + String.join("|", g.las().keySet()) + ")$",
            "unknown_area",
            "a local authority of the reference geography, which follows the CSPs of ONS's"
                + " recorded crime tables (year ending June 2025): Cumbria's LSOAs belong to its"
                + " six former districts (Allerdale, …), not to Cumberland and Westmorland and"
                + " Furness; give those rows their district, or supply a lookup with CSP and"
                + " force columns (csp_code, pfa_code)");
    Column la = col("la_code");
    Column csp = element_at(PoliceUk.map(g.cspOfLa()), la);
    Column pfa = element_at(PoliceUk.map(g.pfaOfLa()), la);
    return new SourceSpec(
        "geography",
        Warehouse.GEOGRAPHY,
        Stream.of(
                Field.required("lsoa_code", Sources.LSOA),
                Field.optional("lsoa_name", new AnyText()),
                Field.required("la_code", new Check.All(List.of(Sources.LA, known))),
                Field.optional("la_name", new AnyText()),
                Field.optional("valid_from", Sources.ISO_DATE),
                Field.optional("valid_to", Sources.ISO_DATE))
            .filter(f -> f.required() || header.contains(f.name()))
            .toList(),
        Optional.empty(),
        "",
        List.of("lsoa_code"),
        List.of("pfa_code", "valid_from"),
        p ->
            List.of(
                col("lsoa_code"),
                given(header, "lsoa_name"),
                la,
                given(header, "la_name"),
                csp.as("csp_code"),
                element_at(PoliceUk.map(cspName), csp).as("csp_name"),
                pfa.as("pfa_code"),
                element_at(PoliceUk.map(pfaName), pfa).as("pfa_name"),
                date(header, "valid_from"),
                date(header, "valid_to")));
  }

  /** A text column the file has, else null. */
  private static Column given(List<String> header, String name) {
    return (header.contains(name) ? col(name) : lit(null).cast("string")).as(name);
  }

  /** A date column the file has, else null. */
  private static Column date(List<String> header, String name) {
    return (header.contains(name) ? Sources.ISO_DATE.date(col(name)) : lit(null).cast("date"))
        .as(name);
  }
}
