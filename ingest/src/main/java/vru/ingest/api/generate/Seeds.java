package vru.ingest.api.generate;

import java.nio.charset.StandardCharsets;

/** Derives independent, reproducible seeds from the run's seed and a name. */
final class Seeds {
  private Seeds() {}

  static long mix(long seed, String name) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L;
      h ^= h >>> 29;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }
}
