package vru.reports.api;

import java.util.List;
import java.util.Locale;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/** A report language: English (en-GB) or Welsh (cy-GB). */
public enum Language {
  EN("en", "en-GB", Locale.UK),
  CY("cy", "cy-GB", Locale.forLanguageTag("cy-GB"));

  private final String code;
  private final String tag;
  private final Locale locale;

  Language(String code, String tag, Locale locale) {
    this.code = code;
    this.tag = tag;
    this.locale = locale;
  }

  /** {@code en} or {@code cy}, as recorded and used in file names. */
  public String code() {
    return code;
  }

  /** The BCP 47 tag for the {@code lang} attribute. */
  public String tag() {
    return tag;
  }

  public Locale locale() {
    return locale;
  }

  /** The message bundle's suffix: none for English, {@code _cy} for Welsh. */
  public String bundleSuffix() {
    return this == EN ? "" : "_" + code;
  }

  /** The languages of {@code --language en|cy|both}. */
  public static List<Language> parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "en" -> List.of(EN);
      case "cy" -> List.of(CY);
      case "both" -> List.of(EN, CY);
      default ->
          throw new VruException(
              ErrorCode.USAGE,
              "--language: '" + value + "' is not a report language; use en, cy or both");
    };
  }
}
