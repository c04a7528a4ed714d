package app.freety.post;

import app.freety.media.MediaJson;
import app.freety.platform.ObjectStorage;
import app.freety.platform.StreamedJson;
import app.freety.platform.Times;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows as the API shows them: list items, and the detail that extends them. */
final class PostJson {
  private final ObjectStorage storage;
  private final ListItemCache itemCache;

  PostJson(ObjectStorage storage, ListItemCache itemCache) {
    this.storage = storage;
    this.itemCache = itemCache;
  }

  JsonObject item(Row row) {
    JsonObject item = new JsonObject()
        .put("id", row.getLong("id"))
        .put("title", row.getString("title"))
        .put("services", new JsonArray(Arrays.asList((Object[]) row.getString("services").split(","))))
        .put("price", row.getInteger("price"))
        .put("appointmentAt", Times.toApi(row.getLocalDateTime("appointment_at")))
        .put("durationMinutes", row.getInteger("duration_minutes"))
        .put("capacity", row.getInteger("capacity"))
        .put("remainingSeats", row.getInteger("capacity") - row.getInteger("accepted_count"))
        .put("applicationCount", row.getInteger("application_count"))
        .put("status", row.getString("status"))
        .put("location", new PostLocation(row.getString("sido"), row.getString("sigungu"), row.getString("dong"),
            row.getString("address"), row.getDouble("lat"), row.getDouble("lng")).toJson())
        .put("pickCount", row.getInteger("pick_count"))
        .put("mainPhotoUrl", storage.url(row.getString("main_photo_key")))
        .put("mainPhotoThumbnailUrl", storage.url(row.getString("main_photo_thumbnail_key")))
        .put("designer", designer(row))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")));
    int distanceColumn = row.getColumnIndex(PostSearchSql.DISTANCE_COLUMN);
    if (distanceColumn >= 0) {
      item.put("distanceKm", distanceKm(row, distanceColumn));
    }
    return item;
  }

  /**
   * The fields of {@link #item}, written straight to a list's JSON: a page of 20 with photos costs
   * about 0.7 of the time of building and encoding its tree, and half the allocation
   * (bench/search/PageEncoding.java). Those read from the post row are written once per version of
   * the row and kept ({@link ListItemCache}); the row's version comes with it as post_version. The
   * detail keeps the tree it extends; PostJsonTest keeps the two writing the same bytes.
   */
  StreamedJson.Fields<Row> items(List<Row> rows) {
    ItemColumns columns = rows.isEmpty() ? null : ItemColumns.of(rows.get(0));
    return (json, row) -> writeItemFields(json, row, columns);
  }

  /**
   * Where a page's rows hold the columns read for every item, found once a page: the client looks
   * a name up by comparing it with each column's in turn, a few hundred times a page.
   */
  private record ItemColumns(int id, int version, int createdAt, int distance) {
    static ItemColumns of(Row row) {
      return new ItemColumns(row.getColumnIndex("id"), row.getColumnIndex("post_version"),
          row.getColumnIndex("created_at"), row.getColumnIndex(PostSearchSql.DISTANCE_COLUMN));
    }
  }

  /**
   * The items of a search's key rows (PostSearchSql.KEY_COLUMNS), each written from the fields
   * found for its post ({@link #keptFields}, else {@link #fieldsOf} its whole row). The caller
   * leaves out the rows of posts it found no fields for.
   */
  StreamedJson.Fields<Row> items(List<Row> keyRows, Map<Long, byte[]> fieldsByPost) {
    ItemColumns columns = keyRows.isEmpty() ? null : ItemColumns.of(keyRows.get(0));
    return (json, row) -> writeItemFields(json, row, columns, fieldsByPost.get(row.getLong(columns.id())));
  }

  /** The fields this node keeps for the post at exactly this version, or null. */
  byte[] keptFields(long postId, LocalDateTime version) {
    return itemCache.get(postId, version);
  }

  /** The fields written from the post's whole row, kept under the version the row has. */
  byte[] fieldsOf(Row wholeRow) {
    byte[] fields = StreamedJson.leadingFields(this::writeRowFields, wholeRow);
    itemCache.put(wholeRow.getLong("id"), wholeRow.getLocalDateTime("post_version"), fields);
    return fields;
  }

  private void writeItemFields(JsonGenerator json, Row row, ItemColumns columns) throws IOException {
    writeItemFields(json, row, columns, rowFields(row, columns));
  }

  private static void writeItemFields(JsonGenerator json, Row row, ItemColumns columns, byte[] fields)
      throws IOException {
    StreamedJson.writeLeadingFields(json, fields);
    json.writeStringField("createdAt", Times.toApi(row.getLocalDateTime(columns.createdAt())));
    if (columns.distance() >= 0) {
      json.writeNumberField("distanceKm", distanceKm(row, columns.distance()));
    }
  }

