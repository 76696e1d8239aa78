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
    try (InputStream s = Files.newInputStream(file)) {
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
    try (InputStream s = new java.io.BufferedInputStream(Files.newInputStream(file))) {
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
