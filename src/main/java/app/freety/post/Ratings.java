package app.freety.post;

import app.freety.platform.StreamedJson;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** A designer's rating as pages and lists show it, from the count and sum kept with the profile. */
public final class Ratings {
  private Ratings() {
  }

  /** {average (two decimals, null without reviews), count}. */
  public static JsonObject summary(int count, int sum) {
    return new JsonObject().put("average", average(count, sum)).put("count", count);
  }

  /** {@link #summary} written straight to a list's JSON. */
  static void writeSummary(JsonGenerator json, int count, int sum) throws IOException {
    json.writeStartObject();
    StreamedJson.numberField(json, "average", average(count, sum));
    json.writeNumberField("count", count);
    json.writeEndObject();
  }

  private static Double average(int count, int sum) {
    return count == 0 ? null : Math.round(sum * 100.0 / count) / 100.0;
  }
}
