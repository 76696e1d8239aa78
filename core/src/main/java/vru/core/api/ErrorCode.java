package vru.core.api;

/**
 * Stable error codes. Each maps to one documented exit code of the {@code vru} command, so scripts
 * can tell a bad input file from a database outage without parsing messages.
 */
public enum ErrorCode {
  /** A command line that cannot be understood. Exit 2. */
  USAGE(2),
  /** The configuration file does not exist. Exit 3. */
  CONFIG_NOT_FOUND(3),
  /** The configuration file has an unknown key or a bad value. Exit 3. */
  CONFIG_INVALID(3),
  /** An input file or folder does not exist or cannot be read. Exit 3. */
  INPUT_NOT_FOUND(3),
  /** An input file's header or content cannot be used. Exit 3. */
  INPUT_INVALID(3),
  /** Too many rows of a file failed validation; nothing from it was published. Exit 4. */
  DATA_QUALITY_THRESHOLD(4),
  /** An output would publish a disclosive value; nothing was written. Exit 4. */
  DISCLOSURE_FAILED(4),
  /** PostgreSQL could not be reached or started. Exit 5. */
  DATABASE_UNAVAILABLE(5),
  /** Anything else: a bug or an environment problem. Exit 1. */
  INTERNAL(1);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the {@code vru} command uses for this error. */
  public int exitCode() {
    return exitCode;
  }
}
