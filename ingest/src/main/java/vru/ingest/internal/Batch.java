package vru.ingest.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Files of one source with the same header, ingested in one Spark pass.
 *
 * @param header the field names in the files' column order
 * @param files the files, by the URI Spark reports for them ({@code input_file_name()})
 * @param headerLines the raw first line of each file, to tell header rows from data
 * @param parquet the files' Parquet schema, when they are Parquet files rather than CSV
 */
record Batch(
    List<String> header,
    Map<String, InputFile> files,
    List<String> headerLines,
    java.util.Optional<org.apache.spark.sql.types.StructType> parquet) {
  /** The columns of a row's raw line: all, but a Parquet row's line leaves ignored ones out. */
  List<String> lineColumns() {
    return parquet.isEmpty()
        ? header
        : header.stream().filter(h -> !h.startsWith("_ignored_")).toList();
  }

  InputFile file(String uri) {
    InputFile f = files.get(uri);
    if (f == null) {
      f = files.get(Path.of(java.net.URI.create(uri)).toUri().toString());
    }
    if (f == null) {
      throw new IllegalStateException("Spark read a file that was not asked for: " + uri);
    }
    return f;
  }
}
