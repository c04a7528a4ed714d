package app.freety.post;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/** Paging of a model's picks, newest pick first. */
record MyPicksQuery(String cursor, int limit) implements FeatureRequest {

  static MyPicksQuery from(JsonObject params) {
    RequestFields fields = RequestFields.of(params, "cursor", "limit");
    String cursor = fields.optionalText("cursor", 1, 1000);
    Integer limit = fields.optionalIntParam("limit", 1, PostSearchQuery.LIMIT_MAX);
    fields.throwIfInvalid();
    return new MyPicksQuery(cursor, limit == null ? PostSearchQuery.LIMIT_DEFAULT : limit);
  }
}
