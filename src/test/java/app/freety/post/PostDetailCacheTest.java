package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.post.PostDetailCache.Versions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The node's detail cache on its own: versions, age and size, and the start-up rule on its age. */
class PostDetailCacheTest {
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 29, 12, 0);
  private static final Versions V1 = new Versions(T, T, T);

  private final MovableClock clock = new MovableClock();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void anEntryAnswersOnlyAtTheVersionsItWasReadAt() {
    PostDetailCache cache = cache(10, 60_000);
    JsonObject detail = new JsonObject().put("id", 1);
    cache.put(1, V1, detail);

    assertSame(detail, cache.get(1, new Versions(T, T, T)));
    assertNull(cache.get(1, new Versions(T.plusNanos(1000), T, T)), "the post changed");
    assertNull(cache.get(1, new Versions(T, T.plusNanos(1000), T)), "the designer changed");
    assertNull(cache.get(1, new Versions(T, T, T.plusNanos(1000))), "the designer's profile changed");
    assertNull(cache.get(2, V1), "another post");
    assertEquals(1, lookups("hit"));
    assertEquals(3, lookups("changed"));
    assertEquals(1, lookups("absent"));
  }

  @Test
  void anEntryExpiresByAgeOnTheGivenClock() {
    PostDetailCache cache = cache(10, 60_000);
    cache.put(1, V1, new JsonObject());
    clock.advance(Duration.ofSeconds(59));
    assertEquals(new JsonObject(), cache.get(1, V1));

    clock.advance(Duration.ofSeconds(1));
    assertNull(cache.get(1, V1));
    assertEquals(1, lookups("expired"));
  }

  @Test
  void theCacheKeepsAtMostMaxEntriesDroppingExpiredOnesFirst() {
    PostDetailCache cache = cache(100, 60_000);
    for (long post = 1; post <= 50; post++) {
      cache.put(post, V1, new JsonObject());
    }
    clock.advance(Duration.ofMinutes(2));
    for (long post = 51; post <= 100; post++) {
      cache.put(post, V1, new JsonObject());
    }
    assertEquals(100, cache.size());

    cache.put(101, V1, new JsonObject());
    assertEquals(51, cache.size(), "the 50 expired entries made room");
    for (long post = 51; post <= 101; post++) {
      assertEquals(new JsonObject(), cache.get(post, V1), "post " + post + " is young and kept");
    }

    for (long post = 102; post <= 1000; post++) {
      cache.put(post, V1, new JsonObject());
      assertTrue(cache.size() <= 100, "at most 100 entries, not " + cache.size());
    }
    assertEquals(new JsonObject(), cache.get(1000, V1), "the newest entry is kept");
  }

  @Test
  void noEntriesAtAllWhenMaxEntriesIsZero() {
    PostDetailCache cache = cache(0, 60_000);
    cache.put(1, V1, new JsonObject());
    assertEquals(0, cache.size());
    assertNull(cache.get(1, V1));
  }

  @Test
  void aMaxAgeReachingHalfThePresignedUrlLifeStopsStartUp() {
    JsonObject config = new JsonObject().put("s3", new JsonObject().put("presignMinutes", 10))
        .put("posts", new JsonObject()
            .put("detailCache", new JsonObject().put("maxEntries", 10).put("maxAgeSeconds", 300))
            .put("itemCache", new JsonObject().put("maxEntries", 10).put("maxAgeSeconds", 300)));
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new PostFeature(config, clock));
    assertTrue(refused.getMessage().contains("posts.detailCache.maxAgeSeconds"), refused.getMessage());

    config.getJsonObject("posts").getJsonObject("detailCache").put("maxAgeSeconds", 299);
    refused = assertThrows(IllegalStateException.class, () -> new PostFeature(config, clock));
    assertTrue(refused.getMessage().contains("posts.itemCache.maxAgeSeconds"), refused.getMessage());

    config.getJsonObject("posts").getJsonObject("itemCache").put("maxAgeSeconds", 299);
    assertEquals("post", new PostFeature(config, clock).name());
  }

  private PostDetailCache cache(int maxEntries, long maxAgeMillis) {
    PostDetailCache cache = new PostDetailCache(maxEntries, maxAgeMillis, clock);
    cache.bindTo(meters);
    return cache;
  }

  private double lookups(String result) {
    return meters.get("freety.post.detail.cache.lookups").tag("result", result).functionCounter().count();
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-29T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
