package vru.ingest.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * Line numbers for rows Spark read from a split of a text file. Spark's line reader starts a split
 * that does not begin at byte 0 at the first line beginning after byte {@code start - 1}; the row
 * at position {@code p} of that split is on line {@code firstLine(start) + p}.
 */
final class LineIndex {
  private LineIndex() {}

  /** The 1-based line number of the first line each split reads. */
  static Map<Long, Long> firstLines(Path file, SortedSet<Long> splitStarts) throws IOException {
    Map<Long, Long> out = new HashMap<>();
    long newlines = 0;
    long pos = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (long start : splitStarts) {
        if (start == 0) {
          out.put(0L, 1L);
          continue;
        }
        long target = start - 1;
        int b = 0;
        // skip to the first newline at or after target
        while (true) {
          b = in.read();
          if (b < 0) {
            break;
          }
          if (b == '\n') {
            newlines++;
            if (pos >= target) {
              pos++;
              break;
            }
          }
          pos++;
        }
        out.put(start, newlines + 1);
      }
    }
    return out;
  }
}
