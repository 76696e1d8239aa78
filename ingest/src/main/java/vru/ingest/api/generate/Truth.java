package vru.ingest.api.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vru.core.api.Measures;
import vru.ingest.api.generate.EventModel.Stream;

/**
 * The injected programme effect in the units an evaluation reports: for each success measure, the
 * average over treated force-years after the start of (expected count with the effect − expected
 * count without it) per 100,000 residents (homicide per 1,000,000). This is the average treatment
 * effect on the treated that a difference-in-differences on force × financial-year rates estimates.
 *
 * @param measure the measure id
 * @param cohort the financial year the areas started (0 for all cohorts together)
 * @param financialYear the financial year (0 for all post-start years together)
 * @param cells the number of force-years averaged
 * @param effectRate the average effect in rate units (negative: fewer events)
 * @param relativeEffect the average relative effect (e.g. −0.1 for 10% fewer)
 */
public record Truth(
    String measure,
    int cohort,
    int financialYear,
    int cells,
    double effectRate,
    double relativeEffect) {

  static List<Truth> compute(EventModel model, int firstYear, int lastYear) {
    List<Truth> out = new ArrayList<>();
    for (String measure : Measures.NATIONAL) {
      Stream s = stream(measure);
      double multiplier = measure.equals(Measures.HOMICIDE) ? 1_000_000 : 100_000;
      double sumRate = 0;
      double sumRelative = 0;
      int cells = 0;
      for (int fy = firstYear; fy <= lastYear; fy++) {
        for (int cohort : new int[] {2019, 2022}) {
          double cohortRate = 0;
          double cohortRelative = 0;
          int cohortCells = 0;
          for (Map.Entry<String, LocalDate> p : Programme.STARTS.entrySet()) {
            if (p.getValue().getYear() != cohort || fy < cohort) {
              continue;
            }
            double with = 0;
            double without = 0;
            for (int m = 0; m < 12; m++) {
              LocalDate month = LocalDate.of(fy, 4, 1).plusMonths(m);
              with += model.expected(s, p.getKey(), month, true);
              without += model.expected(s, p.getKey(), month, false);
            }
            double pop = model.geography().pfaPopulation(p.getKey(), fy);
            cohortRate += (with - without) / pop * multiplier;
            cohortRelative += with / without - 1;
            cohortCells++;
          }
          if (cohortCells > 0) {
            out.add(
                new Truth(
                    measure,
                    cohort,
                    fy,
                    cohortCells,
                    cohortRate / cohortCells,
                    cohortRelative / cohortCells));
            sumRate += cohortRate;
            sumRelative += cohortRelative;
            cells += cohortCells;
          }
        }
      }
      out.add(new Truth(measure, 0, 0, cells, sumRate / cells, sumRelative / cells));
    }
    return out;
  }

  private static Stream stream(String measure) {
    return switch (measure) {
      case Measures.KNIFE_CRIME -> Stream.KNIFE_CRIME;
      case Measures.KNIFE_ADMISSIONS -> Stream.KNIFE_ADMISSION;
      case Measures.HOMICIDE -> Stream.HOMICIDE;
      default -> throw new IllegalArgumentException(measure);
    };
  }

  /** One line of {@code truth.csv}. */
  String csv() {
    return measure
        + ","
        + cohort
        + ","
        + financialYear
        + ","
        + cells
        + ","
        + effectRate
        + ","
        + relativeEffect;
  }
}
