package vru.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Every problem of one configuration file, each at the line of the value it is about, reported
 * together in one error, so the analyst fixes them in one pass.
 */
final class ConfigProblems {
  /** A problem with one key's value, found while validating; its line is looked up after. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String key;
    final Optional<String> value;

    Invalid(String key, Optional<String> value, String problem) {
      super(problem, null, false, false);
      this.key = key;
      this.value = value;
    }
  }

  static Invalid problem(String key, String problem) {
    return new Invalid(key, Optional.empty(), problem);
  }

  static Invalid problem(String key, String value, String problem) {
    return new Invalid(key, Optional.of(value), problem);
  }

  private final Path file;
  private final YamlLines lines;
  private final List<String> found = new ArrayList<>();

  ConfigProblems(Path file, YamlLines lines) {
    this.file = file;
    this.lines = lines;
    for (YamlLines.Repeated r : lines.repeated()) {
      found.add(
          where(file, r.second(), r.key())
              + ": written twice (lines "
              + r.first()
              + " and "
              + r.second()
              + "); keep one");
    }
  }

  <T> T check(java.util.function.Supplier<T> validation, T fallback) {
    try {
      return validation.get();
    } catch (Invalid e) {
      add(e);
      return fallback;
    }
  }

  void run(Runnable validation) {
    check(
        () -> {
          validation.run();
          return null;
        },
        null);
  }

  void add(Invalid e) {
    found.add(where(file, lines.line(e.key, e.value), e.key) + ": " + e.getMessage());
  }

  void throwIfAny() {
    if (found.size() == 1) {
      throw new VruException(ErrorCode.CONFIG_INVALID, found.get(0));
    }
    if (!found.isEmpty()) {
      throw new VruException(
          ErrorCode.CONFIG_INVALID,
          found.size() + " problems in " + file + ":\n" + String.join("\n", found));
    }
  }

  static String where(Path file, int line, String key) {
    StringBuilder where = new StringBuilder(file.toString());
    if (line > 0) {
      where.append(" line ").append(line);
    }
    if (!key.isEmpty()) {
      where.append(", key '").append(key).append("'");
    }
    return where.toString();
  }
}
