package app.freety.post;

import static app.freety.support.Posts.ids;
import static app.freety.support.Posts.search;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Posts at known distances from a point: a radius search returns exactly those inside, nearest first.
 * Every search also names the posts' own sido, so posts other tests or earlier runs left near the
 * point never join the answer.
 */
class NearSearchTest {
  /** Distances from the centre in km, in every direction; 3.4 and 5.0 lie outside a 3 km radius. */
  private static final double[][] PLACES = {
      {2.6, 0}, {0.2, 90}, {3.4, 180}, {0.9, 270}, {1.7, 45}, {5.0, 135}, {2.95, 315}};
  private static TestServer server;
  private static String token;
  private static double centreLat;
  private static double centreLng;
  private static String sido;
  private static final List<Long> ids = new ArrayList<>();
  private static final List<double[]> positions = new ArrayList<>();

  @BeforeAll
  static void placePosts() {
    server = TestServer.start();
    // Somewhere in the sea off Korea that no other test uses.
    centreLat = 34 + ThreadLocalRandom.current().nextDouble(0, 2);
    centreLng = 124 + ThreadLocalRandom.current().nextDouble(0, 1);
    String designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
    token = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    sido = Posts.uniqueSido();
    for (double[] place : PLACES) {
      double[] position = offset(centreLat, centreLng, place[0], place[1]);
      positions.add(position);
      ids.add(Posts.create(server, designer, Posts.post("Cut " + place[0] + " km", "practice", List.of("CUT"), 0,
          Instant.now().plus(Duration.ofDays(3)), sido, "해안구", position[0], position[1])).getLong("id"));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void nearestReturnsExactlyThePostsInsideTheRadiusByDistance() {
    HttpResponse<Buffer> page = search(server, token, near(3) + "&sort=nearest");
    List<Long> expected = List.of(ids.get(1), ids.get(3), ids.get(4), ids.get(0), ids.get(6));
    assertEquals(expected, ids(page));
    JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
    double previous = -1;
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      double[] position = positions.get(ids.indexOf(item.getLong("id")));
      double expectedKm = Geo.distanceKm(centreLat, centreLng, position[0], position[1]);
      assertEquals(expectedKm, item.getDouble("distanceKm"), 0.01);
      assertEquals(PLACES[ids.indexOf(item.getLong("id"))][0], item.getDouble("distanceKm"), 0.01);
      assertEquals(true, item.getDouble("distanceKm") >= previous);
      previous = item.getDouble("distanceKm");
    }
  }

  @Test
  void otherSortsKeepTheRadiusAndReportDistances() {
    HttpResponse<Buffer> page = search(server, token, near(3) + "&sort=latest");
    assertEquals(List.of(ids.get(6), ids.get(4), ids.get(3), ids.get(1), ids.get(0)), ids(page));
    page.bodyAsJsonObject().getJsonArray("items").forEach(item ->
        assertEquals(true, ((JsonObject) item).getDouble("distanceKm") <= 3.0));
    assertEquals(7, ids(search(server, token, near(6) + "&sort=latest")).size());
    assertEquals(List.of(ids.get(1)), ids(search(server, token, near(0.5) + "&sort=nearest")));
  }

  @Test
  void nearestPagesContinueWhereTheLastEnded() {
    assertEquals(List.of(ids.get(1), ids.get(3), ids.get(4), ids.get(0), ids.get(6), ids.get(2), ids.get(5)),
        everyPage(near(6) + "&sort=nearest&limit=2"));
  }

  /**
   * A circle remembered from an earlier page (NearRadii) is only where the next search starts: a
   * post placed nearer since comes first, and pages still follow by distance.
   */
  @Test
  void aRememberedCircleStillFindsANearerPostPlacedSince() {
    Spot spot = Spot.atSea();
    long at900m = spot.placeAt(0.9);
    long at1700m = spot.placeAt(1.7);
    for (int i = 0; i < 4; i++) {
      assertEquals(List.of(at900m), ids(search(server, token, spot.nearestFirstOneByOne())),
          "held within 1.7 km, and remembered");
    }
    long at300m = spot.placeAt(0.3);
    assertEquals(List.of(at300m, at900m, at1700m), everyPage(spot.nearestFirstOneByOne()));
  }

  /**
   * The remembered circle is the smallest that held the last page: once a post inside it closes,
   * it holds less than a page, and the search widens it instead of answering short.
   */
  @Test
  void aRememberedCircleThatLostAPostIsWidened() {
    Spot spot = Spot.atSea();
    long at100m = spot.placeAt(0.1);
    long at150m = spot.placeAt(0.15);
    long at2500m = spot.placeAt(2.5);
    assertEquals(List.of(at100m), ids(search(server, token, spot.nearestFirstOneByOne())),
        "held within 150 m, and remembered");
    HttpResponse<Buffer> closed = Await.result(server.client().post("/api/v1/posts/" + at100m + "/close")
        .putHeader("Authorization", "Bearer " + spot.designer()).send());
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
    assertEquals(List.of(at150m, at2500m), everyPage(spot.nearestFirstOneByOne()));
  }

  /** A random point at sea with a sido of its own, and a designer who places posts around it. */
  private record Spot(double lat, double lng, String place, String designer) {
    static Spot atSea() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      return new Spot(34 + random.nextDouble(0, 2), 124 + random.nextDouble(0, 1), Posts.uniqueSido(),
          server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken"));
    }

    long placeAt(double distanceKm) {
      return NearSearchTest.placeAt(designer, place, lat, lng, distanceKm);
    }

    String nearestFirstOneByOne() {
      return "sido=" + URLEncoder.encode(place, StandardCharsets.UTF_8) + "&near=" + lat + "," + lng
          + "&radiusKm=6&sort=nearest&limit=1";
    }
  }

  /** The ids of every page of a search, following its cursors. */
  private static List<Long> everyPage(String search) {
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<Buffer> page = search(server, token, search
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      seen.addAll(ids(page));
      cursor = page.bodyAsJsonObject().getString("nextCursor");
    } while (cursor != null);
    return seen;
  }

  private static long placeAt(String designer, String place, double lat, double lng, double distanceKm) {
    double[] position = offset(lat, lng, distanceKm, 60);
    return Posts.create(server, designer, Posts.post("Cut " + distanceKm + " km", "practice", List.of("CUT"), 0,
        Instant.now().plus(Duration.ofDays(3)), place, "해안구", position[0], position[1])).getLong("id");
  }

  private static String near(double radiusKm) {
    return "sido=" + URLEncoder.encode(sido, StandardCharsets.UTF_8) + "&near=" + centreLat + "," + centreLng
        + "&radiusKm=" + radiusKm;
  }

  /** The point distanceKm away from (lat, lng) on the given bearing (degrees from north). */
  private static double[] offset(double lat, double lng, double distanceKm, double bearingDegrees) {
    double angular = distanceKm / Geo.EARTH_RADIUS_KM;
    double bearing = Math.toRadians(bearingDegrees);
    double lat1 = Math.toRadians(lat);
    double lng1 = Math.toRadians(lng);
    double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
    double lng2 = lng1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
        Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
    return new double[] {Math.toDegrees(lat2), Math.toDegrees(lng2)};
  }
}
