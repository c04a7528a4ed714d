package app.freety.savedsearch;

import app.freety.post.Geo;
import app.freety.post.HairService;
import app.freety.platform.Times;
import app.freety.post.PostSearchQuery;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The keys of the saved_search_key index. A saved search is filed under every (area, service,
 * price bucket) it covers; a post is looked up under the few keys it could be filed under. A key
 * only narrows the saved searches down to candidates: {@link SearchPredicate} then checks every
 * filter exactly, so a key may cover more than its search (a cell beyond the circle, a bucket
 * beyond the price range), never less.
 */
final class SearchKeys {
  /** service and price_bucket 0: the saved search does not filter on it. */
  static final int ANY = 0;
  static final String ANY_AREA = "*";
  /** Cells of the near-me key: 0.05° (about 5.6 km north-south, 4.4 km east-west in Seoul). */
  static final double CELL_DEGREES = 0.05;
  private static final long CELLS_PER_ROW = Math.round(360 / CELL_DEGREES);
  /** A circle needing more cells (a radius beyond about 15 km in Seoul) is filed under any area. */
  static final int MAX_CELLS = 64;
  /** Rows one saved search may add; beyond, price and then services are filed under any. */
  static final int MAX_KEYS = 256;
  /** A post is looked up under this many areas, services and buckets (padded): one fixed statement. */
  static final int PROBE_AREAS = 5;
  static final int PROBE_SERVICES = HairService.values().length + 1;
  static final int PROBE_BUCKETS = 2;

  /**
   * Lower bounds of the price buckets (KRW), 1 to 10: free, then narrow where most posts are (45 %
   * free, 45 % from 5,000 to 30,000 in the benchmark's Seoul), wide above.
   */
  private static final int[] BUCKET_FLOORS = {0, 1, 5_000, 10_000, 15_000, 20_000, 30_000, 50_000, 100_000, 200_000};

  record Key(String area, int service, int priceBucket) {
  }

  /**
   * The search's ranges, carried by each of its key rows so the range read drops keys whose search
   * cannot match the post: price, appointment window, the box around the near-me circle. Open ends
   * are the widest values a column holds.
   */
  record Ranges(int priceMin, int priceMax, LocalDateTime from, LocalDateTime to, double south, double north,
      double west, double east) {
    static final LocalDateTime EARLIEST = LocalDateTime.of(1000, 1, 1, 0, 0);
    static final LocalDateTime LATEST = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000);

