package vru.evaluation.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.evaluation.api.did.TimeAxis;

/**
 * A block design as synthetic estimators need it: every unit in every period, the treated units
 * treated from one common period to the end, the others never; controls first in the matrix.
 */
public final class BlockPanel {
  /** One unit in one period. */
  public record Observation(String unit, String period, double outcome, boolean treated) {}

  /**
   * The matrix.
   *
   * @param units unit ids, the N0 controls (sorted) then the treated units (sorted)
   * @param periods period labels in order
   * @param y outcomes, units × periods
   * @param n0 the number of control units
   * @param t0 the number of periods before the treatment starts
   */
  public record Read(List<String> units, List<String> periods, double[][] y, int n0, int t0) {
    /** The number of treated units. */
    public int treated() {
      return units.size() - n0;
    }
  }

  private BlockPanel() {}

  /**
   * Reads a CSV with a unit, period, outcome and 0/1 treatment column.
   *
   * @throws VruException {@link ErrorCode#INPUT_INVALID} naming the file, line, column and value
   */
  public static Read fromCsv(
      Path file, String unit, String time, String outcome, String treatment) {
    List<Observation> rows = new ArrayList<>();
    CsvTable t = CsvTable.read(file, "panel");
    int iu = t.column(unit, "--unit");
    int it = t.column(time, "--time");
    int io = t.column(outcome, "--outcome");
    int iw = t.column(treatment, "--treatment");
    for (CsvReader.Record rec : t.records()) {
      String w = CsvTable.cell(rec, iw).trim();
      if (!w.equals("0") && !w.equals("1")) {
        throw bad(t.name(), rec.line(), treatment, w, "is not 0 or 1 (1: treated in this period)");
      }
      rows.add(
          new Observation(
              CsvTable.cell(rec, iu).trim(),
              CsvTable.cell(rec, it).trim(),
              number(t.name(), rec.line(), outcome, CsvTable.cell(rec, io)),
              w.equals("1")));
    }
    return of(t.name(), rows);
  }

  /**
   * The block matrix of {@code rows}.
   *
   * @param source how to name the data in messages
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the design is not a block (staggered
   *     starts, treatment that stops, a missing unit-period, no treated or no control unit)
   */
  public static Read of(String source, List<Observation> rows) {
    if (rows.isEmpty()) {
      throw new VruException(ErrorCode.INPUT_INVALID, source + ": no rows");
    }
    TimeAxis axis = TimeAxis.of(rows.get(0).period());
    if (axis == null) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          source
              + ": period '"
              + rows.get(0).period()
              + "' is not a year (2019), financial year (2019/20) or month (2019-04)");
    }
    Map<String, Map<Integer, Observation>> byUnit = new TreeMap<>();
    TreeSet<Integer> positions = new TreeSet<>();
    for (Observation o : rows) {
      int at;
      try {
        at = axis.position(o.period());
      } catch (IllegalArgumentException e) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            source + ": period '" + o.period() + "' is not written as " + axis.describe());
      }
      positions.add(at);
      if (byUnit.computeIfAbsent(o.unit(), k -> new TreeMap<>()).put(at, o) != null) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            source + ": unit " + o.unit() + " has two rows for " + o.period() + "; keep one");
      }
    }
    List<Integer> periods = new ArrayList<>(positions);
    for (int i = 1; i < periods.size(); i++) {
      if (periods.get(i) != periods.get(i - 1) + 1) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            source
                + ": no unit has a row for "
                + axis.label(periods.get(i - 1) + 1)
                + "; the periods must follow on without gaps");
      }
    }
    Map<String, Integer> starts = new LinkedHashMap<>();
    for (var e : byUnit.entrySet()) {
      Integer start = null;
      for (int at : periods) {
        Observation o = e.getValue().get(at);
        if (o == null) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              source
                  + ": unit "
                  + e.getKey()
                  + " has no row for "
                  + axis.label(at)
                  + "; synthetic estimators need every unit in every period (a balanced panel)");
        }
        if (o.treated() && start == null) {
          start = at;
        } else if (!o.treated() && start != null) {
          throw new VruException(
              ErrorCode.INPUT_INVALID,
              source
                  + ": unit "
                  + e.getKey()
                  + " is treated in "
                  + axis.label(start)
                  + " but not in "
                  + axis.label(at)
                  + "; a block design keeps treated units treated to the end");
        }
      }
      if (start != null) {
        starts.put(e.getKey(), start);
      }
    }
    if (starts.isEmpty()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          source + ": no unit is ever treated (treatment is 0 everywhere): nothing to estimate");
    }
    if (starts.size() == byUnit.size()) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          source + ": every unit is treated, so there are no control units to compare with");
    }
    TreeSet<Integer> distinct = new TreeSet<>(starts.values());
    if (distinct.size() > 1) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          source
              + ": treatment starts in "
              + distinct.size()
              + " different periods ("
              + String.join(", ", distinct.stream().map(axis::label).toList())
              + "): synthetic estimators need one common start (a block design); for staggered"
              + " starts use --estimator cs");
    }
    int t0 = periods.indexOf(distinct.first());
    List<String> units = new ArrayList<>();
    byUnit.keySet().stream().filter(u -> !starts.containsKey(u)).forEach(units::add);
    int n0 = units.size();
    units.addAll(starts.keySet());
    double[][] y = new double[units.size()][periods.size()];
    for (int i = 0; i < units.size(); i++) {
      for (int t = 0; t < periods.size(); t++) {
        y[i][t] = byUnit.get(units.get(i)).get(periods.get(t)).outcome();
      }
    }
    return new Read(List.copyOf(units), periods.stream().map(axis::label).toList(), y, n0, t0);
  }

  static double number(String file, int line, String column, String value) {
    try {
      double v = Double.parseDouble(value.trim().replace(",", ""));
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(file, line, column, value, "is not a number");
  }

  static VruException bad(String file, int line, String column, String value, String problem) {
    return new VruException(
        ErrorCode.INPUT_INVALID,
        file + " line " + line + ", column '" + column + "': '" + value + "' " + problem);
  }
}
