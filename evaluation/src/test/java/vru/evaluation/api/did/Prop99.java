package vru.evaluation.api.did;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code california_prop99} panel shipped with R {@code synthdid} and the package's numbers on
 * it (the published panel, in the test resources): 38 control states and California, packs per
 * capita 1970–2000, California treated from 1989.
 */
final class Prop99 {
  final List<String> units = new ArrayList<>();
  final List<Integer> years = new ArrayList<>();
  final double[][] y;
  final int n0;
  final int t0;

  private Prop99() throws IOException {
    Map<String, Map<Integer, Double>> values = new TreeMap<>();
    TreeSet<String> treated = new TreeSet<>();
    TreeSet<Integer> allYears = new TreeSet<>();
    TreeSet<Integer> treatedYears = new TreeSet<>();
    List<String> lines = lines("california_prop99.csv");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(";");
      int year = Integer.parseInt(f[1]);
      values.computeIfAbsent(f[0], k -> new TreeMap<>()).put(year, Double.parseDouble(f[2]));
      allYears.add(year);
      if (f[3].equals("1")) {
        treated.add(f[0]);
        treatedYears.add(year);
      }
    }
    for (String u : values.keySet()) {
      if (!treated.contains(u)) {
        units.add(u);
      }
    }
    n0 = units.size();
    units.addAll(treated);
    years.addAll(allYears);
    t0 = years.indexOf(treatedYears.first());
    y = new double[units.size()][years.size()];
    for (int i = 0; i < units.size(); i++) {
      for (int t = 0; t < years.size(); t++) {
        y[i][t] = values.get(units.get(i)).get(years.get(t));
      }
    }
  }

  static Prop99 load() throws IOException {
    return new Prop99();
  }

  static List<String> lines(String file) throws IOException {
    try (InputStream in = Prop99.class.getResourceAsStream("/vru/evaluation/reference/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** A two-column reference file (name, value), quotes removed. */
  static Map<String, Double> column(String file) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    List<String> lines = lines(file);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.replace("\"", "").split(",");
      out.put(f[0], Double.parseDouble(f[1]));
    }
    return out;
  }
}