    static Ranges of(PostSearchQuery filters) {
      double[] box = filters.near() == null ? new double[] {-90, 90, -180, 180}
          : Geo.box(filters.near().lat(), filters.near().lng(), filters.near().radiusKm());
      return new Ranges(filters.priceMin() == null ? 0 : filters.priceMin(),
          filters.priceMax() == null ? Integer.MAX_VALUE : filters.priceMax(),
          filters.from() == null ? EARLIEST : Times.toDb(filters.from()),
          filters.to() == null ? LATEST : Times.toDb(filters.to()), box[0], box[1], box[2], box[3]);
    }
  }

  /** What a post is looked up under: exactly PROBE_AREAS, PROBE_SERVICES and PROBE_BUCKETS values. */
  record Probe(List<String> areas, List<Integer> services, List<Integer> buckets) {
  }

  private SearchKeys() {
  }

  /** Every key a saved search with these filters is filed under (at most MAX_KEYS). */
  static List<Key> of(PostSearchQuery filters) {
    List<String> areas = areas(filters);
    List<Integer> services = services(filters.services());
    List<Integer> buckets = buckets(filters.priceMin(), filters.priceMax());
    if (areas.size() * services.size() * buckets.size() > MAX_KEYS) {
      buckets = List.of(ANY);
    }
    if (areas.size() * services.size() * buckets.size() > MAX_KEYS) {
      services = List.of(ANY);
    }
    List<Key> keys = new ArrayList<>(areas.size() * services.size() * buckets.size());
    for (String area : areas) {
      for (int service : services) {
        for (int bucket : buckets) {
          keys.add(new Key(area, service, bucket));
        }
      }
    }
    return keys;
  }

  /** The keys a post at this place, with these services and price, may be filed under. */
  static Probe probe(String sido, String sigungu, double lat, double lng, Set<HairService> services, int price) {
    List<String> areas = List.of(district(sido, sigungu), sigunguAnywhere(sigungu), sidoArea(sido),
        cellArea(cellOf(lat, lng)), ANY_AREA);
    List<Integer> serviceKeys = new ArrayList<>(PROBE_SERVICES);
    services.forEach(service -> serviceKeys.add(serviceKey(service)));
    while (serviceKeys.size() < PROBE_SERVICES) {
      serviceKeys.add(ANY);
    }
    return new Probe(areas, serviceKeys, List.of(bucketOf(price), ANY));
  }

  /**
   * A district filter is exact, so it is the key; near-me without one is filed under the cells its
   * circle's box touches; neither, under any area.
   */
  private static List<String> areas(PostSearchQuery filters) {
    if (filters.sigungu() != null) {
      return List.of(filters.sido() != null ? district(filters.sido(), filters.sigungu())
          : sigunguAnywhere(filters.sigungu()));
    }
    if (filters.sido() != null) {
      return List.of(sidoArea(filters.sido()));
    }
    if (filters.near() != null) {
      List<Long> cells = cellsAround(filters.near());
      if (cells != null) {
        return cells.stream().map(SearchKeys::cellArea).toList();
      }
    }
    return List.of(ANY_AREA);
  }

  /** The cells the circle's box touches; null when they are more than MAX_CELLS. */
  private static List<Long> cellsAround(PostSearchQuery.Near near) {
    double[] box = Geo.box(near.lat(), near.lng(), near.radiusKm());
    long firstRow = rowOf(Math.max(-90, box[0]));
    long lastRow = rowOf(Math.min(89.999_999, box[1]));
    long west = columnOf(Math.max(-180, box[2]));
    long east = columnOf(Math.min(179.999_999, box[3]));
    long count = (lastRow - firstRow + 1) * (east - west + 1);
    if (count > MAX_CELLS) {
      return null;
    }
    List<Long> cells = new ArrayList<>((int) count);
    for (long row = firstRow; row <= lastRow; row++) {
      for (long column = west; column <= east; column++) {
        cells.add(row * CELLS_PER_ROW + column);
      }
    }
    return cells;
  }

  static long cellOf(double lat, double lng) {
    return rowOf(lat) * CELLS_PER_ROW + columnOf(lng);
  }

  private static long rowOf(double lat) {
    return (long) Math.floor((lat + 90) / CELL_DEGREES);
  }

  private static long columnOf(double lng) {
    return (long) Math.floor((lng + 180) / CELL_DEGREES);
  }

  private static List<Integer> services(Set<HairService> services) {
    if (services == null) {
      return List.of(ANY);
    }
    return services.stream().map(SearchKeys::serviceKey).toList();
  }

  static int serviceKey(HairService service) {
    return service.ordinal() + 1;
  }

  /** The buckets a price range touches; no range at all is any bucket. */
  private static List<Integer> buckets(Integer priceMin, Integer priceMax) {
    if (priceMin == null && priceMax == null) {
      return List.of(ANY);
    }
    int first = bucketOf(priceMin == null ? 0 : priceMin);
    int last = priceMax == null ? BUCKET_FLOORS.length : bucketOf(priceMax);
    List<Integer> buckets = new ArrayList<>(last - first + 1);
    for (int bucket = first; bucket <= last; bucket++) {
      buckets.add(bucket);
    }
    return buckets;
  }

  /** 1 for free, up to 10 for 200,000 and more. */
  static int bucketOf(int price) {
    int bucket = 1;
    while (bucket < BUCKET_FLOORS.length && price >= BUCKET_FLOORS[bucket]) {
      bucket++;
    }
    return bucket;
  }

  // Names compare as the database does (utf8mb4_unicode_ci ignores case); '|' may occur in a name,
  // which can only make a key cover more, never less.
  private static String district(String sido, String sigungu) {
    return "d|" + lower(sido) + "|" + lower(sigungu);
  }

  private static String sigunguAnywhere(String sigungu) {
    return "g|" + lower(sigungu);
  }

  private static String sidoArea(String sido) {
    return "s|" + lower(sido);
  }

  private static String cellArea(long cell) {
    return "c|" + cell;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
