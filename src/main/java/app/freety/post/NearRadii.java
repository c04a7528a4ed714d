package app.freety.post;

import app.freety.platform.RecentValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The circle that last held a first page of nearest-first, per ~1 km square around the point and
 * per search (the same filters and page size), for a few minutes. Nearest-first starts with a
 * small circle and doubles it until the page is full: 1.85 statements a search on the benchmark's
 * mix, each planned anew by the database. The posts inside a circle that holds the page are the
 * nearest of all, so the answer is the same from any start that holds it.
 *
 * <p>What is kept, for the latest searches of a square, is the smallest circle that held their
 * page: its centre and the distance of the first post past the page. Around another point of the
 * same square, a circle one step farther (the distance between the two centres) contains that
 * one, so it holds a page too, unless posts were closed since (then the search goes on doubling);
 * the search starts with the smallest such circle. Kept as doubling steps, the circle was up to
 * twice the one needed, four times its posts.
 */
final class NearRadii {
  /** Keys: squares of 0.01° (about 1.1 × 0.9 km in Seoul); the circles they share are found by distance. */
  private static final int SQUARES_PER_DEGREE = 100;
  /** Past the floating point of the distance the database computed for the last post. */
  private static final double SLACK_KM = 0.001;
  /** The latest circles of a square: around a busy place, a recent one was usually drawn close by. */
  private static final int CIRCLES_PER_SQUARE = 8;
  private final RecentValues<String, List<Circle>> circles = new RecentValues<>(Duration.ofMinutes(5), 20_000);

  private record Circle(double lat, double lng, double radiusKm) {
  }

  /**
   * The radius to start a first page with: one that holds a page if the recent circles around here
   * still do, else the smallest; never past the query's.
   */
  double start(PostSearchQuery query, double smallestKm) {
    PostSearchQuery.Near near = query.near();
    List<Circle> held = circles.get(key(query));
    if (held == null) {
      return Math.min(near.radiusKm(), smallestKm);
    }
    double smallestHolding = Double.MAX_VALUE;
    for (Circle circle : held) {
      double stepKm = Geo.distanceKm(circle.lat(), circle.lng(), near.lat(), near.lng());
      smallestHolding = Math.min(smallestHolding, circle.radiusKm() + stepKm + SLACK_KM);
    }
    return Math.min(near.radiusKm(), smallestHolding);
  }

  /**
   * A first page was read: heldKm is the distance of the first post past it (the smallest circle
   * that holds the page), or the query's radius when that held fewer than a page. Kept whether it
   * grew or shrank: a circle that shrinks follows posts that grew denser.
   */
  void held(PostSearchQuery query, double heldKm) {
    PostSearchQuery.Near near = query.near();
    String key = key(query);
    List<Circle> latest = new ArrayList<>(CIRCLES_PER_SQUARE);
    latest.add(new Circle(near.lat(), near.lng(), heldKm));
    List<Circle> earlier = circles.get(key);
    if (earlier != null) {
      earlier.stream().filter(circle -> circle.lat() != near.lat() || circle.lng() != near.lng())
          .limit(CIRCLES_PER_SQUARE - 1).forEach(latest::add);
    }
    circles.put(key, List.copyOf(latest));
  }

  private static String key(PostSearchQuery query) {
    PostSearchQuery.Near near = query.near();
    return (long) Math.floor(near.lat() * SQUARES_PER_DEGREE) + ":" + (long) Math.floor(near.lng() * SQUARES_PER_DEGREE)
        + "|" + query.limit() + "|" + query.fingerprintAnywhere();
  }
}
