package vru.ingest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's identity: its SHA-256 and size; {@code shown} is how messages name it (the file given,
 * when {@code path} is a copy made from it: a zip entry, a file re-encoded as UTF-8).
 */
record InputFile(Path path, String sha256, long size, Path shown) {
  static InputFile inspect(Path path) throws IOException {
    return inspect(path, path);
  }

  static InputFile inspect(Path path, Path shown) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    }
    return new InputFile(path, HexFormat.of().formatHex(md.digest()), Files.size(path), shown);
  }
}
