package vru.ingest.api.generate;

import java.nio.file.Path;
import java.util.Map;

/**
 * One generated file.
 *
 * @param path where it is
 * @param source the ingest source it is for, e.g. {@code police-records}
 * @param rows data rows written (header excluded)
 * @param dirtyRows rows made deliberately bad, by kind (a duplicate counts once, as the copy)
 */
public record GeneratedFile(Path path, String source, long rows, Map<String, Long> dirtyRows) {
  public long dirtyTotal() {
    return dirtyRows.values().stream().mapToLong(Long::longValue).sum();
  }
}
