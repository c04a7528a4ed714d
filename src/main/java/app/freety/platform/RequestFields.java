package app.freety.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
        errors.add(new FieldError(prefix + name, Phrase.of(MessageId.FIELD_UNKNOWN)));
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
      fail(name, MessageId.FIELD_NOT_OBJECT);
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
      fail(name, MessageId.FIELD_REQUIRED);
      return null;
    }
    return optionalText(name, minLength, maxLength);
  }

  /**
   * Trimmed text; null when absent or null. Control characters other than newlines, and lone
   * surrogates, are refused.
   */
  public String optionalText(String name, int minLength, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String raw)) {
      fail(name, MessageId.FIELD_NOT_STRING);
      return null;
    }
    String text = raw.strip();
    int length = text.codePointCount(0, text.length());
    if (hasLoneSurrogate(text)) {
      fail(name, MessageId.FIELD_NOT_UNICODE);
    } else if (length < minLength) {
      if (minLength == 1) {
        fail(name, MessageId.FIELD_BLANK);
      } else {
        fail(name, MessageId.FIELD_TOO_SHORT, minLength);
      }
    } else if (length > maxLength) {
      fail(name, MessageId.FIELD_TOO_LONG, maxLength);
    } else if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      fail(name, MessageId.FIELD_CONTROL_CHARACTERS);
    }
    return text;
  }

  /** The exact string, untrimmed (passwords, tokens); null when absent. Lone surrogates are refused. */
  public String requiredRaw(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      fail(name, MessageId.FIELD_REQUIRED);
      return null;
    }
    if (!(value instanceof String raw)) {
      fail(name, MessageId.FIELD_NOT_STRING);
      return null;
    }
    if (hasLoneSurrogate(raw)) {
      fail(name, MessageId.FIELD_NOT_UNICODE);
    }
    return raw;
  }

  public Integer requiredInt(String name, int min, int max) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, MessageId.FIELD_REQUIRED);
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
      fail(name, MessageId.FIELD_NOT_INTEGER);
      return null;
    }
    int whole = number.intValue();
    if (whole < min || whole > max) {
      fail(name, MessageId.FIELD_OUT_OF_RANGE, min, max);
      return null;
    }
    return whole;
  }

  /** A JSON true or false (not text); null when absent or null. */
  public Boolean optionalBoolean(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean flag)) {
      fail(name, MessageId.FIELD_NOT_BOOLEAN);
      return null;
    }
    return flag;
  }

  public Long requiredLong(String name, long min, long max) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, MessageId.FIELD_REQUIRED);
      return null;
    }
    return optionalLong(name, min, max);
  }

  /** A whole JSON number (ids); null when absent. */
  public Long optionalLong(String name, long min, long max) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || Math.abs(number.doubleValue()) > Long.MAX_VALUE) {
      fail(name, MessageId.FIELD_NOT_INTEGER);
      return null;
    }
    long whole = number.longValue();
    if (whole < min || whole > max) {
      fail(name, MessageId.FIELD_OUT_OF_RANGE, min, max);
      return null;
    }
    return whole;
  }

  public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, MessageId.FIELD_REQUIRED);
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
    fail(name, MessageId.FIELD_ONE_OF, Arrays.toString(type.getEnumConstants()));
    return null;
  }

  /** A whole number sent as text (query parameters); null when absent. */
  public Long optionalLongParam(String name, long min, long max) {
    String text = optionalText(name, 1, 20);
    if (text == null) {
      return null;
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        fail(name, MessageId.FIELD_OUT_OF_RANGE, min, max);
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      fail(name, MessageId.FIELD_NOT_WHOLE_NUMBER);
      return null;
    }
  }

  public Integer optionalIntParam(String name, int min, int max) {
    Long value = optionalLongParam(name, min, max);
    return value == null ? null : value.intValue();
  }

  /** A decimal number sent as text; null when absent. */
  public Double optionalDoubleParam(String name, double min, double max) {
    String text = optionalText(name, 1, 32);
    if (text == null) {
      return null;
    }
    Double value = parseDecimal(text);
    if (value == null) {
      fail(name, MessageId.FIELD_NOT_NUMBER);
      return null;
    }
    if (value < min || value > max) {
      fail(name, MessageId.FIELD_OUT_OF_RANGE, min, max);
      return null;
    }
    return value;
  }

  /** An ISO-8601 time with an offset (2026-12-24T14:00:00+09:00), as text or JSON string. */
  public Instant optionalTime(String name) {
    String text = optionalText(name, 1, 40);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      fail(name, MessageId.FIELD_NOT_TIME);
      return null;
    }
  }

  public Instant requiredTime(String name) {
    if (!json.containsKey(name) || json.getValue(name) == null) {
      fail(name, MessageId.FIELD_REQUIRED);
      return null;
    }
    return optionalTime(name);
  }

  /** A JSON number (not text) within a range; null when absent. */
  public Double requiredDouble(String name, double min, double max) {
    Object value = json.getValue(name);
    if (value == null) {
      fail(name, MessageId.FIELD_REQUIRED);
      return null;
    }
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      fail(name, MessageId.FIELD_NOT_NUMBER);
      return null;
    }
    double result = number.doubleValue();
    if (result < min || result > max) {
      fail(name, MessageId.FIELD_OUT_OF_RANGE, min, max);
      return null;
    }
    return result;
  }

  /** A JSON array of strings; null when absent. */
  public List<String> optionalStringList(String name, int maxItems) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      fail(name, MessageId.FIELD_NOT_ARRAY);
      return null;
    }
    if (array.size() > maxItems) {
      fail(name, MessageId.FIELD_TOO_MANY_ITEMS, maxItems);
      return null;
    }
    List<String> items = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text)) {
        fail(name, MessageId.FIELD_NOT_STRINGS);
        return null;
      }
      if (hasLoneSurrogate(text)) {
        fail(name, MessageId.FIELD_NOT_UNICODE);
        return null;
      }
      items.add(text.strip());
    }
    return items;
  }

  /**
   * JSON lets a string carry half of a surrogate pair (U+D800 without its partner), which is no
   * character: MariaDB's utf8mb4 conversion stores it as "?", so what is saved would differ from
   * what was sent.
   */
  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** A finite decimal number written in plain digits (no NaN, Infinity or hex); null otherwise. */
  public static Double parseDecimal(String text) {
    try {
      double value = Double.parseDouble(text.strip());
      return Double.isFinite(value) && !text.matches(".*[a-zA-Z].*") ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public void fail(String name, MessageId message, Object... args) {
    errors.add(new FieldError(prefix + name, Phrase.of(message, args)));
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw Failure.invalid(errors);
    }
  }
}
