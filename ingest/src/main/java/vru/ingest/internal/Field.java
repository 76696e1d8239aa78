package vru.ingest.internal;

/**
 * A column of a source file.
 *
 * @param name the column name in the file's header (compared ignoring case and surrounding spaces)
 * @param required whether an empty value is an error
 * @param check what a non-empty value must look like
 * @param identifier whether the column directly identifies a person's record (a crime reference, an
 *     episode id): such a value never reaches the warehouse in clear, not even in quarantine
 */
record Field(String name, boolean required, Check check, boolean identifier) {
  static Field required(String name, Check check) {
    return new Field(name, true, check, false);
  }

  static Field optional(String name, Check check) {
    return new Field(name, false, check, false);
  }

  /** A required direct identifier, any text, pseudonymised wherever it is kept. */
  static Field identifier(String name) {
    return new Field(name, true, new Check.AnyText(), true);
  }
}
