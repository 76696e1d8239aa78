package vru.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncodingTest {
  @TempDir Path dir;

  @Test
  void utf8IsKeptAndExcelsWindows1252IsRecognised() throws Exception {
    Path utf8 = dir.resolve("u.csv");
    Files.writeString(utf8, "\uFEFFarea\nCaf\u00e9 \u00a3\n", StandardCharsets.UTF_8);
    assertThat(TextEncoding.detect(utf8)).isEqualTo(StandardCharsets.UTF_8);
    Path cp = dir.resolve("w.csv");
    // a long UTF-8-looking start, then one Windows-1252 byte far beyond the first buffer
    byte[] bytes =
        ("area\n" + "x\n".repeat(70_000) + "Caf\u00e9\n").getBytes(TextEncoding.WINDOWS_1252);
    Files.write(cp, bytes);
    assertThat(TextEncoding.detect(cp)).isEqualTo(TextEncoding.WINDOWS_1252);
    assertThat(TextEncoding.decode(bytes)).endsWith("Caf\u00e9\n");
    assertThat(TextEncoding.decode("Caf\u00e9".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("Caf\u00e9");
  }
}
