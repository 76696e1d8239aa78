package vru.core.api;

import java.util.Locale;

/** Levels of the geography hierarchy, smallest first. Codes are ONS GSS codes. */
public enum AreaLevel {
  LSOA,
  LA,
  CSP,
  PFA,
  PARTNERSHIP,
  COUNTRY;

  /** The lower-case name used in files and the database, e.g. {@code pfa}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