  private byte[] rowFields(Row row, ItemColumns columns) {
    LocalDateTime version = columns.version() < 0 ? null : row.getLocalDateTime(columns.version());
    byte[] cached = version == null ? null : keptFields(row.getLong(columns.id()), version);
    if (cached != null) {
      return cached;
    }
    return version == null ? StreamedJson.leadingFields(this::writeRowFields, row) : fieldsOf(row);
  }

  /** Every field of an item but createdAt and distanceKm, in the order {@link #item} puts them. */
  private void writeRowFields(JsonGenerator json, Row row) throws IOException {
    json.writeNumberField("id", row.getLong("id"));
    json.writeStringField("title", row.getString("title"));
    json.writeArrayFieldStart("services");
    for (String service : row.getString("services").split(",")) {
      json.writeString(service);
    }
    json.writeEndArray();
    StreamedJson.numberField(json, "price", row.getInteger("price"));
    json.writeStringField("appointmentAt", Times.toApi(row.getLocalDateTime("appointment_at")));
    StreamedJson.numberField(json, "durationMinutes", row.getInteger("duration_minutes"));
    StreamedJson.numberField(json, "capacity", row.getInteger("capacity"));
    json.writeNumberField("remainingSeats", row.getInteger("capacity") - row.getInteger("accepted_count"));
    StreamedJson.numberField(json, "applicationCount", row.getInteger("application_count"));
    json.writeStringField("status", row.getString("status"));
    json.writeFieldName("location");
    new PostLocation(row.getString("sido"), row.getString("sigungu"), row.getString("dong"),
        row.getString("address"), row.getDouble("lat"), row.getDouble("lng")).writeTo(json);
    StreamedJson.numberField(json, "pickCount", row.getInteger("pick_count"));
    storage.writeUrlField(json, "mainPhotoUrl", row.getString("main_photo_key"));
    storage.writeUrlField(json, "mainPhotoThumbnailUrl", row.getString("main_photo_thumbnail_key"));
    json.writeFieldName("designer");
    writeDesigner(json, row);
  }

  private static double distanceKm(Row row, int column) {
    return Math.round(row.getDouble(column) * 1000) / 1000.0;
  }

  /**
   * The post from the rows of {@link PostSql#DETAIL} (the same post on each, one photo per row), as
   * every caller sees it: without pickedByMe, so it can be shared (see {@link #seenBy}).
   */
  JsonObject detail(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    JsonArray photos = new JsonArray();
    rows.forEach(photo -> {
      if (photo.getLong("photo_id") != null) {
        photos.add(MediaJson.image(storage, photo.getString("photo_key"), photo.getString("photo_thumbnail_key"))
            .put("id", photo.getLong("photo_id")).put("isMain", photo.getBoolean("photo_is_main")));
      }
    });
    return item(row)
        .put("content", row.getString("content"))
        .put("photos", photos)
        .put("updatedAt", Times.toApi(row.getLocalDateTime("updated_at")));
  }

  /**
   * The detail one caller gets: a shared detail (never changed, perhaps cached) and their own
   * pickedByMe, last. Every path builds it this way, so equal data is equal bytes (and ETags).
   */
  static JsonObject seenBy(JsonObject detail, boolean pickedByMe) {
    return new JsonObject(new LinkedHashMap<>(detail.getMap())).put("pickedByMe", pickedByMe);
  }

  private JsonObject designer(Row row) {
    return new JsonObject()
        .put("id", row.getLong("designer_id"))
        .put("name", row.getString("designer_name"))
        .put("photoUrl", storage.url(row.getString("designer_photo_key")))
        .put("affiliationKind", row.getString("affiliation_kind"))
        .put("affiliationName", row.getString("affiliation_name"))
        .put("careerMonths", row.getInteger("career_months"))
        .put("rating", Ratings.summary(zeroIfAbsent(row, "rating_count"), zeroIfAbsent(row, "rating_sum")));
  }

  private void writeDesigner(JsonGenerator json, Row row) throws IOException {
    json.writeStartObject();
    json.writeNumberField("id", row.getLong("designer_id"));
    json.writeStringField("name", row.getString("designer_name"));
    storage.writeUrlField(json, "photoUrl", row.getString("designer_photo_key"));
    json.writeStringField("affiliationKind", row.getString("affiliation_kind"));
    json.writeStringField("affiliationName", row.getString("affiliation_name"));
    StreamedJson.numberField(json, "careerMonths", row.getInteger("career_months"));
    json.writeFieldName("rating");
    Ratings.writeSummary(json, zeroIfAbsent(row, "rating_count"), zeroIfAbsent(row, "rating_sum"));
    json.writeEndObject();
  }

  /**
   * A count the post copies from its designer (post.DesignerCopies). A post written by a release
   * before migration V17, during a rolling restart, has none until it is copied: no reviews yet.
   */
  private static int zeroIfAbsent(Row row, String column) {
    Integer value = row.getInteger(column);
    return value == null ? 0 : value;
  }
}
