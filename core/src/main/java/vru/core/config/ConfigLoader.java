package vru.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.Measures;
import vru.core.api.Suggest;
import vru.core.api.VruException;
import vru.core.config.PartnershipConfig.ProgrammeArea;
import vru.core.geo.Geography;

/**
 * Reads and validates {@code vru.yaml}. Every problem is reported with the file, the key and, where
 * the parser knows it, the line; unknown keys get a "did you mean" hint.
 */
public final class ConfigLoader {
  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final List<String> LANGUAGES = List.of("en", "cy");
  private static final String ALL_OTHER_AREAS = "all-other-areas";

  private ConfigLoader() {}

  record RawPartnership(
      @JsonProperty("id") String id,
      @JsonProperty("name") String name,
      @JsonProperty("areas") List<String> areas,
      @JsonProperty("start") String start) {}

  record RawEvaluation(
      @JsonProperty("control") String control,
      @JsonProperty("anticipation") Integer anticipation,
      @JsonProperty("bootstrap") Integer bootstrap,
      @JsonProperty("seed") Long seed,
      @JsonProperty("design") String design) {}

  record RawProgrammeArea(@JsonProperty("area") String area, @JsonProperty("start") String start) {}

  record RawInputOptions(
      @JsonProperty("columns") String columns, @JsonProperty("encoding") String encoding) {}

  record RawConfig(
      @JsonProperty("partnership") RawPartnership partnership,
      @JsonProperty("programme-areas") List<RawProgrammeArea> programmeAreas,
      @JsonProperty("comparison") JsonNode comparison,
      @JsonProperty("measures") List<String> measures,
      @JsonProperty("baseline") String baseline,
      @JsonProperty("languages") List<String> languages,
      @JsonProperty("warehouse") String warehouse,
      @JsonProperty("inputs") Map<String, List<String>> inputs,
      @JsonProperty("input-options") Map<String, RawInputOptions> inputOptions,
      @JsonProperty("evaluation") RawEvaluation evaluation,
      @JsonProperty("theory-of-change") String theoryOfChange,
      @JsonProperty("measure-files") List<String> measureFiles,
      @JsonProperty("similar-areas") JsonNode similarAreas,
      @JsonProperty("measure-sources") Map<String, String> measureSources,
      @JsonProperty("definition") Definition.Raw definition) {}

  /**
   * Loads and validates a configuration file.
   *
   * @throws VruException {@link ErrorCode#CONFIG_NOT_FOUND} when the file is missing, {@link
   *     ErrorCode#CONFIG_INVALID} naming the key for any bad content
   */
  public static PartnershipConfig load(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new VruException(
          ErrorCode.CONFIG_NOT_FOUND,
          "configuration file not found: "
              + abs
              + ". Pass the path of your vru.yaml with --config, or run 'vru demo' to get an example.");
    }
    YamlLines lines = YamlLines.of(abs);
    if (!lines.repeated().isEmpty()) {
      new ConfigProblems(abs, lines).throwIfAny();
    }
    RawConfig raw;
    try {
      raw = YAML.readValue(abs.toFile(), RawConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw unknownKey(abs, e);
    } catch (MismatchedInputException e) {
      throw invalid(abs, line(e.getLocation()), keyPath(e), describe(e));
    } catch (JsonProcessingException e) {
      throw notYaml(abs, e);
    } catch (IOException e) {
      throw new VruException(ErrorCode.CONFIG_NOT_FOUND, "cannot read " + abs + ": " + e, e);
    }
    if (raw == null) {
      throw invalid(abs, 0, "", "the file is empty");
    }
    if (raw.partnership() == null) {
      throw invalid(abs, 0, "partnership", "this section is required (id, name, areas, start)");
    }
    return validate(abs, raw);
  }

