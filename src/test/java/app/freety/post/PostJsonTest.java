package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.freety.platform.FreetyConfig;
import app.freety.platform.KeysetPage;
import app.freety.platform.ObjectStorage;
import app.freety.platform.StreamedJson;
import app.freety.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.internal.ArrayTuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A list page is written straight as JSON while the detail extends the item's tree: both must
 * give the same bytes for the same rows, whatever is null, missing or non-ASCII.
 */
class PostJsonTest {
  private static final List<String> ITEM_COLUMNS = List.of("id", "designer_id", "title", "services", "price",
      "appointment_at", "duration_minutes", "capacity", "accepted_count", "application_count", "status", "sido",
      "sigungu", "dong", "address", "lat", "lng", "pick_count", "created_at", "designer_name", "affiliation_kind",
      "affiliation_name", "career_months", "rating_count", "rating_sum", "main_photo_key", "main_photo_thumbnail_key",
      "designer_photo_key", "post_version");
  private static final Function<Row, String> CURSOR = last -> "after-" + last.getLong("id");
  private static final LocalDateTime VERSION_1 = LocalDateTime.of(2026, 11, 30, 6, 0, 0, 123_456_000);
  private static final LocalDateTime VERSION_2 = VERSION_1.plusNanos(1_000);

  private static Vertx vertx;
  private static ObjectStorage storage;
  private static PostJson json;

  @BeforeAll
  static void presignLikeTheServer() {
    vertx = Vertx.vertx();
    JsonObject config = Await.result(FreetyConfig.load(vertx, new JsonObject().put("mode", "development")));
    storage = ObjectStorage.create(vertx, config.getJsonObject("s3"));
    json = new PostJson(storage, new ListItemCache(1_000, 60_000, Clock.systemUTC()));
  }

  @AfterAll
  static void close() {
    storage.close();
    Await.result(vertx.close());
  }

  @Test
  void aPageOfPostsWithAndWithoutPhotosIsWrittenAsItsTreeEncodes() {
    List<Row> rows = List.of(
        item(List.of(), 41L, "[무료] 레이어드 컷트 \"모델\" 구합니다\n", "CUT,PERM,DYE", "역삼동", 12, 40, "posts/7/a.jpg",
            "posts/7/a.jpg.thumb.jpg", "profile/7/b.jpg"),
        item(List.of(), 40L, "Free cut ✂ for my portfolio", "ETC", null, 0, 0, null, null, null),
        item(List.of(), 39L, "히피펌", "PERM", "서교동", 3, 13, "posts/8/c.webp", null, null));

    String page = KeysetPage.write(rows, 2, json.items(rows), CURSOR).toString();

    assertEquals(KeysetPage.of(rows, 2, json::item, CURSOR).encode(), page);
    JsonObject first = new JsonObject(page).getJsonArray("items").getJsonObject(0);
    assertNotNull(first.getString("mainPhotoUrl"));
    assertEquals(3.33, first.getJsonObject("designer").getJsonObject("rating").getDouble("average"));
    assertNull(new JsonObject(page).getJsonArray("items").getJsonObject(1).getValue("mainPhotoUrl"));
    assertEquals("after-40", new JsonObject(page).getString("nextCursor"));
  }

  @Test
  void theLastPageOfANearSearchCarriesDistancesAndNoCursor() {
    List<Row> rows = List.of(item(List.of("distance_km"), 7L, "단발 컷트", "CUT", null, 5, 21, null, null,
        "profile/3/d.jpg", 0.123456));

    String page = KeysetPage.write(rows, 20, json.items(rows), CURSOR).toString();

    assertEquals(KeysetPage.of(rows, 20, json::item, CURSOR).encode(), page);
    assertEquals(0.123, new JsonObject(page).getJsonArray("items").getJsonObject(0).getDouble("distanceKm"));
    assertNull(new JsonObject(page).getString("nextCursor"));
  }

