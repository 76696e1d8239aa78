package vru.ingest.api.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A CSV file being written: counts its rows and the deliberately bad ones by kind. */
final class RecordFile implements AutoCloseable {
  final Path path;
  final String source;
  private final BufferedWriter out;
  private long rows;
  private final Map<String, Long> dirty = new TreeMap<>();

  RecordFile(Path path, String source, String header) throws IOException {
    Files.createDirectories(path.getParent());
    this.path = path;
    this.source = source;
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 20);
    out.write(header);
    out.write('\n');
  }

  void row(CharSequence line) throws IOException {
    out.append(line).append('\n');
    rows++;
  }

  void dirty(String kind) {
    dirty.merge(kind, 1L, Long::sum);
  }

  GeneratedFile finish() throws IOException {
    out.close();
    return new GeneratedFile(
        path, source, rows, java.util.Collections.unmodifiableMap(new TreeMap<>(dirty)));
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
