package vru.ingest.internal;

/**
 * A column of a source file.
 *
 * @param name the column name in the file's header (compared ignoring case and surrounding spaces)
 * @param required whether an empty value is an error
 * @param check what a non-empty value must look like
 */
record Field(String name, boolean required, Check check) {
  static Field required(String name, Check check) {
    return new Field(name, true, check);
  }

  static Field optional(String name, Check check) {
    return new Field(name, false, check);
  }
}
