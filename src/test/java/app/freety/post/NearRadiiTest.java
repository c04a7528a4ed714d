package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NearRadiiTest {
  private final NearRadii radii = new NearRadii();

  @Test
  void aFirstPageStartsWhereTheLastOneAroundTheSameCellWasFull() {
    PostSearchQuery here = query("37.5665,126.9780", 3, null);
    assertEquals(0.5, radii.start(here, 0.5), "nothing remembered yet");
    radii.filled(here, 0.5, 2);
    assertEquals(2, radii.start(here, 0.5));
    assertEquals(2, radii.start(query("37.5669,126.9783", 3, null), 0.5), "another point in the same ~1 km cell");
    assertEquals(0.5, radii.start(query("37.5865,126.9780", 3, null), 0.5), "another cell");
    assertEquals(0.5, radii.start(query("37.5665,126.9780", 3, "CUT"), 0.5), "another search");
    assertEquals(1, radii.start(query("37.5665,126.9780", 1, null), 0.5), "never past the query's radius");
  }

  @Test
  void aRadiusFoundByWideningReplacesTheRememberedOne() {
    PostSearchQuery here = query("35.1000,129.0300", 10, null);
    radii.filled(here, 0.5, 4);
    radii.filled(here, 4, 8);
    assertEquals(8, radii.start(here, 0.5));
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