  private static PartnershipConfig validate(Path file, RawConfig raw) {
    Geography geo = Geography.reference();
    ConfigProblems problems = new ConfigProblems(file, YamlLines.of(file));
    RawPartnership p = raw.partnership();
    String id =
        problems.check(
            () -> {
              String v = require(file, "partnership.id", p.id());
              if (!v.matches("[a-z0-9][a-z0-9-]*")) {
                throw ConfigProblems.problem(
                    "partnership.id",
                    "'"
                        + v
                        + "' must be lower-case letters, digits and hyphens, e.g."
                        + " west-midlands-vru");
              }
              return v;
            },
            "");
    String name = problems.check(() -> require(file, "partnership.name", p.name()), "");
    List<String> areas = p.areas() == null ? List.of() : p.areas();
    if (areas.isEmpty()) {
      problems.add(
          ConfigProblems.problem(
              "partnership.areas", "list at least one police force area, CSP or local authority"));
    }
    for (String a : areas) {
      problems.run(() -> MemberAreas.check("partnership.areas", a, geo));
    }
    MemberAreas.overlaps("partnership.areas", areas, geo).forEach(problems::add);
    LocalDate start = problems.check(() -> date(file, "partnership.start", p.start()), null);

    // the pooled programme evaluation is over force areas: a CSP or LA member is evaluated as the
    // partnership's own effect, not as a programme area
    List<ProgrammeArea> programme = new ArrayList<>();
    for (String a : areas) {
      if (geo.pfas().containsKey(a)) {
        programme.add(new ProgrammeArea(a, start));
      }
    }
    if (raw.programmeAreas() != null) {
      for (RawProgrammeArea pa : raw.programmeAreas()) {
        problems.run(() -> forceArea(file, "programme-areas.area", pa.area(), geo));
        LocalDate from =
            problems.check(() -> date(file, "programme-areas.start", pa.start()), null);
        if (programme.stream().noneMatch(x -> x.area().equals(pa.area()))) {
          programme.add(new ProgrammeArea(pa.area(), from));
        }
      }
    }

    List<String> comparison =
        problems.check(() -> comparison(file, raw.comparison(), geo), List.of());
    List<String> measures = raw.measures() == null ? Measures.NATIONAL : raw.measures();
    List<Path> measureFiles =
        raw.measureFiles() == null
            ? List.of()
            : raw.measureFiles().stream()
                .map(f -> file.getParent().resolve(f).normalize())
                .toList();
    java.util.Set<String> known = MeasureCatalogue.load(measureFiles).keySet();
    for (String m : measures) {
      if (!known.contains(m)) {
        problems.add(
            ConfigProblems.problem(
                "measures",
                m,
                "unknown measure '"
                    + m
                    + "'"
                    + hint(m, known)
                    + "; known: "
                    + String.join(", ", known)));
      }
    }
    FinancialYear baseline =
        problems.check(
            () -> {
              try {
                return FinancialYear.parse(require(file, "baseline", raw.baseline()));
              } catch (IllegalArgumentException e) {
                throw ConfigProblems.problem("baseline", e.getMessage());
              }
            },
            null);
    List<String> languages = raw.languages() == null ? List.of("en") : raw.languages();
    for (String l : languages) {
      if (!LANGUAGES.contains(l)) {
        problems.add(
            ConfigProblems.problem(
                "languages", l, "unknown language '" + l + "'; use en, cy or both"));
      }
    }
    Path dir = file.getParent();
    Path warehouse =
        dir.resolve(raw.warehouse() == null ? "warehouse" : raw.warehouse()).normalize();
    Map<String, List<Path>> inputs = new LinkedHashMap<>();
    if (raw.inputs() != null) {
      for (Map.Entry<String, List<String>> e : raw.inputs().entrySet()) {
        if (!PartnershipConfig.SOURCES.contains(e.getKey())) {
          problems.add(
              ConfigProblems.problem(
                  "inputs." + e.getKey(),
                  "unknown source"
                      + hint(e.getKey(), PartnershipConfig.SOURCES)
                      + "; known sources: "
                      + String.join(", ", PartnershipConfig.SOURCES)));
          continue;
        }
        List<String> paths = e.getValue() == null ? List.of() : e.getValue();
        inputs.put(e.getKey(), paths.stream().map(s -> dir.resolve(s).normalize()).toList());
      }
    }
    PartnershipConfig.Evaluation evaluation =
        problems.check(
            () -> evaluation(file, raw.evaluation()), PartnershipConfig.Evaluation.DEFAULT);
    List<String> similar =
        problems.check(() -> SimilarAreas.of(file, raw.similarAreas(), areas, geo), List.of());
    Map<String, PartnershipConfig.InputOptions> options =
        problems.check(() -> inputOptions(file, raw.inputOptions()), Map.of());
    java.util.Optional<Definition> definition =
        raw.definition() == null
            ? java.util.Optional.empty()
            : problems.check(
                () -> java.util.Optional.of(Definition.of(raw.definition(), known, languages)),
                java.util.Optional.empty());
    Map<String, String> sources =
        problems.check(() -> MeasureSources.of(raw.measureSources(), measures), Map.of());
    problems.throwIfAny();
    return new PartnershipConfig(
        file,
        id,
        name,
        List.copyOf(areas),
        start,
        List.copyOf(programme),
        comparison,
        List.copyOf(measures),
        baseline,
        List.copyOf(languages),
        warehouse,
        inputs,
        evaluation,
        java.util.Optional.ofNullable(raw.theoryOfChange()).map(t -> dir.resolve(t).normalize()),
        measureFiles,
        similar,
        options,
        definition,
        sources);
  }

