package vru.ingest.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * How to read one source: its columns and checks, the column holding an area code to resolve
 * through the geography lookup, the columns that identify a record (a second row with the same
 * values is a duplicate), and the projection to the canonical table.
 *
 * @param source the source name, e.g. {@code police-records}
 * @param table the canonical warehouse table
 * @param fields the expected columns, in any order in the file
 * @param areaField the column with an LSOA or LA code resolved to LA, CSP and PFA
 * @param areaLevel {@code lsoa} or {@code la}: what {@code areaField} holds
 * @param keyFields the columns identifying a record
 * @param coverage the canonical columns whose values say what a file covers (e.g. force and
 *     financial year): a new file covering all of a published file's values supersedes it
 * @param canonical the projection from validated rows (trimmed text columns named as in {@code
 *     fields}, plus {@code la_code}, {@code csp_code}, {@code pfa_code} when resolved) to the
 *     canonical table's columns, given the pseudonymiser
 * @param publishedKey the canonical column holding the record key (its pseudonym), for a source
 *     whose records may be repeated across files of different periods: a record already published
 *     from a file that does not cover the new row's period is a duplicate
 */
record SourceSpec(
    String source,
    String table,
    List<Field> fields,
    Optional<String> areaField,
    String areaLevel,
    List<String> keyFields,
    List<String> coverage,
    Function<Pseudonymiser, List<Column>> canonical,
    Optional<String> publishedKey) {
  /**
   * This source with its full dates ({@code yyyy-MM-dd} fields) checked and read as {@code pattern}
   * says a file writes them; the rows are turned back to ISO dates before {@link #canonical}.
   */
  SourceSpec withDates(String pattern) {
    return new SourceSpec(
        source,
        table,
        fields.stream()
            .map(
                f ->
                    f.check().equals(Sources.ISO_DATE)
                        ? new Field(
                            f.name(), f.required(), new Check.DateValue(pattern), f.identifier())
                        : f)
            .toList(),
        areaField,
        areaLevel,
        keyFields,
        coverage,
        canonical,
        publishedKey);
  }

  SourceSpec(
      String source,
      String table,
      List<Field> fields,
      Optional<String> areaField,
      String areaLevel,
      List<String> keyFields,
      List<String> coverage,
      Function<Pseudonymiser, List<Column>> canonical) {
    this(
        source,
        table,
        fields,
        areaField,
        areaLevel,
        keyFields,
        coverage,
        canonical,
        Optional.empty());
  }

  /** This source with records checked against those already published under {@code column}. */
  SourceSpec withPublishedKey(String column) {
    return new SourceSpec(
        source,
        table,
        fields,
        areaField,
        areaLevel,
        keyFields,
        coverage,
        canonical,
        Optional.of(column));
  }
}
