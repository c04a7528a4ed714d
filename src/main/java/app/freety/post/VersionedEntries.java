package app.freety.post;

import app.freety.platform.BoundedMaps;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values a node keeps per post with the version of the rows they were made from, each for at most
 * maxAge (they hold presigned URLs). A value answers only for exactly its version. Bounded: past
 * maxEntries (0 = keep nothing), expired entries go first, then arbitrary ones, a tenth of the
 * limit at a time.
 */
final class VersionedEntries<V, T> {
  enum Outcome {
    HIT, ABSENT, CHANGED, EXPIRED
  }

  private record Entry<V, T>(V version, T value, long storedAtMillis) {
  }

  private final ConcurrentHashMap<Long, Entry<V, T>> byPost = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long maxAgeMillis;
  private final Clock clock;

  VersionedEntries(int maxEntries, long maxAgeMillis, Clock clock) {
    this.maxEntries = maxEntries;
    this.maxAgeMillis = maxAgeMillis;
    this.clock = clock;
  }

  /** The value kept for the post at exactly this version, if young enough; else null. */
  T get(long postId, V version) {
    Entry<V, T> entry = byPost.get(postId);
    return entry != null && entry.version.equals(version) && young(entry) ? entry.value : null;
  }

  /** Why {@link #get} would answer as it does: a hit, or which kind of miss. */
  Outcome outcome(long postId, V version) {
    Entry<V, T> entry = byPost.get(postId);
    if (entry == null) {
      return Outcome.ABSENT;
    }
    if (!entry.version.equals(version)) {
      return Outcome.CHANGED;
    }
    return young(entry) ? Outcome.HIT : Outcome.EXPIRED;
  }

  void put(long postId, V version, T value) {
    if (maxEntries <= 0) {
      return;
    }
    if (byPost.size() >= maxEntries && !byPost.containsKey(postId)) {
      makeRoom();
    }
    byPost.put(postId, new Entry<>(version, value, clock.millis()));
  }

  int size() {
    return byPost.size();
  }

  private boolean young(Entry<V, T> entry) {
    return clock.millis() - entry.storedAtMillis < maxAgeMillis;
  }

  /** One thread at a time; the others keep adding meanwhile, so the size may pass the limit by a few. */
  private synchronized void makeRoom() {
    if (byPost.size() < maxEntries) {
      return;
    }
    BoundedMaps.makeRoom(byPost, maxEntries, entry -> !young(entry));
  }
}
