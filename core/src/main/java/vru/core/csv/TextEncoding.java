package vru.core.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The encoding of a text file partners send: UTF-8 (with or without a byte-order mark) when every
 * byte sequence is valid UTF-8, else Windows-1252, which is what Excel on Windows writes in the UK.
 * One streaming pass over the bytes decides.
 */
public final class TextEncoding {
  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private TextEncoding() {}

  /** UTF-8 if the whole file decodes as UTF-8, else Windows-1252. */
  public static Charset detect(Path file) throws IOException {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    try (InputStream s = open(file)) {
      int n;
      while ((n = s.read(in.array(), in.position(), in.remaining())) >= 0) {
        in.position(in.position() + n);
        in.flip();
        if (d.decode(in, out, false).isError()) {
          return WINDOWS_1252;
        }
        out.clear();
        in.compact();
      }
      in.flip();
      if (d.decode(in, out, true).isError() || d.flush(out).isError()) {
        return WINDOWS_1252;
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** The number of the first line (from 1) that is not valid UTF-8, or 0 when every line is. */
  public static long firstInvalidUtf8Line(Path file) throws IOException {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream s = new java.io.BufferedInputStream(open(file))) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      long number = 1;
      for (int b = s.read(); ; b = s.read()) {
        if (b == '\n' || b < 0) {
          try {
            d.reset().decode(ByteBuffer.wrap(line.toByteArray()));
          } catch (CharacterCodingException e) {
            return number;
          }
          if (b < 0) {
            return 0;
          }
          line.reset();
          number++;
        } else {
          line.write(b);
        }
      }
    }
  }

  /** The file's bytes, decompressed when its name ends {@code .gz}. */
  public static InputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      return raw;
    }
    try {
      return new java.util.zip.GZIPInputStream(raw, 1 << 16);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * A reader of a UTF-8 file (decompressed when its name ends {@code .gz}), without the byte-order
   * mark Excel's "CSV UTF-8" writes first: it is not part of the first cell.
   */
  public static java.io.BufferedReader utf8Reader(Path file) throws IOException {
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(open(file), 1 << 16);
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (!(head.length == 3
        && (head[0] & 0xff) == 0xEF
        && (head[1] & 0xff) == 0xBB
        && (head[2] & 0xff) == 0xBF)) {
      in.reset();
    }
    return new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** How much of a file's start {@link #binaryAt} looks at. */
  static final int SNIFF_BYTES = 1 << 16;

  /**
   * Where a file that is not text shows it: the offset of the first NUL byte in its first 64 KiB
   * (after decompressing a {@code .gz}), which no CSV in UTF-8 or Windows-1252 has and every binary
   * format (a workbook, a PDF, an image, an archive) soon does; -1 when there is none.
   */
  public static long binaryAt(Path file) throws IOException {
    try (InputStream s = open(file)) {
      byte[] head = s.readNBytes(SNIFF_BYTES);
      for (int i = 0; i < head.length; i++) {
        if (head[i] == 0) {
          return i;
        }
      }
      return -1;
    }
  }

  /** The text of {@code bytes}: UTF-8 when valid, else Windows-1252. */
  public static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, WINDOWS_1252);
    }
  }
}
