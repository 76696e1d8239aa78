package vru.core.config;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import vru.core.api.FinancialYear;

/**
 * A partnership's configuration ({@code vru.yaml}), validated. Relative paths in the file are
 * resolved against the file's folder. See the README's configuration reference.
 *
 * @param file the configuration file this was read from
 * @param id partnership id, lower case with hyphens, e.g. {@code west-midlands-vru}
 * @param name the partnership's name as it appears in reports
 * @param areas member areas (PFA or CSP codes)
 * @param start the date the programme started in the member areas
 * @param programmeAreas every area running a comparable programme, with its start date: the treated
 *     group of the impact evaluation (the partnership's own areas are always included)
 * @param comparison comparison areas; empty means all areas not in {@code programmeAreas}
 * @param measures measure ids to compute and report
 * @param baseline the baseline period for change comparisons
 * @param languages report languages ({@code en}, {@code cy})
 * @param warehouse the warehouse folder
 * @param inputs input files or folders per source name
 * @param evaluation how the impact evaluation is run
 * @param theoryOfChange the partnership's theory of change ({@code toc.yaml}), if it has one
 * @param measureFiles the partnership's own measure definitions ({@code measure-files:})
 * @param similarAreas the partnership's most similar force areas ({@code similar-areas:}), compared
 *     with as a group; may be empty
 * @param inputOptions how a source's files are read ({@code input-options:}), for sources whose
 *     files need it
 * @param definition the partnership's local definition of serious violence ({@code definition:}),
 *     if it has written one
 * @param measureSources where a national measure is stated to be counted from ({@code
 *     measure-sources: {knife_admissions: counts}}): {@code records} or {@code counts}; a measure
 *     not named is chosen by what was ingested
 */
public record PartnershipConfig(
    Path file,
    String id,
    String name,
    List<String> areas,
    LocalDate start,
    List<ProgrammeArea> programmeAreas,
    List<String> comparison,
    List<String> measures,
    FinancialYear baseline,
    List<String> languages,
    Path warehouse,
    Map<String, List<Path>> inputs,
    Evaluation evaluation,
    java.util.Optional<Path> theoryOfChange,
    List<Path> measureFiles,
    List<String> similarAreas,
    Map<String, InputOptions> inputOptions,
    java.util.Optional<Definition> definition,
    Map<String, String> measureSources) {

  /**
   * How one source's files are read, when they are not in vru's own layout and encoding ({@code
   * input-options: {police-records: {columns: wmp-columns.yaml, encoding: windows-1252}}}).
   *
   * @param columns a column mapping file (docs/ingest.md, {@code --columns})
   * @param encoding the files' declared character encoding ({@code --encoding})
   */
  public record InputOptions(
      java.util.Optional<Path> columns, java.util.Optional<java.nio.charset.Charset> encoding) {
    public static final InputOptions NONE =
        new InputOptions(java.util.Optional.empty(), java.util.Optional.empty());
  }

  /**
   * The impact evaluation's settings ({@code evaluation:} in the file; every key optional).
   *
   * @param control comparison units of the Callaway–Sant'Anna estimator: {@code never} (default) or
   *     {@code not-yet}
   * @param anticipation financial years before the start in which areas may already react
   * @param bootstrap multiplier-bootstrap draws (default 999; 0 for analytic standard errors)
   * @param seed the bootstrap seed (fixed, so reruns give identical results)
   */
  /**
   * The impact evaluation's settings.
   *
   * @param control the Callaway–Sant'Anna comparison: {@code never} or {@code not-yet} treated
   * @param anticipation years before the start in which areas may already react
   * @param bootstrap multiplier-bootstrap draws (0: analytic errors)
   * @param seed the seed of every random draw (bootstraps, placebo shuffles)
   * @param design {@code auto} (chosen from the programme areas), {@code sdid}, {@code cs} or
   *     {@code its}
   */
  public record Evaluation(
      String control, int anticipation, int bootstrap, long seed, String design) {
    public static final List<String> DESIGNS = List.of("auto", "sdid", "cs", "its");
    public static final Evaluation DEFAULT = new Evaluation("never", 0, 999, 20190401L, "auto");

    /** Settings with the design chosen automatically. */
    public Evaluation(String control, int anticipation, int bootstrap, long seed) {
      this(control, anticipation, bootstrap, seed, "auto");
    }
  }

  /** An area running the programme from {@code start}. */
  public record ProgrammeArea(String area, LocalDate start) {}

  /** Source names accepted under {@code inputs}, in the order they are ingested. */
  public static final List<String> SOURCES =
      List.of(
          "geography",
          "population",
          "police-records",
          "police-uk",
          "prc-tables",
          "fingertips",
          "counts",
          "hospital-admissions",
          "homicide-index",
          "programme");
}
