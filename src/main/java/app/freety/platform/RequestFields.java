package app.freety.platform;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the fields of a JSON request into typed values, collecting every problem (unknown field,
 * wrong type, out of range) so the client learns them all at once. Call {@link #throwIfInvalid()}
 * before using the values.
 */
public final class RequestFields {
  private final JsonObject json;
  private final String prefix;
  private final List<FieldError> errors;

  private RequestFields(JsonObject json, String prefix, List<FieldError> errors, Set<String> allowed) {
    this.json = json;
    this.prefix = prefix;
    this.errors = errors;
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        errors.add(new FieldError(prefix + name, "is not a known field"));
      }
    }
  }

  public static RequestFields of(JsonObject json, String... allowed) {
    return new RequestFields(json, "", new ArrayList<>(), Set.copyOf(Arrays.asList(allowed)));
  }

  /** The fields of a nested object, reporting problems as parent.child; null when absent or null. */
  public RequestFields object(String name, String... allowed) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject child)) {
      fail(name, "must be an object");
      return null;
    }
    return new RequestFields(child, prefix + name + ".", errors, Set.copyOf(Arrays.asList(allowed)));
  }

  public boolean has(String name) {
    return json.containsKey(name);
  }

  public boolean isNull(String name) {
    return json.containsKey(name) && json.getValue(name) == null;
  }

  public String requiredText(String name, int minLength, int maxLength) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, "is required");
      return null;
    }
    return optionalText(name, minLength, maxLength);
  }

  /** Trimmed text; null when absent or null. Control characters other than newlines are refused. */
  public String optionalText(String name, int minLength, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String raw)) {
      fail(name, "must be a string");
      return null;
    }
    String text = raw.strip();
    int length = text.codePointCount(0, text.length());
    if (length < minLength) {
      fail(name, minLength == 1 ? "must not be blank" : "must be at least " + minLength + " characters");
    } else if (length > maxLength) {
      fail(name, "must be at most " + maxLength + " characters");
    } else if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      fail(name, "must not contain control characters");
    }
    return text;
  }

  /** The exact string, untrimmed (passwords, tokens); null when absent. */
  public String requiredRaw(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      fail(name, "is required");
      return null;
    }
    if (!(value instanceof String raw)) {
      fail(name, "must be a string");
      return null;
    }
    return raw;
  }

  public Integer requiredInt(String name, int min, int max) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, "is required");
      return null;
    }
    return optionalInt(name, min, max);
  }

  public Integer optionalInt(String name, int min, int max) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || Math.abs(number.doubleValue()) > Integer.MAX_VALUE) {
      fail(name, "must be an integer");
      return null;
    }
    int whole = number.intValue();
    if (whole < min || whole > max) {
      fail(name, "must be between " + min + " and " + max);
      return null;
    }
    return whole;
  }

  public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, "is required");
      return null;
    }
    return optionalEnum(name, type);
  }

  public <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
          return constant;
        }
      }
    }
    fail(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
    return null;
  }

  public void fail(String name, String message) {
    errors.add(new FieldError(prefix + name, message));
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw Failure.invalid(errors);
    }
  }
}
