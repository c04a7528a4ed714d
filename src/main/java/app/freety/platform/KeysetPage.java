package app.freety.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.function.Function;

/** {items, nextCursor} from a page's rows plus one: the extra row only says that another page follows. */
public final class KeysetPage {
  private KeysetPage() {
  }

  public static JsonObject of(List<Row> rows, int limit, Function<Row, JsonObject> item,
      Function<Row, String> cursorAfter) {
    JsonArray items = new JsonArray();
    rows.stream().limit(limit).forEach(row -> items.add(item.apply(row)));
    String next = rows.size() > limit ? cursorAfter.apply(rows.get(limit - 1)) : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }
}
