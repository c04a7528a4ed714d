package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.CursorCodec;
import app.freety.platform.Database;
import app.freety.platform.FreetyConfig;
import app.freety.platform.KeysetPage;
import app.freety.platform.ObjectStorage;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A search reads key rows; a page's items come from the JSON this node keeps at the version the
 * search read, and only the others from their whole rows, read by id. Against the real database:
 * posts published through the server, the search and the item reads as the server runs them.
 */
class PageItemsTest {
  private static TestServer server;
  private static String designer;
  private static Vertx vertx;
  private static JsonObject dbConfig;
  private static Pool pool;
  private static ObjectStorage storage;
  private static PostSearchReader searches;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
    vertx = Vertx.vertx();
    JsonObject config = Await.result(FreetyConfig.load(vertx, new JsonObject().put("mode", "development")));
    dbConfig = config.getJsonObject("db").copy().put("uri", TestDatabase.get().uri());
    pool = Database.createPool(vertx, dbConfig);
    storage = ObjectStorage.create(vertx, config.getJsonObject("s3"));
    searches = new PostSearchReader(pool, new CursorCodec(config.getJsonObject("jwt").getString("secret")));
  }

  @AfterAll
  static void stop() {
    storage.close();
    Await.result(vertx.close());
    server.close();
  }

  @Test
  void itemsKeptAtTheVersionSearchedAreWrittenWithoutReadingTheirRows() {
    String place = publishThreePostsIn("keep");
    PageItems items = new PageItems(newPostJson());
    List<Row> keyRows = search(place, 10);
    assertEquals(3, keyRows.size());
    assertEquals(-1, keyRows.get(0).getColumnIndex("title"), "a search reads no item column");

    PageItems.Found firstRead = Await.result(items.of(pool, keyRows, 10));
    assertEquals(3, firstRead.fields().size(), "nothing kept yet: every item from its row");
    JsonObject page = new JsonObject(writePage(keyRows, 10, firstRead));
    assertEquals(List.of("keep 3", "keep 2", "keep 1"),
        page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("title")).toList());

    // A closed pool answers no statement: the second read can only come from what the first kept.
    Pool closed = Database.createPool(vertx, dbConfig);
    Await.result(closed.close());
    PageItems.Found keptRead = Await.result(items.of(closed, keyRows, 10));
    for (Row row : keyRows) {
      long postId = row.getLong("id");
      assertSame(firstRead.fields().get(postId), keptRead.fields().get(postId), "post " + postId);
    }
    assertEquals(page, new JsonObject(writePage(keyRows, 10, keptRead)));
  }

  @Test
  void aPostGoneBetweenItsSearchAndItsRowIsLeftOutWhileTheCursorFollowsTheRowsRead() {
    String place = publishThreePostsIn("gone");
    List<Row> keyRows = search(place, 2);
    assertEquals(3, keyRows.size(), "a page of 2 and the row that says another follows");
    long gone = keyRows.get(0).getLong("id");
    long kept = keyRows.get(1).getLong("id");
    TestDatabase.get().execute("DELETE FROM post WHERE id = " + gone);

    PageItems.Found found = Await.result(new PageItems(newPostJson()).of(pool, keyRows, 2));
    assertFalse(found.has(keyRows.get(0)));
    assertTrue(found.has(keyRows.get(1)));
    JsonObject page = new JsonObject(writePage(keyRows, 2, found));
    assertEquals(List.of(kept), page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getLong("id"))
        .toList());
    assertEquals("after-" + kept, page.getString("nextCursor"));
  }

  @Test
  void anEmptySearchReadsNoItems() {
    List<Row> none = search(Posts.uniqueSido(), 10);
    PageItems.Found found = Await.result(new PageItems(newPostJson()).of(pool, none, 10));
    assertTrue(found.fields().isEmpty());
    assertNull(new JsonObject(writePage(none, 10, found)).getString("nextCursor"));
  }

  private static String publishThreePostsIn(String title) {
    String place = Posts.uniqueSido();
    Instant at = Instant.now().plus(Duration.ofDays(3));
    for (int i = 1; i <= 3; i++) {
      Posts.create(server, designer, Posts.post(title + " " + i, "연습 모델", List.of("CUT"), 1000 * i, at, place,
          "종로구", 37.57, 126.98));
    }
    return place;
  }

  private static List<Row> search(String place, int limit) {
    PostSearchQuery query = PostSearchQuery.from(new JsonObject().put("sido", place).put("limit", String.valueOf(limit)));
    return Await.result(searches.rows(query, Instant.now()));
  }

  private static String writePage(List<Row> keyRows, int limit, PageItems.Found found) {
    return KeysetPage.write(keyRows, limit, found::has, newPostJson().items(keyRows, found.fields()),
        last -> "after-" + last.getLong("id")).toString();
  }

  private static PostJson newPostJson() {
    return new PostJson(storage, new ListItemCache(1_000, 60_000, Clock.systemUTC()));
  }
}
