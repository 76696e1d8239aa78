package vru.metrics.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vru.core.geo.Geography;
import vru.metrics.api.MetricsRequest;

/**
 * The areas of the panel made of others: English regions and the countries (of forces) and the
 * partnership (of forces, CSPs or local authorities).
 */
public final class Areas {
  static final String ENGLAND = "E92000001";
  static final String WALES = "W92000004";
  static final String ENGLAND_AND_WALES = "K04000001";

  /**
   * An aggregate of areas: regions and countries of whole police force areas, a partnership of
   * forces, CSPs or local authorities.
   *
   * @param members the areas summed (counts and populations)
   * @param forces the force areas the members lie in (whose data coverage the aggregate needs)
   */
  record Aggregate(
      String code, String level, String name, List<String> members, List<String> forces) {
    Aggregate(String code, String level, String name, List<String> pfas) {
      this(code, level, name, pfas, pfas);
    }
  }

  private static final Map<String, String> REGION_OF_PFA = new LinkedHashMap<>();
  private static final Map<String, String> REGION_NAMES = new LinkedHashMap<>();
  private static final Map<String, String> COUNTRY_NAMES =
      Map.of(ENGLAND, "England", WALES, "Wales", ENGLAND_AND_WALES, "England and Wales");

  static {
    try (InputStream in = Areas.class.getResourceAsStream("/vru/metrics/pfa-regions.csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].trim().split(",");
        REGION_OF_PFA.put(f[0], f[1]);
        REGION_NAMES.put(f[1], f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Areas() {}

  /**
   * The region a force belongs to: one of England's nine regions, or Wales (which has none, so is
   * its own region).
   */
  static String regionOf(String pfa) {
    return pfa.startsWith("W") ? WALES : REGION_OF_PFA.get(pfa);
  }

  /** The other forces of a force's region (Wales counting as one region), in code order. */
  public static List<String> sameRegion(String pfa) {
    String region = regionOf(pfa);
    return Geography.reference().pfas().keySet().stream()
        .filter(p -> !p.equals(pfa) && region != null && region.equals(regionOf(p)))
        .sorted()
        .toList();
  }

  /** The regions, the countries and the partnership (if any), as aggregates of forces. */
  static List<Aggregate> aggregates(Optional<MetricsRequest.Partnership> partnership) {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    List<String> england = new ArrayList<>();
    List<String> wales = new ArrayList<>();
    for (String pfa : Geography.reference().pfas().keySet()) {
      (pfa.startsWith("W") ? wales : england).add(pfa);
      if (!pfa.startsWith("W")) {
        regions.computeIfAbsent(REGION_OF_PFA.get(pfa), k -> new ArrayList<>()).add(pfa);
      }
    }
    List<Aggregate> out = new ArrayList<>();
    regions.forEach(
        (code, pfas) -> out.add(new Aggregate(code, "region", REGION_NAMES.get(code), pfas)));
    out.add(new Aggregate(ENGLAND, "country", "England", england));
    out.add(new Aggregate(WALES, "country", "Wales", wales));
    List<String> all = new ArrayList<>(england);
    all.addAll(wales);
    out.add(new Aggregate(ENGLAND_AND_WALES, "country", "England and Wales", all));
    partnership.ifPresent(
        p -> out.add(new Aggregate(p.id(), "partnership", p.name(), p.areas(), p.forces())));
    return Collections.unmodifiableList(out);
  }

  /** An area's name: a local authority, CSP or force, a region or a country; else its code. */
  public static String name(String code) {
    return Geography.reference()
        .nameOf(code)
        .orElse(REGION_NAMES.getOrDefault(code, COUNTRY_NAMES.getOrDefault(code, code)));
  }
}
