package app.freety.post;

import app.freety.platform.BoundedMaps;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How many terms a word of q matches, capped, remembered for a few minutes: counting reads up to the
 * cap's worth of index rows (4,000 handler reads for a common word, more than the search itself),
 * and a word's frequency among tens of thousands of posts hardly moves in minutes. Only the choice
 * of plan depends on it, never which posts are found.
 */
final class TermCounts {
  private static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int MAX_WORDS = 10_000;

  private record Count(long terms, long countedAt) {
  }

  private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

  /** The remembered count, or null when there is none young enough. */
  Long get(String word) {
    Count count = counts.get(word);
    return count == null || stale(count, System.nanoTime()) ? null : count.terms();
  }

  void put(String word, long terms) {
    long now = System.nanoTime();
    if (counts.size() >= MAX_WORDS) {
      BoundedMaps.makeRoom(counts, MAX_WORDS, count -> stale(count, now));
    }
    counts.put(word, new Count(terms, now));
  }

  private static boolean stale(Count count, long now) {
    return now - count.countedAt() > MAX_AGE_NANOS;
  }
}
