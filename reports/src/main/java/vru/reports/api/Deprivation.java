package vru.reports.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vru.core.csv.CsvReader;

/**
 * The partnership's LSOA → deprivation decile lookup ({@code review/deprivation.csv}), for who is
 * affected: the English Indices of Deprivation's or the Welsh Index of Multiple Deprivation's file
 * as published, or any CSV with an LSOA code column and a decile column (1 = the most deprived 10%
 * of LSOAs of the country).
 *
 * <p>The LSOA code column is the first whose name holds "lsoa" and "code" (or is {@code
 * lsoa_code}); the decile column is the first whose name holds "decile" and names the overall index
 * ("index of multiple deprivation", "imd" or "wimd"), else the first holding "decile", so the
 * published IoD2019 and IoD2025 files (with a decile for every domain) are read as they are.
 *
 * @param file where it was read from
 * @param decile each LSOA's decile
 */
public record Deprivation(Path file, Map<String, Integer> decile) {
  /** The file's name in the review folder. */
  public static final String FILE = "deprivation.csv";

  /** The quintile of an LSOA (1 = the most deprived fifth), if the lookup has it. */
  public Optional<Integer> quintile(String lsoa) {
    Integer d = decile.get(lsoa);
    return d == null ? Optional.empty() : Optional.of((d + 1) / 2);
  }

  /** Reads {@code file}, adding a problem (file:line, value, fix) for each bad row. */
  static Optional<Deprivation> load(Path file, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    int before = problems.size();
    Map<String, Integer> out = new HashMap<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvReader csv = new CsvReader(in)) {
      CsvReader.Record header = csv.next();
      if (header == null) {
        problems.add(file + ": the file is empty. Fix: give it a header and one row per LSOA");
        return Optional.empty();
      }
      int code = -1;
      int dec = -1;
      int anyDecile = -1;
      for (int i = 0; i < header.fields().size(); i++) {
        String h = header.fields().get(i).trim().toLowerCase(Locale.ROOT);
        if (code < 0 && (h.equals("lsoa_code") || h.contains("lsoa") && h.contains("code"))) {
          code = i;
        }
        if (h.contains("decile")) {
          if (anyDecile < 0) {
            anyDecile = i;
          }
          if (dec < 0
              && (h.contains("index of multiple deprivation")
                  || h.matches(".*\\b(w?imd)\\b.*")
                  || h.equals("imd_decile"))) {
            dec = i;
          }
        }
      }
      dec = dec < 0 ? anyDecile : dec;
      if (code < 0 || dec < 0) {
        problems.add(
            file
                + ":1: no "
                + (code < 0 ? "LSOA code column" : "decile column")
                + " in the header ("
                + String.join(", ", header.fields())
                + "). Fix: name the columns lsoa_code and imd_decile, or use the published"
                + " Indices of Deprivation file as it is");
        return Optional.empty();
      }
      for (CsvReader.Record r = csv.next(); r != null; r = csv.next()) {
        List<String> f = r.fields();
        if (f.size() == 1 && f.get(0).isBlank()) {
          continue;
        }
        String at = file + ":" + r.line() + ": ";
        String lsoa = code < f.size() ? f.get(code).trim() : "";
        String d = dec < f.size() ? f.get(dec).trim() : "";
        if (!lsoa.matches("[EW]0[1-9]\\d{6}")) {
          problems.add(
              at
                  + "LSOA code '"
                  + lsoa
                  + "' is not an LSOA code. Fix: give codes like E01000001 or W01000001");
          continue;
        }
        int decile;
        try {
          decile = Integer.parseInt(d);
        } catch (NumberFormatException e) {
          decile = 0;
        }
        if (decile < 1 || decile > 10) {
          problems.add(
              at
                  + "decile '"
                  + d
                  + "' for "
                  + lsoa
                  + " is not a whole number from 1 to 10. Fix: give the LSOA's decile, 1 for the"
                  + " most deprived 10%");
          continue;
        }
        Integer was = out.put(lsoa, decile);
        if (was != null && was != decile) {
          problems.add(
              at
                  + lsoa
                  + " has two deciles ("
                  + was
                  + " and "
                  + decile
                  + "). Fix: keep one row per LSOA");
        }
      }
    } catch (IOException | IllegalStateException e) {
      problems.add(file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Deprivation(file, Map.copyOf(out)));
  }
}
