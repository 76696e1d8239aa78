package vru.ingest.internal;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.unhex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.spark.sql.Column;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Replaces direct identifiers (crime references, episode ids) with HMAC-SHA-256 pseudonyms, as
 * lower-case hex. HMAC (RFC 2104) is built from Spark's own {@code sha2}, {@code concat} and {@code
 * unhex}, so it runs in generated code: {@code H((K ⊕ opad) || H((K ⊕ ipad) || m))}. The key comes
 * from {@code VRU_PSEUDONYMISATION_KEY} (hex) or a key file created once with mode 600; it is never
 * logged.
 */
public final class Pseudonymiser {
  private static final int BLOCK = 64;
  private final byte[] innerPad;
  private final byte[] outerPad;

  Pseudonymiser(byte[] key) {
    byte[] k = key.length > BLOCK ? sha256(key) : key;
    innerPad = new byte[BLOCK];
    outerPad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
  }

  /** The pseudonym of a text column (null stays null). */
  Column pseudonym(Column value) {
    Column inner = unhex(sha2(concat(lit(innerPad), encode(value, "UTF-8")), 256));
    return sha2(concat(lit(outerPad), inner), 256);
  }

  /**
   * The key from {@code VRU_PSEUDONYMISATION_KEY}, else from {@code keyFile}, which is created with
   * 32 random bytes when missing.
   */
  public static synchronized Pseudonymiser fromEnvironmentOr(Path keyFile) {
    String env = System.getenv("VRU_PSEUDONYMISATION_KEY");
    try {
      if (env != null && !env.isBlank()) {
        return new Pseudonymiser(HexFormat.of().parseHex(env.trim()));
      }
      // created once: sources ingested at once (SourcesTogether) ask for it together, and two
      // keys would give one record two pseudonyms; the method is synchronized for this process,
      // and a key file is only ever created new (O_EXCL), never written over, for others
      if (!Files.exists(keyFile)) {
        Files.createDirectories(keyFile.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
          Files.createFile(
              keyFile,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(keyFile, HexFormat.of().formatHex(key));
        } catch (java.nio.file.FileAlreadyExistsException another) {
          // another process created it first: use its key
        }
      }
      String hex = Files.readString(keyFile).trim();
      // a file another process has just created may not hold its key yet
      for (int wait = 0; hex.isEmpty() && wait < 50; wait++) {
        Thread.sleep(100);
        hex = Files.readString(keyFile).trim();
      }
      byte[] key = HexFormat.of().parseHex(hex);
      if (key.length < 16) {
        throw new VruException(
            ErrorCode.INPUT_INVALID,
            "the pseudonymisation key (VRU_PSEUDONYMISATION_KEY or "
                + keyFile
                + ") has "
                + key.length
                + " bytes; it needs at least 16 (a new key file is written with 32)");
      }
      return new Pseudonymiser(key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + keyFile, e);
    } catch (IllegalArgumentException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID,
          "the pseudonymisation key (VRU_PSEUDONYMISATION_KEY or "
              + keyFile
              + ") is not hexadecimal text; write it as 64 hex digits");
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.INPUT_NOT_FOUND, "cannot read or create the key file " + keyFile + ": " + e, e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