  /**
   * A member, programme or comparison area: a known code, and in this version a whole police force
   * area, since metrics and evaluation work on force areas.
   */
  private static void forceArea(Path file, String key, String code, Geography geo) {
    checkArea(file, key, code, geo);
    if (!geo.pfas().containsKey(code)) {
      throw ConfigProblems.problem(
          key,
          code,
          "area "
              + code
              + " ("
              + geo.nameOf(code).orElse("?")
              + ") is a community safety partnership: metrics and evaluation currently work on"
              + " whole police force areas (E23…/W15…); list the force area instead");
    }
  }

  private static Map<String, PartnershipConfig.InputOptions> inputOptions(
      Path file, Map<String, RawInputOptions> raw) {
    Map<String, PartnershipConfig.InputOptions> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (Map.Entry<String, RawInputOptions> e : raw.entrySet()) {
      String key = "input-options." + e.getKey();
      if (!PartnershipConfig.SOURCES.contains(e.getKey())) {
        throw ConfigProblems.problem(
            key,
            "unknown source"
                + hint(e.getKey(), PartnershipConfig.SOURCES)
                + "; known sources: "
                + String.join(", ", PartnershipConfig.SOURCES));
      }
      RawInputOptions o = e.getValue() == null ? new RawInputOptions(null, null) : e.getValue();
      java.util.Optional<Path> columns = java.util.Optional.empty();
      if (o.columns() != null) {
        Path p = file.getParent().resolve(o.columns()).normalize();
        if (!Files.isRegularFile(p)) {
          throw ConfigProblems.problem(
              key + ".columns",
              "the column mapping "
                  + p
                  + " does not exist (paths are read from this file's folder)");
        }
        columns = java.util.Optional.of(p);
      }
      java.util.Optional<java.nio.charset.Charset> encoding = java.util.Optional.empty();
      if (o.encoding() != null) {
        try {
          encoding = java.util.Optional.of(java.nio.charset.Charset.forName(o.encoding()));
        } catch (IllegalArgumentException ex) {
          throw ConfigProblems.problem(
              key + ".encoding",
              "unknown character encoding '"
                  + o.encoding()
                  + "'; use a name Java knows, e.g. utf-8, windows-1252, iso-8859-1, x-MacRoman");
        }
      }
      out.put(e.getKey(), new PartnershipConfig.InputOptions(columns, encoding));
    }
    return out;
  }

