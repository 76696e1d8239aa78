package vru.core.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV records one at a time: quoted fields may hold commas, doubled quotes and line
 * breaks (as in Fingertips exports); CRLF and LF line ends; a leading byte-order mark is dropped.
 * Each record carries the line it starts on, for error messages.
 */
public final class CsvReader implements AutoCloseable {
  /** One record and the line it starts on (1-based). */
  public record Record(int line, List<String> fields) {}

  private final BufferedReader in;
  private int line = 1;
  private boolean first = true;

  public CsvReader(Reader reader) {
    this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
  }

  /**
   * The next record, or {@code null} at the end.
   *
   * @throws IllegalStateException when a quoted field is not closed by the end of the input
   */
  public Record next() {
    try {
      int c = in.read();
      if (first) {
        first = false;
        if (c == 0xFEFF) {
          c = in.read();
        }
      }
      if (c == -1) {
        return null;
      }
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      while (true) {
        if (quoted) {
          if (c == -1) {
            throw new IllegalStateException(
                "a quoted field opened on line " + start + " is never closed");
          }
          if (c == '"') {
            in.mark(1);
            int d = in.read();
            if (d == '"') {
              field.append('"');
            } else {
              quoted = false;
              in.reset();
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append((char) c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c == '\r' || c == '\n' || c == -1) {
          if (c == '\r') {
            in.mark(1);
            if (in.read() != '\n') {
              in.reset();
            }
          }
          if (c != -1) {
            line++;
          }
          fields.add(field.toString());
          return new Record(start, fields);
        } else {
          field.append((char) c);
        }
        c = in.read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The index of column {@code name} in {@code header}.
   *
   * @param option the option that named the column, for the message
   * @throws vru.core.api.VruException {@link vru.core.api.ErrorCode#INPUT_INVALID} naming the file,
   *     the column, the closest name and the header when it is missing
   */
  public static int columnIndex(String file, List<String> header, String name, String option) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new vru.core.api.VruException(
          vru.core.api.ErrorCode.INPUT_INVALID,
          file
              + ": no column '"
              + name
              + "' (named by "
              + option
              + ")"
              + vru.core.api.Suggest.closest(name, header)
                  .map(s -> "; did you mean '" + s + "'?")
                  .orElse(".")
              + " The header has: "
              + String.join(", ", header)
              + (header.size() == 1 && (header.get(0).contains(";") || header.get(0).contains("\t"))
                  ? ". The file looks separated by semicolons or tabs: save it as comma-separated"
                      + " CSV."
                  : "."));
    }
    return i;
  }

  /** The line the next record starts on. */
  public int line() {
    return line;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
