package app.freety.post;

import java.util.List;

/**
 * What a word of q matches among the terms: how many (word, post) terms, counted up to a cap, and
 * the distinct terms when they are few enough for a walk of each (else none).
 */
record WordCount(long terms, List<String> fewTerms) {
  WordCount {
    fewTerms = List.copyOf(fewTerms);
  }
}
