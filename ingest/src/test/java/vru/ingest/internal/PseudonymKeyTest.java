package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.VruException;

/** The pseudonymisation key file, created once even when sources ingested together ask at once. */
class PseudonymKeyTest {
  @TempDir Path dir;

  @Test
  void sourcesAskingTogetherForANewKeyAllGetTheOneKeyWrittenWithMode600() throws Exception {
    Path key = dir.resolve("keys/pseudonymisation.key");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<byte[]> ask = () -> pad(Pseudonymiser.fromEnvironmentOr(key));
        keys.add(pool.submit(ask));
      }
      byte[] first = keys.get(0).get();
      for (Future<byte[]> k : keys) {
        assertThat(k.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(Files.readString(key).trim()).hasSize(64);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  /** The key as the pseudonymiser holds it (its inner pad), to compare two of them. */
  static byte[] pad(Pseudonymiser p) throws ReflectiveOperationException {
    java.lang.reflect.Field f = Pseudonymiser.class.getDeclaredField("innerPad");
    f.setAccessible(true);
    return (byte[]) f.get(p);
  }

  @Test
  void aKeyFileTooShortToBeAKeyIsRefused() throws Exception {
    Path key = dir.resolve("short.key");
    Files.writeString(key, "00ff\n");
    assertThatThrownBy(() -> Pseudonymiser.fromEnvironmentOr(key))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("has 2 bytes; it needs at least 16");
  }
}
