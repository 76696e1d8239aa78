package vru.ingest.api.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Violence Reduction Unit programme in the synthetic data, and the effect injected on the three
 * success measures there. The 18 police force areas funded from 2019 start on 1 April 2019;
 * Cleveland and Humberside, added in 2022, on 1 April 2022.
 *
 * <p>Injected effect: expected counts of knife crime, knife admissions and homicide are multiplied
 * by {@code 1 - min(0.05 * (k + 1), 0.20)} where {@code k} is the number of whole years since the
 * area's start: 5% fewer in the first year, 10% in the second, up to 20% from the fourth on.
 */
public final class Programme {
  /** PFA code to programme start date, in a fixed order. */
  public static final Map<String, LocalDate> STARTS = starts();

  private Programme() {}

  private static Map<String, LocalDate> starts() {
    Map<String, LocalDate> m = new LinkedHashMap<>();
    LocalDate y2019 = LocalDate.of(2019, 4, 1);
    for (String pfa :
        new String[] {
          "E23000036", "E23000026", "E23000028", "E23000005", "E23000030", "E23000032",
          "E23000003", "E23000021", "E23000004", "E23000001", "E23000007", "E23000019",
          "W15000003", "E23000011", "E23000033", "E23000029", "E23000014", "E23000010"
        }) {
      m.put(pfa, y2019);
    }
    m.put("E23000013", LocalDate.of(2022, 4, 1));
    m.put("E23000012", LocalDate.of(2022, 4, 1));
    // insertion order, so sums over it are the same in every JVM (Map.copyOf's order is not)
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The multiplier on expected counts in {@code pfa} during the month starting {@code month}. */
  public static double effect(String pfa, LocalDate month) {
    LocalDate start = STARTS.get(pfa);
    if (start == null || month.isBefore(start)) {
      return 1.0;
    }
    long years = ChronoUnit.YEARS.between(start, month);
    return 1.0 - Math.min(0.05 * (years + 1), 0.20);
  }
}
