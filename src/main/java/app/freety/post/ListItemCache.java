package app.freety.post;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.LongAdder;

/**
 * The JSON a list item writes from its post row, per post, kept as bytes with the row_version the
 * row had. Everything an item shows is on the post row (migration V17), and the database moves
 * row_version on every change to that row, so bytes written at the version a search just read are
 * the bytes that row would give again: a page writes them instead of ~25 fields and three photo
 * URLs. The age limit keeps the presigned URLs inside valid, as for {@link PostDetailCache}. One
 * per node, shared by its post verticles.
 */
final class ListItemCache {
  private static final String LOOKUPS = "freety.post.list.item.cache.lookups";
  private static final String LOOKUPS_DESCRIPTION =
      "List items written from this node's cache of item JSON (hit) or from their rows (miss)";

  private final VersionedEntries<LocalDateTime, byte[]> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private boolean bound;

  ListItemCache(int maxEntries, long maxAgeMillis, Clock clock) {
    this.entries = new VersionedEntries<>(maxEntries, maxAgeMillis, clock);
  }

  /** The bytes written from the post's row at exactly this version, if young enough; else null. */
  byte[] get(long postId, LocalDateTime version) {
    byte[] fields = entries.get(postId, version);
    (fields != null ? hits : misses).increment();
    return fields;
  }

  void put(long postId, LocalDateTime version, byte[] fields) {
    entries.put(postId, version, fields);
  }

  /** Meters of this node's cache: lookups by result (hit or miss) and entries. */
  synchronized void bindTo(MeterRegistry registry) {
    if (bound) {
      return;
    }
    bound = true;
    FunctionCounter.builder(LOOKUPS, hits, LongAdder::sum).tag("result", "hit").description(LOOKUPS_DESCRIPTION)
        .register(registry);
    FunctionCounter.builder(LOOKUPS, misses, LongAdder::sum).tag("result", "miss").description(LOOKUPS_DESCRIPTION)
        .register(registry);
    Gauge.builder("freety.post.list.item.cache.entries", entries, VersionedEntries::size)
        .description("List items this node's cache holds (posts.itemCache.maxEntries at most)").register(registry);
  }
}
