package vru.core.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ONS mid-2020 population by local authority (2025 codes), sex and five-year age band (90+ top),
 * derived from SAPE23DT8a. Used to size synthetic areas; the real estimates enter the warehouse
 * through the population source.
 */
public final class ReferencePopulation {
  private static final String RESOURCE = "/vru/reference/la-population-mid2020.csv";

  /** The 19 age bands, 0-4 to 90+, as written in files. */
  public static final List<String> AGE_BANDS =
      List.of(
          "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
          "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+");

  /** One cell. */
  public record Cell(String laCode, String sex, String ageBand, long population) {}

  private ReferencePopulation() {}

  /** Every cell of the mid-2020 table. */
  public static List<Cell> mid2020() {
    try (InputStream in = ReferencePopulation.class.getResourceAsStream(RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Cell> cells = new ArrayList<>();
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        cells.add(new Cell(f[0], f[1], f[2], Long.parseLong(f[3])));
      }
      return cells;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
