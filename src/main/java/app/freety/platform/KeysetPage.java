package app.freety.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** {items, nextCursor} from a page's rows plus one: the extra row only says that another page follows. */
public final class KeysetPage {
  private static final StreamedJson.SizeHint WRITTEN_PAGES = new StreamedJson.SizeHint();

  private KeysetPage() {
  }

  public static JsonObject of(List<Row> rows, int limit, Function<Row, JsonObject> item,
      Function<Row, String> cursorAfter) {
    JsonArray items = new JsonArray();
    rows.stream().limit(limit).forEach(row -> items.add(item.apply(row)));
    return new JsonObject().put("items", items).put("nextCursor", nextCursor(rows, limit, cursorAfter));
  }

  /** The same page written straight as JSON, each item an object of the fields given. */
  public static Buffer write(List<Row> rows, int limit, StreamedJson.Fields<Row> itemFields,
      Function<Row, String> cursorAfter) {
    return write(rows, limit, row -> true, itemFields, cursorAfter);
  }

  /**
   * As {@link #write(List, int, StreamedJson.Fields, Function)}, leaving out the rows not shown; the
   * cursor still follows the last row read, so the next page starts where this one's reading ended.
   */
  public static Buffer write(List<Row> rows, int limit, Predicate<Row> shown, StreamedJson.Fields<Row> itemFields,
      Function<Row, String> cursorAfter) {
    String next = nextCursor(rows, limit, cursorAfter);
    return StreamedJson.write(WRITTEN_PAGES, json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("items");
      for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
        if (!shown.test(row)) {
          continue;
        }
        json.writeStartObject();
        itemFields.write(json, row);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("nextCursor", next);
      json.writeEndObject();
    });
  }

  private static String nextCursor(List<Row> rows, int limit, Function<Row, String> cursorAfter) {
    return rows.size() > limit ? cursorAfter.apply(rows.get(limit - 1)) : null;
  }
}
