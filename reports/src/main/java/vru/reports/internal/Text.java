package vru.reports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.AbstractMap;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import vru.reports.api.Language;

/**
 * Report text from one language's message bundle, as a map FreeMarker can read ({@code t["key"]}).
 *
 * <p>Each language's bundle is read on its own, never with Java's fallback to another bundle: a key
 * missing from the Welsh bundle shows as {@code [heb ei gyfieithu / untranslated: key]}, which a
 * translator can search for, not as English text passing silently as Welsh.
 */
public final class Text extends AbstractMap<String, String> {
  /** The marker shown in place of a message the bundle lacks. */
  public static final String UNTRANSLATED = "[heb ei gyfieithu / untranslated: ";

  private final Properties bundle;
  private final Language language;

  public Text(Language language) {
    this.language = language;
    this.bundle = load(language);
  }

  /** The bundle of {@code language}, as written. */
  public static Properties load(Language language) {
    String name = "/vru/reports/messages" + language.bundleSuffix() + ".properties";
    Properties p = new Properties();
    try (InputStream in = Text.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("message bundle " + name + " is missing from the jar");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
    return p;
  }

  /** Keys of the English bundle that {@code language}'s bundle lacks. */
  public static Set<String> untranslated(Language language) {
    Set<String> missing = new TreeSet<>(load(Language.EN).stringPropertyNames());
    missing.removeAll(load(language).stringPropertyNames());
    return missing;
  }

  public Language language() {
    return language;
  }

  /** The message {@code key} with its placeholders filled. */
  public String format(String key, Object... args) {
    String pattern = bundle.getProperty(key);
    if (pattern == null) {
      return UNTRANSLATED + key + "]";
    }
    return new MessageFormat(pattern, language.locale()).format(args);
  }

  /**
   * The message {@code key}; like every message, written as a MessageFormat pattern ({@code ''}).
   */
  @Override
  public String get(Object key) {
    return format((String) key);
  }

  /** Whether the bundle has {@code key}. */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }

  /**
   * The display name of an identifier ({@code display.<kind>.<id>}), e.g. a source or a quarantine
   * reason; an identifier the bundle does not name is shown with its underscores and hyphens as
   * spaces, never as a raw code.
   */
  public String display(String kind, String id) {
    String key = "display." + kind + "." + id;
    return bundle.containsKey(key) ? format(key) : id.replace('_', ' ').replace('-', ' ');
  }

  /**
   * The text for use inside a sentence: its first letter in lower case, with the language's rules,
   * and nothing else touched, so names keep their capitals ("higher than England and Wales") and an
   * initialism stays as it is ("A&E navigators").
   */
  public String lower(String s) {
    if (s.isEmpty()
        || !Character.isUpperCase(s.charAt(0))
        || (s.length() > 1
            && !Character.isLowerCase(s.charAt(1))
            && Character.isLetter(s.charAt(1)))) {
      return s;
    }
    return s.substring(0, 1).toLowerCase(language.locale()) + s.substring(1);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    throw new UnsupportedOperationException("look messages up by key");
  }
}