  @Test
  void itemsWrittenAgainFromTheirKeptBytesAreTheSameAndFollowedByTheirOwnFields() {
    List<Row> rows = List.of(
        item(List.of("picked_at"), 61L, "투블럭 컷 모델", "CUT", "서교동", 1, 5, "posts/9/e.jpg", null, null,
            LocalDateTime.of(2026, 11, 29, 1, 2, 3)),
        item(List.of("picked_at"), 60L, "애쉬 염색", "DYE", null, 0, 0, null, null, "profile/9/f.jpg",
            LocalDateTime.of(2026, 11, 28, 1, 2, 3)));
    StreamedJson.Fields<Row> items = json.items(rows);
    StreamedJson.Fields<Row> picked = (item, row) -> {
      items.write(item, row);
      item.writeStringField("pickedAt", row.getLocalDateTime("picked_at").toString());
    };
    Function<Row, JsonObject> pickedTree = row -> json.item(row).put("pickedAt", row.getLocalDateTime("picked_at").toString());

    String first = KeysetPage.write(rows, 20, picked, CURSOR).toString();
    String again = KeysetPage.write(rows, 20, picked, CURSOR).toString();

    assertEquals(KeysetPage.of(rows, 20, pickedTree, CURSOR).encode(), first);
    assertEquals(first, again);
  }

  @Test
  void anItemIsWrittenFromItsRowAgainOnlyWhenTheRowHasAnotherVersion() {
    Row before = item(List.of(), 71L, "단발 펌 모델", "PERM", null, 0, 0, null, null, null);
    Row edited = withVersion(item(List.of(), 71L, "단발 펌 모델 (마감 임박)", "PERM", null, 0, 0, null, null, null),
        VERSION_1);
    Row editedAndMoved = withVersion(item(List.of(), 71L, "단발 펌 모델 (마감 임박)", "PERM", null, 0, 0, null, null,
        null), VERSION_2);

    assertEquals("단발 펌 모델", titleOnPage(before));
    assertEquals("단발 펌 모델", titleOnPage(edited), "the bytes kept for a version are that version's");
    assertEquals("단발 펌 모델 (마감 임박)", titleOnPage(editedAndMoved));
  }

  private static String titleOnPage(Row row) {
    return new JsonObject(KeysetPage.write(List.of(row), 20, json.items(List.of(row)), CURSOR).toString())
        .getJsonArray("items").getJsonObject(0).getString("title");
  }

  private static Row withVersion(Row row, LocalDateTime version) {
    TestRow test = (TestRow) row;
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      values.add(i == test.getColumnIndex("post_version") ? version : test.getValue(i));
    }
    return new TestRow(test.columns, values);
  }

  @Test
  void anEmptyPageIsWrittenAsItsTreeEncodes() {
    assertEquals(KeysetPage.of(List.of(), 20, json::item, CURSOR).encode(),
        KeysetPage.write(List.of(), 20, json.items(List.of()), CURSOR).toString());
  }

  private static Row item(List<String> extraColumns, long id, String title, String services, String dong,
      int ratingCount, int ratingSum, String mainKey, String thumbnailKey, String designerPhotoKey, Object... extras) {
    List<String> columns = new ArrayList<>(ITEM_COLUMNS);
    columns.addAll(extraColumns);
    LocalDateTime at = LocalDateTime.of(2026, 12, 24, 5, 30, 0, 120_000_000);
    List<Object> values = new ArrayList<>(List.of(id, 7L, title, services, 15_000, at, 90, 3, 1L, 4L, "OPEN",
        "서울특별시", "강남구"));
    values.add(dong);
    values.addAll(List.of("서울특별시 강남구 역삼동 12길 3, 2층", 37.50123456789, 127.0276, 12, at.minusDays(30), "김민준",
        "SALON", "라온헤어 강남구점", 18, (long) ratingCount, (long) ratingSum));
    values.add(mainKey);
    values.add(thumbnailKey);
    values.add(designerPhotoKey);
    values.add(VERSION_1);
    values.addAll(List.of(extras));
    return new TestRow(columns, values);
  }

  /** A row as the MySQL client hands it over: values by position, found by column name. */
  private static final class TestRow extends ArrayTuple implements Row {
    private final List<String> columns;

    TestRow(List<String> columns, List<Object> values) {
      super(values);
      this.columns = columns;
    }

    @Override
    public String getColumnName(int pos) {
      return columns.get(pos);
    }

    @Override
    public int getColumnIndex(String column) {
      return columns.indexOf(column);
    }
  }
}
