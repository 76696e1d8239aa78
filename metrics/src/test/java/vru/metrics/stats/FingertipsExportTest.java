package vru.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vru.core.csv.CsvReader;

/**
 * The real Fingertips export (indicator 93356, counties and UAs; a quoted field with a line break):
 * our crude rates give every value, every 95% and 99.8% limit within 1e-3 relative (Fingertips uses
 * Byar's limits at every count, {@link CrudeRate#byar}), and every "Compared to England" label
 * (rule: similar when England lies in the 95% interval; low is good).
 */
class FingertipsExportTest {
  static final Path FILE =
      Path.of(System.getProperty("vru.data.dir", "../data"))
          .resolve("real/fingertips-93356-countyua.csv");
  static List<Map<String, String>> rows = new ArrayList<>();

  @BeforeAll
  static void read() throws Exception {
    try (CsvReader r = new CsvReader(Files.newBufferedReader(FILE, StandardCharsets.UTF_8))) {
      List<String> header = r.next().fields();
      for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
        // as published, some rows stop before the last column ("Compared to goal")
        assertThat(rec.fields().size())
            .as("line " + rec.line())
            .isBetween(header.size() - 1, header.size());
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), i < rec.fields().size() ? rec.fields().get(i) : "");
        }
        rows.add(m);
      }
    }
  }

  @Test
  void everyRowIsReadDespiteTheLineBreakInAQuotedField() {
    assertThat(rows).hasSize(852);
    assertThat(rows.get(0).get("Indicator Name"))
        .isEqualTo("Campylobacter incidence rate/100,000\n");
  }

  @Test
  void valuesAndIntervalsMatch() {
    int values = 0;
    int intervals = 0;
    for (Map<String, String> r : rows) {
      if (r.get("Value").isEmpty()) {
        continue;
      }
      CrudeRate c =
          CrudeRate.byar(
              Long.parseLong(r.get("Count")), Double.parseDouble(r.get("Denominator")), 100_000);
      double v = Double.parseDouble(r.get("Value"));
      assertThat(c.value()).as(r.get("Area Code")).isCloseTo(v, within(v * 1e-9));
      values++;
      if (!r.get("Lower CI 95.0 limit").isEmpty()) {
        rel(c.ci95().lower(), r.get("Lower CI 95.0 limit"));
        rel(c.ci95().upper(), r.get("Upper CI 95.0 limit"));
        intervals++;
      }
      if (!r.get("Lower CI 99.8 limit").isEmpty()) {
        rel(c.ci998().lower(), r.get("Lower CI 99.8 limit"));
        rel(c.ci998().upper(), r.get("Upper CI 99.8 limit"));
      }
    }
    assertThat(values).isEqualTo(842);
    assertThat(intervals).isGreaterThan(700);
  }

  static void rel(double actual, String expected) {
    double e = Double.parseDouble(expected);
    assertThat(actual).isCloseTo(e, within(Math.abs(e) * 1e-3 + 1e-9));
  }

  @Test
  void everyComparedToEnglandLabelIsReproduced() {
    Map<String, Double> england = new HashMap<>();
    for (Map<String, String> r : rows) {
      if (r.get("Area Code").equals("E92000001") && r.get("Category Type").isEmpty()) {
        england.put(r.get("Time period") + "/" + r.get("Age"), Double.parseDouble(r.get("Value")));
      }
    }
    int compared = 0;
    for (Map<String, String> r : rows) {
      String label = r.get("Compared to England value or percentiles");
      if (!List.of("Better", "Worse", "Similar").contains(label)) {
        continue;
      }
      CrudeRate c =
          CrudeRate.byar(
              Long.parseLong(r.get("Count")), Double.parseDouble(r.get("Denominator")), 100_000);
      double benchmark = england.get(r.get("Time period") + "/" + r.get("Age"));
      assertThat(Comparison.label(c.ci95(), benchmark, true))
          .as(r.get("Area Name") + " " + r.get("Time period"))
          .isEqualTo(label);
      compared++;
    }
    assertThat(compared).isEqualTo(750);
  }
}
