package app.freety.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of every {@link MessageId}, one bundle per language (i18n/problems_&lt;tag&gt;.properties,
 * UTF-8), read once. Placeholders are {0}, {1}, ... and nothing else: no MessageFormat, so an
 * apostrophe is just an apostrophe and a number is never grouped ("1900", not "1,900").
 */
public final class ProblemBundles {
  static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
  private static final Map<Language, Map<String, String>> BUNDLES = loadAll();

  private ProblemBundles() {
  }

  /** The phrase in the language; a key the bundle lacks falls back to English, then to the id itself. */
  static String render(Phrase phrase, Language language) {
    String pattern = entry(language, phrase.id());
    Matcher placeholder = PLACEHOLDER.matcher(pattern);
    StringBuilder text = new StringBuilder(pattern.length() + 32);
    while (placeholder.find()) {
      int index = Integer.parseInt(placeholder.group(1));
      Object arg = index < phrase.args().size() ? phrase.args().get(index) : null;
      String value = arg instanceof Phrase nested ? render(nested, language)
          : arg == null ? placeholder.group() : (String) arg;
      placeholder.appendReplacement(text, Matcher.quoteReplacement(value));
    }
    placeholder.appendTail(text);
    return text.toString();
  }

  /** How many arguments the id takes: one per distinct placeholder of its English words. */
  static int placeholders(MessageId id) {
    return placeholdersOf(entry(Language.EN, id)).size();
  }

  /** Every entry of a language's bundle, as read (for the tests that keep the bundles complete). */
  static Map<String, String> entries(Language language) {
    return BUNDLES.get(language);
  }

  static TreeSet<String> placeholdersOf(String pattern) {
    TreeSet<String> found = new TreeSet<>();
    Matcher placeholder = PLACEHOLDER.matcher(pattern);
    while (placeholder.find()) {
      found.add(placeholder.group());
    }
    return found;
  }

  private static String entry(Language language, MessageId id) {
    String pattern = BUNDLES.get(language).get(id.name());
    if (pattern == null && language != Language.EN) {
      pattern = BUNDLES.get(Language.EN).get(id.name());
    }
    return pattern == null ? id.name() : pattern;
  }

  private static Map<Language, Map<String, String>> loadAll() {
    Map<Language, Map<String, String>> bundles = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      bundles.put(language, load("i18n/problems_" + language.tag() + ".properties"));
    }
    return bundles;
  }

  private static Map<String, String> load(String resource) {
    try (InputStream in = ProblemBundles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The message bundle " + resource + " is not on the classpath");
      }
      Properties properties = new Properties();
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      Map<String, String> entries = new HashMap<>();
      properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key)));
      return Map.copyOf(entries);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the message bundle " + resource, e);
    }
  }
}
