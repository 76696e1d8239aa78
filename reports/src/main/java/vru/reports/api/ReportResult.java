package vru.reports.api;

import java.nio.file.Path;
import java.util.List;

/** The files a report command wrote, each with its SHA-256 (as recorded in PostgreSQL). */
public record ReportResult(List<File> files) {
  /** One file: its path, checksum, language ({@code en}, {@code cy}) and format. */
  public record File(Path path, String sha256, String language, String format) {}

  static ReportResult of(List<vru.reports.internal.Render.Written> written) {
    return new ReportResult(
        written.stream()
            .map(w -> new File(w.path(), w.sha256(), w.language(), w.format()))
            .toList());
  }

  /** The first file of a language and format. */
  public Path path(String language, String format) {
    return files.stream()
        .filter(f -> f.language().equals(language) && f.format().equals(format))
        .map(File::path)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + language + " " + format + " file"));
  }

  /** The English (or only) HTML file. */
  public Path path() {
    return files.stream()
        .filter(f -> f.format().equals("html"))
        .map(File::path)
        .findFirst()
        .orElseThrow();
  }
}
