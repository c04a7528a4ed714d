package app.freety.post;

import static app.freety.support.Posts.ids;
import static app.freety.support.Posts.search;
import static app.freety.support.Problems.assertInvalidField;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SearchBadInputTest {
  private static TestServer server;
  private static String token;
  private static String sido;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    String designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
    sido = Posts.uniqueSido();
    Posts.create(server, designer, Posts.post("O'Brien's 100% free cut_", "quotes ' \" and % _ \\ in text",
        List.of("CUT"), 0, Instant.now().plus(Duration.ofDays(2)), sido, "중구", 37.56, 126.97));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyParameterIsCheckedAndNamed() {
    bad("services=WAX", "services");
    bad("services=", "services");
    bad("sido=" + "x".repeat(21), "sido");
    bad("sigungu=" + "x".repeat(31), "sigungu");
    bad("priceMin=-1", "priceMin");
    bad("priceMin=abc", "priceMin");
    bad("priceMax=1000001", "priceMax");
    bad("priceMin=500&priceMax=100", "priceMax");
    bad("from=tomorrow", "from");
    bad("from=2026-12-01T10:00:00", "from");
    bad("to=" + encode("2026-12-01T10:00:00+09:00") + "&from=" + encode("2026-12-02T10:00:00+09:00"), "to");
    bad("careerMinMonths=-3", "careerMinMonths");
    bad("affiliationKind=PRISON", "affiliationKind");
    bad("q=" + "x".repeat(101), "q");
    bad("q=" + encode("!!! ???"), "q");
    bad("q=a+b+c+d+e+f", "q");
    bad("near=37.5", "near");
    bad("near=91,127", "near");
    bad("near=NaN,127", "near");
    bad("radiusKm=3", "radiusKm");
    bad("near=37.5,127&radiusKm=0", "radiusKm");
    bad("near=37.5,127&radiusKm=101", "radiusKm");
    bad("status=DELETED", "status");
    bad("status=CANCELLED", "status");
    bad("designerId=0", "designerId");
    bad("designerId=x", "designerId");
    bad("sort=random", "sort");
    bad("sort=nearest", "sort");
    bad("limit=0", "limit");
    bad("limit=51", "limit");
    bad("cursor=abc", "cursor");
    bad("colour=red", "colour");
    bad("limit=5&limit=6", "limit");
  }

  @Test
  void sqlMetacharactersAreTreatedAsPlainText() {
    long posts = TestDatabase.count("SELECT COUNT(*) FROM post");
    assertEquals(List.of(), ids(search(server, token, "q=" + encode("'; DROP TABLE post; --"))));
    assertEquals(List.of(), ids(search(server, token, "sido=" + encode("' OR '1'='1"))));
    assertEquals(List.of(), ids(search(server, token, "sigungu=" + encode("\\' OR 1=1 #"))));
    assertEquals(1, ids(search(server, token, "sido=" + encode(sido) + "&q=" + encode("o'brien"))).size());
    assertEquals(1, ids(search(server, token, "sido=" + encode(sido) + "&q=100")).size());
    bad("sido=" + encode(sido) + "&q=" + encode("%"), "q");
    bad("cursor=" + encode("' OR 1=1 --"), "cursor");
    assertEquals(posts, TestDatabase.count("SELECT COUNT(*) FROM post"));
  }

  @Test
  void aCursorIsBoundToItsSearch() {
    String designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
    for (int i = 0; i < 2; i++) {
      Posts.create(server, designer, Posts.post("Perm " + i, "practice", List.of("PERM"), 0,
          Instant.now().plus(Duration.ofDays(2)), sido, "중구", 37.56, 126.97));
    }
    String cursor = search(server, token, "sido=" + encode(sido) + "&limit=1").bodyAsJsonObject().getString("nextCursor");
    bad("sido=" + encode(sido) + "&limit=1&sort=priceAsc&cursor=" + encode(cursor), "cursor");
    bad("sido=" + encode(sido) + "&limit=1&services=CUT&cursor=" + encode(cursor), "cursor");
    String tampered = cursor.substring(0, cursor.indexOf('.') - 2) + "AA" + cursor.substring(cursor.indexOf('.'));
    bad("sido=" + encode(sido) + "&limit=1&cursor=" + encode(tampered), "cursor");
    assertEquals(1, ids(search(server, token, "sido=" + encode(sido) + "&limit=1&cursor=" + encode(cursor))).size());
  }

  private static void bad(String query, String field) {
    assertInvalidField(search(server, token, query), field);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
