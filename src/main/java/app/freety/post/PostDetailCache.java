package app.freety.post;

import app.freety.platform.BoundedMaps;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private record Entry(Versions versions, JsonObject detail, long storedAtMillis) {
  }

  private enum Outcome {
    HIT, ABSENT, CHANGED, EXPIRED
  }

  private final ConcurrentHashMap<Long, Entry> byPost = new ConcurrentHashMap<>();
  private final Map<Outcome, LongAdder> lookups = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long maxAgeMillis;
  private final Clock clock;
  private boolean bound;

  PostDetailCache(int maxEntries, long maxAgeMillis, Clock clock) {
    this.maxEntries = maxEntries;
    this.maxAgeMillis = maxAgeMillis;
    this.clock = clock;
    for (Outcome outcome : Outcome.values()) {
      lookups.put(outcome, new LongAdder());
    }
  }

  /** The cached detail of the post if it was read at exactly these versions and is young enough; else null. */
  JsonObject get(long postId, Versions current) {
    JsonObject detail = peek(postId, current);
    count(detail != null ? Outcome.HIT : outcomeOfMiss(postId, current));
    return detail;
  }

  /** As {@link #get}, without counting the lookup. */
  JsonObject peek(long postId, Versions current) {
    Entry entry = byPost.get(postId);
    return entry != null && entry.versions.equals(current) && young(entry) ? entry.detail : null;
  }

  /** Keeps a detail read after a probe returned these versions; the detail is never changed afterwards. */
  void put(long postId, Versions versions, JsonObject detail) {
    if (maxEntries <= 0) {
      return;
    }
    if (byPost.size() >= maxEntries && !byPost.containsKey(postId)) {
      makeRoom();
    }
    byPost.put(postId, new Entry(versions, detail, clock.millis()));
  }

  int size() {
    return byPost.size();
  }

  /** Meters of this node's cache: lookups by outcome (hit, or a miss: absent, changed, expired) and entries. */
  synchronized void bindTo(MeterRegistry registry) {
    if (bound) {
      return;
    }
    bound = true;
    for (Outcome outcome : Outcome.values()) {
      FunctionCounter.builder("freety.post.detail.cache.lookups", lookups.get(outcome), LongAdder::sum)
          .tag("result", outcome.name().toLowerCase())
          .description("Post detail reads answered from this node's cache (hit) or from the database (the other results)")
          .register(registry);
    }
    Gauge.builder("freety.post.detail.cache.entries", byPost, Map::size)
        .description("Post details this node's cache holds (posts.detailCache.maxEntries at most)").register(registry);
  }

  private Outcome outcomeOfMiss(long postId, Versions current) {
    Entry entry = byPost.get(postId);
    if (entry == null) {
      return Outcome.ABSENT;
    }
    return entry.versions.equals(current) ? Outcome.EXPIRED : Outcome.CHANGED;
  }

  private void count(Outcome outcome) {
    lookups.get(outcome).increment();
  }

  private boolean young(Entry entry) {
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
