package app.freety.post;

import app.freety.platform.RecentValues;
import java.time.Duration;

/**
 * The radius that last filled a page of nearest-first, per ~1 km cell of the point and per search
 * (the same filters and page size), for a few minutes. Nearest-first starts with a small circle
 * and doubles it until the page is full: 1.85 statements a search on the benchmark's mix, each
 * planned anew by the database. Starting at the remembered radius finds the same page, since the
 * posts inside a circle that fills it are the nearest of all, usually in one statement. Where the
 * posts have thinned since, it goes on doubling from there.
 */
final class NearRadii {
  private final RecentValues<String, Double> radii = new RecentValues<>(Duration.ofMinutes(5), 20_000);

  /** The radius to start a first page with: the remembered one, else the smallest; never past the query's. */
  double start(PostSearchQuery query, double smallestKm) {
    Double remembered = radii.get(key(query));
    double start = remembered == null ? smallestKm : Math.max(smallestKm, remembered);
    return Math.min(query.near().radiusKm(), start);
  }

  /**
   * The radius at which a first page that started at startKm was full (or the query's own, when
   * even that was not). A remembered radius that sufficed again is not renewed: it is forgotten
   * within minutes, and the next search tries the small circle again, in case the posts have grown
   * denser since.
   */
  void filled(PostSearchQuery query, double startKm, double filledKm) {
    String key = key(query);
    if (filledKm != startKm || radii.get(key) == null) {
      radii.put(key, filledKm);
    }
  }

  private static String key(PostSearchQuery query) {
    return Geo.cellOf(query.near().lat(), query.near().lng()) + "|" + query.limit() + "|"
        + query.fingerprintAnywhere();
  }
}
