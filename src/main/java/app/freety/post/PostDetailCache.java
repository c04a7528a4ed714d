package app.freety.post;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Post details of one node (shared by its post verticles), without the caller's own part
 * (pickedByMe). An entry answers only while the versions of the rows it was read from are the
 * ones the database shows now, so a write on any node is seen by the next read on every node; the
 * age limit keeps the presigned photo URLs inside it valid. Bounded: past maxEntries, expired
 * entries go first, then arbitrary ones, a tenth of the limit at a time.
 */
final class PostDetailCache {
  /** The row versions of a post, its designer and their profile, as one probe reads them. */
  record Versions(LocalDateTime post, LocalDateTime designer, LocalDateTime profile) {
    static Versions of(Row probe) {
      return new Versions(probe.getLocalDateTime("post_version"), probe.getLocalDateTime("designer_version"),
          probe.getLocalDateTime("profile_version"));
    }
  }

  private final VersionedEntries<Versions, JsonObject> entries;
  private final Map<VersionedEntries.Outcome, LongAdder> lookups = new EnumMap<>(VersionedEntries.Outcome.class);
  private boolean bound;

  PostDetailCache(int maxEntries, long maxAgeMillis, Clock clock) {
    this.entries = new VersionedEntries<>(maxEntries, maxAgeMillis, clock);
    for (VersionedEntries.Outcome outcome : VersionedEntries.Outcome.values()) {
      lookups.put(outcome, new LongAdder());
    }
  }

  /** The cached detail of the post if it was read at exactly these versions and is young enough; else null. */
  JsonObject get(long postId, Versions current) {
    JsonObject detail = entries.get(postId, current);
    lookups.get(detail != null ? VersionedEntries.Outcome.HIT : missOutcome(postId, current)).increment();
    return detail;
  }

  /** As {@link #get}, without counting the lookup. */
  JsonObject peek(long postId, Versions current) {
    return entries.get(postId, current);
  }

  /** Keeps a detail read after a probe returned these versions; the detail is never changed afterwards. */
  void put(long postId, Versions versions, JsonObject detail) {
    entries.put(postId, versions, detail);
  }

  int size() {
    return entries.size();
  }

  /** Meters of this node's cache: lookups by outcome (hit, or a miss: absent, changed, expired) and entries. */
  synchronized void bindTo(MeterRegistry registry) {
    if (bound) {
      return;
    }
    bound = true;
    lookups.forEach((outcome, count) -> FunctionCounter
        .builder("freety.post.detail.cache.lookups", count, LongAdder::sum)
        .tag("result", outcome.name().toLowerCase())
        .description("Post detail reads answered from this node's cache (hit) or from the database (the other results)")
        .register(registry));
    Gauge.builder("freety.post.detail.cache.entries", entries, VersionedEntries::size)
        .description("Post details this node's cache holds (posts.detailCache.maxEntries at most)").register(registry);
  }

  /** A miss: absent, changed or expired (a hit that raced with its expiry counts as expired). */
  private VersionedEntries.Outcome missOutcome(long postId, Versions current) {
    VersionedEntries.Outcome outcome = entries.outcome(postId, current);
    return outcome == VersionedEntries.Outcome.HIT ? VersionedEntries.Outcome.EXPIRED : outcome;
  }
}
