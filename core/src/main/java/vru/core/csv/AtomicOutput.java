package vru.core.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file written to a temporary file beside it and renamed into place only when it is
 * {@link #complete}: a run stopped part-way (a bad value on line 4) leaves no file that looks
 * complete, and keeps an earlier complete one.
 */
public final class AtomicOutput extends BufferedWriter {
  private final Path target;
  private final Path partial;
  private boolean complete;

  private AtomicOutput(Path target, Path partial) throws IOException {
    super(Files.newBufferedWriter(partial, StandardCharsets.UTF_8));
    this.target = target;
    this.partial = partial;
  }

  /** A writer for {@code output} (its folder created when missing). */
  public static AtomicOutput to(Path output) throws IOException {
    Path abs = output.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    return new AtomicOutput(abs, abs.resolveSibling("." + abs.getFileName() + ".partial"));
  }

  /** Marks the output whole: {@link #close} then moves it into place. */
  public void complete() {
    complete = true;
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
      if (complete) {
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
