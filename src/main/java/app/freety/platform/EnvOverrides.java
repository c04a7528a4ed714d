package app.freety.platform;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps FREETY_* environment variables onto the configuration tree: every leaf of the defaults has
 * one variable, its path in upper snake case (http.port → FREETY_HTTP_PORT,
 * auth.bcryptCost → FREETY_AUTH_BCRYPT_COST). Values are parsed to the type of the default.
 */
public final class EnvOverrides {
  private static final String PREFIX = "FREETY";

  private EnvOverrides() {
  }

  public static JsonObject apply(JsonObject defaults, JsonObject environment) {
    JsonObject result = defaults.copy();
    overrideLeaves(result, PREFIX, environment);
    return result;
  }

  /** The variable of one setting, for messages that name both (push.fcm.projectId → FREETY_PUSH_FCM_PROJECT_ID). */
  public static String variableFor(String path) {
    StringBuilder name = new StringBuilder(PREFIX);
    for (String key : path.split("\\.")) {
      name.append('_').append(upperSnake(key));
    }
    return name.toString();
  }

  /** Every variable name the defaults allow, with its path: the README's configuration table. */
  public static Map<String, String> variables(JsonObject defaults) {
    Map<String, String> names = new LinkedHashMap<>();
    collect(defaults, PREFIX, "", names);
    return names;
  }

  private static void overrideLeaves(JsonObject node, String prefix, JsonObject environment) {
    for (String key : node.fieldNames()) {
      String name = prefix + "_" + upperSnake(key);
      Object value = node.getValue(key);
      if (value instanceof JsonObject child) {
        overrideLeaves(child, name, environment);
      } else if (environment.containsKey(name)) {
        node.put(key, parseLike(value, name, environment.getValue(name).toString()));
      }
    }
  }

  private static void collect(JsonObject node, String prefix, String path, Map<String, String> names) {
    for (String key : node.fieldNames()) {
      String name = prefix + "_" + upperSnake(key);
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (node.getValue(key) instanceof JsonObject child) {
        collect(child, name, childPath, names);
      } else {
        names.put(name, childPath);
      }
    }
  }

  private static Object parseLike(Object defaultValue, String name, String raw) {
    try {
      if (defaultValue instanceof Integer) {
        return Integer.parseInt(raw.trim());
      }
      if (defaultValue instanceof Long) {
        return Long.parseLong(raw.trim());
      }
      if (defaultValue instanceof Boolean) {
        String lower = raw.trim().toLowerCase();
        if (!lower.equals("true") && !lower.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.parseBoolean(lower);
      }
      return raw;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a " + defaultValue.getClass().getSimpleName().toLowerCase() + ", got '" + raw + "'");
    }
  }

  public static String upperSnake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }
}
