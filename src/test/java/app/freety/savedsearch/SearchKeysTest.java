package app.freety.savedsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.post.HairService;
import app.freety.post.PostSearchQuery;
import app.freety.profile.AffiliationKind;
import app.freety.savedsearch.SearchKeys.Key;
import app.freety.savedsearch.SearchKeys.Probe;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keys a saved search is filed under and the keys a post is looked up under. */
class SearchKeysTest {
  private static final String[] SIGUNGU = {"강남구", "마포구", "서초구", "중구", "송파구"};
  private static final String[] SIDO = {"서울특별시", "부산광역시"};
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void aDistrictSearchIsFiledUnderItsDistrictEachServiceAndEachPriceBucketItTouches() {
    List<Key> keys = SearchKeys.of(filters("sido=서울특별시&sigungu=강남구&services=CUT,PERM&priceMin=0&priceMax=12000"));
    // free, 1-4,999, 5,000-9,999 and 10,000-14,999: four buckets, times two services
    assertEquals(8, keys.size(), keys.toString());
    assertTrue(keys.stream().allMatch(key -> key.area().equals("d|서울특별시|강남구")), keys.toString());
    assertEquals(Set.of(1, 2), keys.stream().map(Key::service).collect(java.util.stream.Collectors.toSet()));
    assertEquals(Set.of(1, 2, 3, 4), keys.stream().map(Key::priceBucket).collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void aSearchWithoutFiltersIsOneKeyOfAnything() {
    assertEquals(List.of(new Key("*", 0, 0)), SearchKeys.of(filters("")));
    assertEquals(List.of(new Key("*", 0, 0)), SearchKeys.of(filters("q=펌&careerMinMonths=12&from=2026-12-02T10:00:00%2B09:00")));
  }

  @Test
  void nearMeIsFiledUnderTheCellsOfItsCircleAndAWideCircleUnderAnyArea() {
    List<Key> near = SearchKeys.of(filters("near=37.5172,127.0473&radiusKm=3"));
    assertTrue(near.size() >= 1 && near.size() <= 9, near.toString());
    assertTrue(near.stream().allMatch(key -> key.area().startsWith("c|")), near.toString());
    assertEquals(List.of(new Key("*", 0, 0)), SearchKeys.of(filters("near=37.5172,127.0473&radiusKm=50")));
  }

  @Test
  void aSearchAddsAtMostMaxKeysRows() {
    List<Key> keys = SearchKeys.of(filters("near=37.5172,127.0473&radiusKm=12&services=CUT,PERM,DYE,ETC&priceMin=0"));
    assertTrue(keys.size() <= SearchKeys.MAX_KEYS, "rows: " + keys.size());
  }

  @Test
  void aPostIsLookedUpUnderAFixedNumberOfKeys() {
    Probe probe = SearchKeys.probe("서울특별시", "강남구", 37.5, 127.0, EnumSet.of(HairService.CUT), 0);
    assertEquals(SearchKeys.PROBE_AREAS, probe.areas().size());
    assertEquals(SearchKeys.PROBE_SERVICES, probe.services().size());
    assertEquals(SearchKeys.PROBE_BUCKETS, probe.buckets().size());
    assertEquals(List.of(1, 0), probe.buckets());
  }

  @Test
  void priceBucketsSplitWhereMostPostsAre() {
    assertEquals(1, SearchKeys.bucketOf(0));
    assertEquals(2, SearchKeys.bucketOf(4_999));
    assertEquals(3, SearchKeys.bucketOf(5_000));
    assertEquals(6, SearchKeys.bucketOf(25_000));
    assertEquals(10, SearchKeys.bucketOf(1_000_000));
  }

  /**
   * The index never misses: for thousands of random searches and posts, whenever the search's
   * filters pass a post, one of the post's probe keys is one of the search's keys.
   */
  @Test
  void everySearchAPostMatchesIsFoundUnderOneOfThePostsKeys() {
    Random random = new Random(42);
    List<PostSearchQuery> searches = new ArrayList<>();
    List<List<Key>> filed = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      searches.add(randomFilters(random));
      filed.add(SearchKeys.of(searches.get(i)));
    }
    int matched = 0;
    for (int i = 0; i < 600; i++) {
      OpenedPost post = randomPost(random, i);
      Set<Key> probed = probed(post.probe());
      for (int s = 0; s < searches.size(); s++) {
        if (SearchPredicate.matchesWithoutWords(searches.get(s), post, NOW)) {
          matched++;
          assertTrue(filed.get(s).stream().anyMatch(probed::contains), "missed " + searches.get(s) + " for " + post);
        }
      }
    }
    assertTrue(matched > 1000, "too few matching pairs to mean anything: " + matched);
  }

  private static Set<Key> probed(Probe probe) {
    Set<Key> keys = new HashSet<>();
    for (String area : probe.areas()) {
      for (int service : probe.services()) {
        for (int bucket : probe.buckets()) {
          keys.add(new Key(area, service, bucket));
        }
      }
    }
    return keys;
  }

  private static PostSearchQuery randomFilters(Random random) {
    StringBuilder query = new StringBuilder();
    int area = random.nextInt(5);
    if (area == 0) {
      add(query, "sido", SIDO[random.nextInt(SIDO.length)]);
      add(query, "sigungu", SIGUNGU[random.nextInt(SIGUNGU.length)]);
    } else if (area == 1) {
      add(query, "sigungu", SIGUNGU[random.nextInt(SIGUNGU.length)]);
    } else if (area == 2) {
      add(query, "sido", SIDO[random.nextInt(SIDO.length)]);
    } else if (area == 3) {
      add(query, "near", (37.45 + random.nextDouble() * 0.2) + "," + (126.9 + random.nextDouble() * 0.25));
      add(query, "radiusKm", Double.toString(0.5 + random.nextDouble() * (random.nextInt(10) == 0 ? 40 : 8)));
    }
    if (random.nextBoolean()) {
      List<String> services = new ArrayList<>();
      for (HairService service : HairService.values()) {
        if (random.nextInt(3) == 0) {
          services.add(service.name());
        }
      }
      if (!services.isEmpty()) {
        add(query, "services", String.join(",", services));
      }
    }
    int prices = random.nextInt(4);
    int low = random.nextInt(4) * 5_000;
    if (prices == 1 || prices == 3) {
      add(query, "priceMin", Integer.toString(low));
    }
    if (prices >= 2) {
      add(query, "priceMax", Integer.toString(low + random.nextInt(6) * 5_000));
    }
    if (random.nextInt(4) == 0) {
      add(query, "careerMinMonths", Integer.toString(random.nextInt(40)));
    }
    if (random.nextInt(5) == 0) {
      add(query, "affiliationKind", AffiliationKind.values()[random.nextInt(4)].name());
    }
    return filters(query.toString());
  }

  private static OpenedPost randomPost(Random random, int id) {
    Set<HairService> services = EnumSet.noneOf(HairService.class);
    services.add(HairService.values()[random.nextInt(4)]);
    if (random.nextBoolean()) {
      services.add(HairService.values()[random.nextInt(4)]);
    }
    int price = random.nextInt(3) == 0 ? 0 : random.nextInt(7) * 5_000;
    return new OpenedPost(id, 1, "post", services, price, NOW.plus(Duration.ofDays(1 + random.nextInt(30))), "OPEN",
        SIDO[random.nextInt(SIDO.length)], SIGUNGU[random.nextInt(SIGUNGU.length)], null,
        37.45 + random.nextDouble() * 0.2, 126.9 + random.nextDouble() * 0.25, random.nextInt(40),
        AffiliationKind.values()[random.nextInt(4)]);
  }

  private static void add(StringBuilder query, String name, String value) {
    query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(value);
  }

  static PostSearchQuery filters(String query) {
    JsonObject params = new JsonObject();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        String[] parts = pair.split("=", 2);
        params.put(parts[0], parts[1].replace("%2B", "+"));
      }
    }
    return PostSearchQuery.from(params);
  }
}
