package app.freety.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Something the server says to a person, before it is put into words: a message id and the values
 * of its placeholders. An argument is a text taken as it is (a number, a field name, an enum
 * value) or another phrase, worded in the same language (a provider's name, a status).
 */
public record Phrase(MessageId id, List<Object> args) {

  public Phrase {
    args = List.copyOf(args);
    for (Object arg : args) {
      if (!(arg instanceof String) && !(arg instanceof Phrase)) {
        throw new IllegalArgumentException("A phrase argument is a String or a Phrase: " + arg);
      }
    }
  }

  /** Numbers become text here, as Java writes them (1.5, -90.0): never grouped, whatever the language. */
  public static Phrase of(MessageId id, Object... args) {
    List<Object> values = new ArrayList<>(args.length);
    for (Object arg : args) {
      if (arg instanceof MessageId nested) {
        values.add(new Phrase(nested, List.of()));
      } else if (arg instanceof Phrase nested) {
        values.add(nested);
      } else {
        values.add(String.valueOf(arg));
      }
    }
    return new Phrase(id, values);
  }

  /** In the given language, from the bundles. */
  public String in(Language language) {
    return ProblemBundles.render(this, language);
  }

  /** The bus form: {"id": "...", "args": [text or nested phrase, ...]}. */
  public JsonObject toJson() {
    JsonArray values = new JsonArray();
    args.forEach(arg -> values.add(arg instanceof Phrase nested ? nested.toJson() : arg));
    return new JsonObject().put("id", id.name()).put("args", values);
  }

  /** Reads the bus form back; null when it is not one (another version's problem, or none). */
  public static Phrase fromJson(Object json) {
    if (!(json instanceof JsonObject object) || !(object.getValue("id") instanceof String name)) {
      return null;
    }
    MessageId id = MessageId.named(name);
    JsonArray values = object.getValue("args") instanceof JsonArray array ? array : new JsonArray();
    if (id == null || values.size() != ProblemBundles.placeholders(id)) {
      return null;
    }
    List<Object> args = new ArrayList<>(values.size());
    for (Object value : values) {
      Object arg = value instanceof String text ? text : fromJson(value);
      if (arg == null) {
        return null;
      }
      args.add(arg);
    }
    return new Phrase(id, args);
  }
}
