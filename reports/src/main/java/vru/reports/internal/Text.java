package vru.reports.internal;

import java.text.MessageFormat;
import java.util.AbstractMap;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;

/** Report text from the message bundle, as a map FreeMarker can read ({@code t["key"]}). */
public final class Text extends AbstractMap<String, String> {
  private final ResourceBundle bundle;
  private final Locale locale;

  public Text(Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle("vru.reports.messages", locale);
  }

  /** The message {@code key} with its placeholders filled. */
  public String format(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), locale).format(args);
  }

  @Override
  public String get(Object key) {
    return bundle.getString((String) key);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    throw new UnsupportedOperationException("look messages up by key");
  }
}
