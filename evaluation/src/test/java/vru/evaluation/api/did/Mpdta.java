package vru.evaluation.api.did;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mpdta panel and R's reference numbers from the repository's data/reference. */
final class Mpdta {
  static final Path REFERENCE =
      Path.of(System.getProperty("vru.data.dir", "../data")).resolve("reference");

  private Mpdta() {}

  static List<DidPanel.Observation> rows() throws IOException {
    List<DidPanel.Observation> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(REFERENCE.resolve("mpdta.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      rows.add(
          new DidPanel.Observation(
              f[1], Integer.parseInt(f[0]), Double.parseDouble(f[3]), Integer.parseInt(f[4])));
    }
    return rows;
  }

  /** spec/kind/key1/key2 to {estimate, se}; NA is NaN. */
  static Map<String, double[]> reference() throws IOException {
    Map<String, double[]> m = new HashMap<>();
    List<String> lines = Files.readAllLines(REFERENCE.resolve("mpdta_did_reference.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      m.put(f[0] + "/" + f[1] + "/" + f[2] + "/" + f[3], new double[] {num(f[4]), num(f[5])});
    }
    return m;
  }

  private static double num(String s) {
    return s.isEmpty() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
  }
}
