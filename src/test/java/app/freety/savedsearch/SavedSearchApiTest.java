package app.freety.savedsearch;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.savedsearch.SavedSearches.Member;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST, GET and DELETE /api/v1/me/saved-searches: who may, what is checked, the limit. */
class SavedSearchApiTest {
  private static TestServer server;
  private static SavedSearches searches;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    searches = new SavedSearches(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aModelSavesASearchSeesItListedAndDeletesIt() {
    Member model = searches.model();
    JsonObject body = new JsonObject().put("name", "강남 무료 컷").put("services", new JsonArray().add("CUT").add("PERM"))
        .put("sido", "서울특별시").put("sigungu", "강남구").put("priceMax", 0).put("q", "히피펌 Layered")
        .put("near", "37.5172,127.0473").put("radiusKm", 2.5).put("from", "2026-12-24T14:00:00+09:00");
    HttpResponse<Buffer> created = searches.save(model, body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject saved = created.bodyAsJsonObject();
    assertEquals("/api/v1/me/saved-searches/" + saved.getLong("id"), created.getHeader("Location"));
    assertEquals("강남 무료 컷", saved.getString("name"));
    assertNull(saved.getString("lastNotifiedAt"));
    JsonObject filters = saved.getJsonObject("filters");
    assertEquals(new JsonArray().add("CUT").add("PERM"), filters.getJsonArray("services"));
    assertEquals(0, filters.getInteger("priceMax"));
    assertEquals("히피펌 layered", filters.getString("q"));
    assertEquals(2.5, filters.getDouble("radiusKm"));
    assertEquals("2026-12-24T05:00:00.000Z", filters.getString("from"));
    assertTrue(saved.getString("searchQuery").startsWith("services=CUT%2CPERM&sido="), saved.getString("searchQuery"));
    assertEquals(8, filters.size(), filters.encode());

    // The searchQuery is a search GET /posts takes as it is.
    HttpResponse<Buffer> search = Await.result(server.api().get("/posts?" + saved.getString("searchQuery"), model.token()));
    assertEquals(200, search.statusCode(), search.bodyAsString());

    JsonObject list = searches.list(model).bodyAsJsonObject();
    assertEquals(List.of(saved.getLong("id")), ids(list));
    assertNull(list.getValue("nextCursor"));

    assertEquals(204, searches.delete(model, saved.getLong("id")).statusCode());
    assertEquals(List.of(), ids(searches.list(model).bodyAsJsonObject()));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM saved_search_key WHERE saved_search_id = ?", saved.getLong("id")));
  }

  @Test
  void filtersAreCheckedByTheSearchsOwnRulesAndEachBadOneIsNamed() {
    Member model = searches.model();
    assertInvalidField(searches.save(model, new JsonObject().put("priceMin", "cheap")), "priceMin");
    assertInvalidField(searches.save(model, new JsonObject().put("priceMin", 20000).put("priceMax", 10000)), "priceMax");
    assertInvalidField(searches.save(model, new JsonObject().put("services", new JsonArray().add("SHAVE"))), "services");
    assertInvalidField(searches.save(model, new JsonObject().put("radiusKm", 3)), "radiusKm");
    assertInvalidField(searches.save(model, new JsonObject().put("near", "somewhere")), "near");
    assertInvalidField(searches.save(model, new JsonObject().put("from", "tomorrow")), "from");
    assertInvalidField(searches.save(model, new JsonObject().put("affiliationKind", "GUILD")), "affiliationKind");
    assertInvalidField(searches.save(model, new JsonObject().put("q", "!!!")), "q");
    assertInvalidField(searches.save(model, new JsonObject().put("colour", "blue")), "colour");
    assertInvalidField(searches.save(model, new JsonObject().put("sort", "latest")), "sort");
    assertInvalidField(searches.save(model, new JsonObject().put("limit", 5)), "limit");

    JsonObject both = assertProblem(searches.save(model, new JsonObject().put("name", "x".repeat(51))
        .put("priceMax", -1)), 400);
    assertEquals(List.of("name", "priceMax"), both.getJsonArray("errors").stream()
        .map(error -> ((JsonObject) error).getString("field")).sorted().collect(Collectors.toList()));
    assertEquals(List.of(), ids(searches.list(model).bodyAsJsonObject()));
  }

  @Test
  void filtersMayComeAsTheTextOfQueryParameters() {
    Member model = searches.model();
    JsonObject saved = searches.saved(model, new JsonObject().put("services", "dye,cut").put("priceMin", "5000")
        .put("careerMinMonths", "12").put("near", "37.5,127.0"));
    JsonObject filters = saved.getJsonObject("filters");
    assertEquals(new JsonArray().add("CUT").add("DYE"), filters.getJsonArray("services"));
    assertEquals(5000, filters.getInteger("priceMin"));
    assertEquals(12, filters.getInteger("careerMinMonths"));
    assertEquals(3.0, filters.getDouble("radiusKm"));
  }

  @Test
  void aModelKeepsAtMostTenSavedSearches() {
    Member model = searches.model();
    for (int i = 0; i < 10; i++) {
      searches.saved(model, new JsonObject().put("name", "search " + i).put("priceMax", i * 1000));
    }
    JsonObject problem = assertProblem(searches.save(model, new JsonObject().put("name", "one too many")), 409);
    assertEquals("https://freety.app/problems/saved-search-limit", problem.getString("type"));
    assertEquals(10, ids(searches.list(model).bodyAsJsonObject()).size());

    // Another model's searches do not count against this one.
    searches.saved(searches.model(), new JsonObject().put("name", "mine"));
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyGetsTheSameSavedSearch() {
    Member model = searches.model();
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("sigungu", "마포구");
    HttpResponse<Buffer> first = searches.save(model, body, key);
    HttpResponse<Buffer> again = searches.save(model, body, key);
    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertEquals(201, again.statusCode(), again.bodyAsString());
    assertEquals(first.bodyAsJsonObject().getLong("id"), again.bodyAsJsonObject().getLong("id"));
    assertEquals(1, ids(searches.list(model).bodyAsJsonObject()).size());
    assertProblem(searches.save(model, new JsonObject().put("sigungu", "서초구"), key), 422);
  }

  @Test
  void designersSaveNoSearches() {
    Member designer = searches.designer();
    assertProblem(searches.save(designer, new JsonObject().put("sigungu", "강남구")), 403);
    assertProblem(searches.list(designer), 403);
    assertProblem(searches.delete(designer, 1), 403);
  }

  @Test
  void anotherModelsSavedSearchLooksLikeNone() {
    Member owner = searches.model();
    Member other = searches.model();
    long id = searches.saved(owner, new JsonObject().put("sigungu", "송파구")).getLong("id");
    assertProblem(searches.delete(other, id), 404);
    assertEquals(List.of(), ids(searches.list(other).bodyAsJsonObject()));
    assertEquals(List.of(id), ids(searches.list(owner).bodyAsJsonObject()));
    assertProblem(searches.delete(owner, id + 1_000_000), 404);
    assertInvalidField(searches.delete(owner, 0), "savedSearchId");
  }

  @Test
  void aDeletedAccountLeavesNoSavedSearchBehind() {
    Member model = searches.model();
    long id = searches.saved(model, new JsonObject().put("sigungu", "중구")).getLong("id");
    HttpResponse<Buffer> deleted = Await.result(server.api().delete("/me", model.token(),
        new JsonObject().put("password", "correct horse")));
    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM saved_search WHERE id = ?", id));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM saved_search_key WHERE saved_search_id = ?", id));
  }

  private static List<Long> ids(JsonObject list) {
    return list.getJsonArray("items").stream().map(item -> ((JsonObject) item).getLong("id")).toList();
  }
}
