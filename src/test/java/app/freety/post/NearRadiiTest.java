package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NearRadiiTest {
  private final NearRadii radii = new NearRadii();

  @Test
  void aFirstPageStartsWithTheCircleThatHeldTheLastOneAroundTheSamePoint() {
    PostSearchQuery here = query("37.5665,126.9780", 3, null);
    assertEquals(0.5, radii.start(here, 0.5), "nothing remembered yet");
    radii.held(here, 0.27);
    assertEquals(0.27, radii.start(here, 0.5), 0.002,
        "the same point: the same circle, smaller than the smallest first one");
    assertEquals(0.5, radii.start(query("37.5865,126.9780", 3, null), 0.5), "another square");
    assertEquals(0.5, radii.start(query("37.5665,126.9780", 3, "CUT"), 0.5), "another search");
    assertEquals(0.2, radii.start(query("37.5665,126.9780", 0.2, null), 0.5), "never past the query's radius");
  }

  @Test
  void anotherPointOfTheSameSquareWidensTheCircleByTheirDistance() {
    radii.held(query("37.5665,126.9780", 3, null), 0.3);
    PostSearchQuery nearby = query("37.5669,126.9789", 3, null);
    double apartKm = Geo.distanceKm(37.5665, 126.9780, 37.5669, 126.9789);
    assertTrue(apartKm > 0.05, "the points are " + apartKm + " km apart");
    assertEquals(0.3 + apartKm, radii.start(nearby, 0.5), 0.002,
        "every post of the held circle lies within this one, around the other point");
  }

  @Test
  void aPointStartsFromTheRecentCircleOfItsSquareThatGivesTheSmallestStart() {
    radii.held(query("37.5651,126.9751", 3, null), 0.2);
    radii.held(query("37.5699,126.9799", 3, null), 1.5);
    double fromSmallKm = 0.2 + Geo.distanceKm(37.5651, 126.9751, 37.5695, 126.9795);
    assertEquals(fromSmallKm, radii.start(query("37.5695,126.9795", 3, null), 0.5), 0.002,
        "0.2 km plus 0.6 km of step, not 1.5 km plus a few metres");
  }

  @Test
  void theLatestCircleIsKeptWhetherItGrewOrShrank() {
    PostSearchQuery here = query("35.1000,129.0300", 10, null);
    radii.held(here, 4);
    assertEquals(4, radii.start(here, 0.5), 0.002);
    radii.held(here, 0.8);
    assertEquals(0.8, radii.start(here, 0.5), 0.002, "posts grew denser");
    radii.held(here, 10);
    assertEquals(10, radii.start(here, 0.5), "fewer than a page in the whole radius: start there");
  }

  private static PostSearchQuery query(String near, double radiusKm, String services) {
    JsonObject params = new JsonObject().put("near", near).put("radiusKm", String.valueOf(radiusKm))
        .put("sort", "nearest");
    if (services != null) {
      params.put("services", services);
    }
    return PostSearchQuery.from(params);
  }
}
