package vru.ingest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import vru.ingest.api.FileSummary;

/**
 * Per-file results rebuilt from counts per (file, split, reason). Row ids increase by one per line
 * within a split, so a row's position in its split is its id minus the split's smallest id, and its
 * line number is the split's first line plus that position (see {@link LineIndex}).
 */
final class Splits {
  /** Where a split starts: Spark's name for its file, its smallest row id, its first line. */
  record Offset(String uri, long minId, long firstLine) {}

  private record Cell(
      long block,
      String reason,
      long rows,
      long minId,
      long exampleId,
      String field,
      String value,
      String message) {}

  private final Map<InputFile, String> uris = new HashMap<>();
  private final Map<InputFile, List<Cell>> cells = new LinkedHashMap<>();
  private final Map<InputFile, Map<Long, Offset>> offsets = new HashMap<>();

  private Splits() {}

  static Splits of(List<Row> rows, Batch batch) throws IOException {
    Splits s = new Splits();
    for (Row r : rows) {
      InputFile f = batch.file(r.getString(0));
      s.uris.put(f, r.getString(0));
      // accepted rows have no example
      Row ex = r.isNullAt(5) ? RowFactory.create(0L, null, null, null) : r.getStruct(5);
      s.cells
          .computeIfAbsent(f, k -> new ArrayList<>())
          .add(
              new Cell(
                  r.getLong(1),
                  r.isNullAt(2) ? null : r.getString(2),
                  r.getLong(3),
                  r.getLong(4),
                  ex.getLong(0),
                  ex.isNullAt(1) ? "" : ex.getString(1),
                  ex.isNullAt(2) ? "" : ex.getString(2),
                  ex.isNullAt(3) ? "" : ex.getString(3)));
    }
    for (Map.Entry<InputFile, List<Cell>> e : s.cells.entrySet()) {
      Map<Long, Long> minIds = new TreeMap<>();
      TreeSet<Long> quarantined = new TreeSet<>();
      for (Cell c : e.getValue()) {
        minIds.merge(c.block(), c.minId(), Math::min);
        if (isQuarantined(c.reason())) {
          quarantined.add(c.block());
        }
      }
      Map<Long, Long> firstLines = LineIndex.firstLines(e.getKey().path(), quarantined);
      Map<Long, Offset> m = new TreeMap<>();
      minIds.forEach(
          (block, min) ->
              m.put(
                  block,
                  new Offset(s.uris.get(e.getKey()), min, firstLines.getOrDefault(block, 0L))));
      s.offsets.put(e.getKey(), m);
    }
    return s;
  }

  private static boolean isQuarantined(String reason) {
    return reason != null && !reason.startsWith("_");
  }

  Map<Long, Offset> offsets(InputFile f) {
    return offsets.getOrDefault(f, Map.of());
  }

  /** Spark's name for the file (as {@code input_file_name()} reports it). */
  String uri(InputFile f) {
    return uris.get(f);
  }

  FileSummary summary(String source, InputFile f) {
    long read = 0;
    long accepted = 0;
    Map<String, List<Cell>> byReason = new TreeMap<>();
    for (Cell c : cells.getOrDefault(f, List.of())) {
      if (c.reason() == null) {
        accepted += c.rows();
        read += c.rows();
      } else if (isQuarantined(c.reason())) {
        read += c.rows();
        byReason.computeIfAbsent(c.reason(), k -> new ArrayList<>()).add(c);
      }
    }
    List<FileSummary.Reason> reasons = new ArrayList<>();
    for (Map.Entry<String, List<Cell>> e : byReason.entrySet()) {
      Cell first =
          e.getValue().stream()
              .min(Comparator.comparingLong(Cell::block).thenComparingLong(Cell::exampleId))
              .get();
      Offset o = offsets(f).get(first.block());
      reasons.add(
          new FileSummary.Reason(
              e.getKey(),
              first.field(),
              e.getValue().stream().mapToLong(Cell::rows).sum(),
              o.firstLine() + first.exampleId() - o.minId(),
              first.value(),
              first.message()));
    }
    reasons.sort(Comparator.comparingLong(FileSummary.Reason::rows).reversed());
    return new FileSummary(
        source,
        f.shown(),
        f.sha256(),
        f.size(),
        read,
        accepted,
        read - accepted,
        List.copyOf(reasons),
        false);
  }
}
