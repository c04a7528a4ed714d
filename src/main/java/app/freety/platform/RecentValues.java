package app.freety.platform;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values a node worked out and may reuse for a while: each is forgotten after maxAge, and past
 * maxEntries the oldest-looking go first ({@link BoundedMaps}). For what stays right for maxAge
 * whatever is written meanwhile: what only steers how an answer is found (a plan, a starting
 * point), never what the answer is, or what is valid for longer than maxAge (a presigned URL).
 */
public final class RecentValues<K, V> {
  private final long maxAgeNanos;
  private final int maxEntries;
  private final ConcurrentHashMap<K, Stamped<V>> values = new ConcurrentHashMap<>();

  private record Stamped<V>(V value, long storedAt) {
  }

  public RecentValues(Duration maxAge, int maxEntries) {
    this.maxAgeNanos = maxAge.toNanos();
    this.maxEntries = maxEntries;
  }

  /** The value stored less than maxAge ago, or null. */
  public V get(K key) {
    Stamped<V> stamped = values.get(key);
    return stamped == null || stale(stamped, System.nanoTime()) ? null : stamped.value();
  }

  public void put(K key, V value) {
    long now = System.nanoTime();
    if (values.size() >= maxEntries) {
      BoundedMaps.makeRoom(values, maxEntries, stamped -> stale(stamped, now));
    }
    values.put(key, new Stamped<>(value, now));
  }

  private boolean stale(Stamped<V> stamped, long now) {
    return now - stamped.storedAt() > maxAgeNanos;
  }
}
