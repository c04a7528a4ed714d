package app.freety.post;

import io.vertx.core.json.JsonObject;

/** A designer's rating as pages and lists show it, from the count and sum kept with the profile. */
public final class Ratings {
  private Ratings() {
  }

  /** {average (two decimals, null without reviews), count}. */
  public static JsonObject summary(int count, int sum) {
    Double average = count == 0 ? null : Math.round(sum * 100.0 / count) / 100.0;
    return new JsonObject().put("average", average).put("count", count);
  }
}
