package app.freety.post;

import app.freety.platform.BoundedMaps;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a word of q matches among the terms, remembered for a few minutes: how many terms (capped),
 * and the one distinct term when there is only one. Counting reads up to the cap's worth of index
 * rows (4,000 handler reads for a common word, more than the search itself), and a word's
 * frequency among tens of thousands of posts hardly moves in minutes. Only the choice of plan
 * depends on it, never which posts are found: every plan checks the word on each post it returns.
 */
final class TermCounts {
  private static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int MAX_WORDS = 10_000;

  /** terms: how many (word, post) terms match, up to the cap; onlyTerm: the one term matched, or null. */
  record Word(long terms, String onlyTerm) {
  }

  private record Counted(Word word, long countedAt) {
  }

  private final ConcurrentHashMap<String, Counted> counts = new ConcurrentHashMap<>();

  /** The remembered word, or null when there is none young enough. */
  Word get(String word) {
    Counted counted = counts.get(word);
    return counted == null || stale(counted, System.nanoTime()) ? null : counted.word();
  }

  void put(String word, Word counted) {
    long now = System.nanoTime();
    if (counts.size() >= MAX_WORDS) {
      BoundedMaps.makeRoom(counts, MAX_WORDS, entry -> stale(entry, now));
    }
    counts.put(word, new Counted(counted, now));
  }

  private static boolean stale(Counted counted, long now) {
    return now - counted.countedAt() > MAX_AGE_NANOS;
  }
}