  private static PartnershipConfig.Evaluation evaluation(Path file, RawEvaluation raw) {
    PartnershipConfig.Evaluation d = PartnershipConfig.Evaluation.DEFAULT;
    if (raw == null) {
      return d;
    }
    String control = raw.control() == null ? d.control() : raw.control();
    if (!List.of("never", "not-yet").contains(control)) {
      throw ConfigProblems.problem(
          "evaluation.control", "unknown comparison '" + control + "'; use never or not-yet");
    }
    int anticipation = raw.anticipation() == null ? d.anticipation() : raw.anticipation();
    if (anticipation < 0 || anticipation > 5) {
      throw ConfigProblems.problem(
          "evaluation.anticipation", anticipation + " is not between 0 and 5 years");
    }
    int bootstrap = raw.bootstrap() == null ? d.bootstrap() : raw.bootstrap();
    if (bootstrap != 0 && (bootstrap < 99 || bootstrap > 100_000)) {
      throw ConfigProblems.problem(
          "evaluation.bootstrap",
          bootstrap
              + " draws: use 0 (analytic standard errors) or 99 to 100,000 (999 recommended)");
    }
    long seed = raw.seed() == null ? d.seed() : raw.seed();
    String design = raw.design() == null ? d.design() : raw.design();
    if (!PartnershipConfig.Evaluation.DESIGNS.contains(design)) {
      throw ConfigProblems.problem(
          "evaluation.design",
          design,
          "unknown design '"
              + design
              + "'; use auto, sdid (one treated area), cs (several, staggered) or its (everyone"
              + " treated at once)");
    }
    return new PartnershipConfig.Evaluation(control, anticipation, bootstrap, seed, design);
  }

  private static List<String> comparison(Path file, JsonNode node, Geography geo) {
    if (node == null
        || node.isNull()
        || (node.isTextual() && node.asText().equals(ALL_OTHER_AREAS))) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ConfigProblems.problem(
          "comparison",
          "expected '"
              + ALL_OTHER_AREAS
              + "' or a list of area codes, found '"
              + node.asText()
              + "'");
    }
    List<String> codes = new ArrayList<>();
    for (JsonNode n : node) {
      forceArea(file, "comparison", n.asText(), geo);
      codes.add(n.asText());
    }
    return List.copyOf(codes);
  }

  private static void checkArea(Path file, String key, String code, Geography geo) {
    if (code == null || !(geo.pfas().containsKey(code) || geo.csps().containsKey(code))) {
      throw ConfigProblems.problem(
          key,
          "'"
              + code
              + "' is not a police force area (E23…/W15…) or community safety partnership code"
              + " (E22…/W14…) of the 2025 hierarchy"
              + hint(String.valueOf(code), geo.pfas().keySet()));
    }
  }

  private static LocalDate date(Path file, String key, String value) {
    try {
      return LocalDate.parse(require(file, key, value));
    } catch (DateTimeParseException e) {
      throw ConfigProblems.problem(key, "'" + value + "' is not a date; write it as YYYY-MM-DD");
    }
  }

  private static String require(Path file, String key, String value) {
    if (value == null || value.isBlank()) {
      throw ConfigProblems.problem(key, "a value is required");
    }
    return value.trim();
  }

  static String hint(String given, java.util.Collection<String> known) {
    return Suggest.closest(given, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }

  static VruException unknownKey(Path file, UnrecognizedPropertyException e) {
    List<String> known =
        e.getKnownPropertyIds().stream()
            .map(Object::toString)
            .sorted()
            .collect(Collectors.toList());
    String path = keyPath(e);
    String key = path.isEmpty() ? e.getPropertyName() : path;
    String parent =
        path.equals(e.getPropertyName())
            ? ""
            : path.endsWith("." + e.getPropertyName())
                ? path.substring(0, path.length() - e.getPropertyName().length() - 1)
                : path;
    return invalid(
        file,
        lineOfKey(file, parent, e.getPropertyName()),
        key,
        "unknown key '"
            + e.getPropertyName()
            + "'"
            + hint(e.getPropertyName(), known)
            + "; allowed here: "
            + String.join(", ", known));
  }

  static VruException notYaml(Path file, JsonProcessingException e) {
    return ConfigMessages.notYaml(file, e);
  }

  static String describe(MismatchedInputException e) {
    return ConfigMessages.describe(e);
  }

  static String keyPath(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  /** Jackson reports where it noticed a problem; the key's own line is more useful. */
  private static int lineOfKey(Path file, String parent, String key) {
    return YamlLines.of(file).lineOfKey(parent, key);
  }

  static int line(JsonLocation location) {
    return location == null ? 0 : location.getLineNr();
  }

  static VruException invalid(Path file, int line, String key, String problem) {
    return new VruException(
        ErrorCode.CONFIG_INVALID, ConfigProblems.where(file, line, key) + ": " + problem);
  }
}
