package app.freety.savedsearch;

import app.freety.platform.Failure;
import app.freety.platform.FeatureRequest;
import app.freety.platform.FieldError;
import app.freety.platform.MessageId;
import app.freety.platform.Phrase;
import app.freety.platform.RequestFields;
import app.freety.post.PostSearchQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A search to keep: an optional name and the filters of GET /posts, validated by the search's own
 * record ({@link PostSearchQuery#from}), so a saved search accepts and refuses exactly what the
 * search does. The body carries the filters as JSON members named like the query parameters;
 * numbers may be JSON numbers and services a JSON array.
 */
public record SaveSearch(String name, PostSearchQuery filters) implements FeatureRequest {
  static final int NAME_MAX = 50;
  /** Parameters of GET /posts that choose the page or the order, not the posts. */
  private static final List<String> NOT_FILTERS = List.of("status", "sort", "cursor", "limit");

  public static SaveSearch from(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    JsonObject parameters = new JsonObject();
    body.forEach(member -> {
      if (NOT_FILTERS.contains(member.getKey())) {
        errors.add(new FieldError(member.getKey(), Phrase.of(MessageId.FIELD_UNKNOWN)));
      } else if (!member.getKey().equals("name") && member.getValue() != null) {
        parameters.put(member.getKey(), asParameter(member.getKey(), member.getValue()));
      }
    });
    String name = name(body, errors);
    PostSearchQuery filters = null;
    try {
      filters = PostSearchQuery.from(parameters);
    } catch (Failure invalid) {
      errors.addAll(invalid.errors());
    }
    if (!errors.isEmpty()) {
      throw Failure.invalid(errors);
    }
    return new SaveSearch(name, filters);
  }

  private static String name(JsonObject body, List<FieldError> errors) {
    RequestFields fields = RequestFields.of(new JsonObject().put("name", body.getValue("name")), "name");
    String name = fields.optionalText("name", 1, NAME_MAX);
    try {
      fields.throwIfInvalid();
    } catch (Failure invalid) {
      errors.addAll(invalid.errors());
    }
    return name;
  }

  /**
   * A member as the query parameter's text: numbers in plain digits, services as a
   * comma-separated list. Anything else goes as it is, and the search's checks refuse it by name.
   */
  private static Object asParameter(String field, Object value) {
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    if (field.equals("services") && value instanceof JsonArray array
        && array.stream().allMatch(String.class::isInstance)) {
      return array.stream().map(String.class::cast).collect(Collectors.joining(","));
    }
    return value;
  }
}
