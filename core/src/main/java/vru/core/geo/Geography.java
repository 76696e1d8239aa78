package vru.core.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The police force area, community safety partnership and local authority hierarchy of England and
 * Wales (2025), derived from ONS Table C2 (see {@code tools/build-reference-resources.py}). A local
 * authority may be split across several CSPs; each (CSP, LA) pair is one {@link Link}.
 */
public final class Geography {
  private static final String RESOURCE = "/vru/reference/areas-2025.csv";
  private static volatile Geography reference;

  /** One named area. */
  public record Area(String code, String name) {}

  /** One row of the hierarchy: an LA (or the part of it) in a CSP in a PFA. */
  public record Link(Area pfa, Area csp, Area la) {}

  private final List<Link> links;
  private final Map<String, Area> pfas = new LinkedHashMap<>();
  private final Map<String, Area> csps = new LinkedHashMap<>();
  private final Map<String, Area> las = new LinkedHashMap<>();
  private final Map<String, String> pfaOf = new LinkedHashMap<>();
  private final Map<String, String> cspOfLa = new LinkedHashMap<>();
  private final Map<String, String> pfaOfLa = new LinkedHashMap<>();

  private Geography(List<Link> links) {
    this.links = List.copyOf(links);
    for (Link l : links) {
      pfas.putIfAbsent(l.pfa().code(), l.pfa());
      csps.putIfAbsent(l.csp().code(), l.csp());
      las.putIfAbsent(l.la().code(), l.la());
      pfaOf.put(l.csp().code(), l.pfa().code());
      pfaOf.put(l.la().code(), l.pfa().code());
      cspOfLa.putIfAbsent(l.la().code(), l.csp().code());
      pfaOfLa.putIfAbsent(l.la().code(), l.pfa().code());
    }
  }

  /** The hierarchy shipped with the platform (2025 boundaries). */
  public static Geography reference() {
    Geography g = reference;
    if (g == null) {
      synchronized (Geography.class) {
        if (reference == null) {
          reference = load();
        }
        g = reference;
      }
    }
    return g;
  }

  private static Geography load() {
    try (InputStream in = Geography.class.getResourceAsStream(RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Link> links = new ArrayList<>();
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        List<String> f = CsvLine.split(line);
        links.add(
            new Link(
                new Area(f.get(0), f.get(1)),
                new Area(f.get(2), f.get(3)),
                new Area(f.get(4), f.get(5))));
      }
      return new Geography(links);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public List<Link> links() {
    return links;
  }

  /** Police force areas by code, in file order. */
  public Map<String, Area> pfas() {
    return Collections.unmodifiableMap(pfas);
  }

  public Map<String, Area> csps() {
    return Collections.unmodifiableMap(csps);
  }

  public Map<String, Area> las() {
    return Collections.unmodifiableMap(las);
  }

  /**
   * Each local authority's CSP code, by the authority's code: the first listed for an authority
   * whose parts are in different CSPs.
   */
  public Map<String, String> cspOfLa() {
    return Collections.unmodifiableMap(cspOfLa);
  }

  /** Each local authority's police force area code, by the authority's code. */
  public Map<String, String> pfaOfLa() {
    return Collections.unmodifiableMap(pfaOfLa);
  }

  /** The PFA containing a PFA, CSP or LA code, or empty when the code is unknown. */
  public Optional<String> pfaOf(String code) {
    if (pfas.containsKey(code)) {
      return Optional.of(code);
    }
    return Optional.ofNullable(pfaOf.get(code));
  }

  /** Whether {@code code} names a PFA, CSP or LA of this hierarchy. */
  public boolean isKnown(String code) {
    return pfas.containsKey(code) || csps.containsKey(code) || las.containsKey(code);
  }

  /** The name of a PFA, CSP or LA. */
  public Optional<String> nameOf(String code) {
    for (Map<String, Area> m : List.of(pfas, csps, las)) {
      Area a = m.get(code);
      if (a != null) {
        return Optional.of(a.name());
      }
    }
    return Optional.empty();
  }
}
