package app.freety.post;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits text into the lower-cased words that `q` is matched against (by prefix). */
final class SearchTerms {
  static final int TERM_MAX = 40;
  private static final int TERMS_PER_POST_MAX = 200;

  private SearchTerms() {
  }

  static Set<String> of(String... texts) {
    Set<String> terms = new LinkedHashSet<>();
    for (String text : texts) {
      for (String word : words(text)) {
        if (terms.size() == TERMS_PER_POST_MAX) {
          return terms;
        }
        terms.add(word);
      }
    }
    return terms;
  }

  static List<String> words(String text) {
    return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).stream()
        .filter(word -> !word.isEmpty())
        .map(word -> word.length() > TERM_MAX ? word.substring(0, TERM_MAX) : word)
        .toList();
  }

  /** A LIKE pattern matching terms that start with the word; the word's own wildcards are escaped. */
  static String prefixPattern(String word) {
    return word.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }
}
