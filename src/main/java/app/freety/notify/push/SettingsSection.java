package app.freety.notify.push;

import app.freety.platform.EnvOverrides;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One block of the push settings (push, push.fcm, push.apns) with the checks start-up makes: a
 * refusal names the setting and its variable, never a secret. Reads files: start-up only.
 */
final class SettingsSection {
  private final JsonObject json;
  private final String path;

  SettingsSection(JsonObject json, String path) {
    this.json = json == null ? new JsonObject() : json;
    this.path = path;
  }

  SettingsSection child(String key) {
    return new SettingsSection(json.getJsonObject(key), path + "." + key);
  }

  boolean enabled() {
    return Boolean.TRUE.equals(json.getBoolean("enabled", false));
  }

  /** The value, stripped; "" when absent. */
  String text(String key) {
    String value = json.getString(key);
    return value == null ? "" : value.strip();
  }

  String required(String key, String what) {
    String value = text(key);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(path + ".enabled is true but " + name(key) + " is empty: set it (or "
          + variable(key) + ") to " + what);
    }
    return value;
  }

  /** The text of the file the setting names; the message never quotes the file. */
  String readFile(String key, String what) {
    String file = required(key, "the path of " + what);
    Path location = Path.of(file);
    if (!Files.isReadable(location) || Files.isDirectory(location)) {
      throw new IllegalArgumentException(name(key) + " names no readable file: " + file + " (" + what + "; "
          + variable(key) + ")");
    }
    try {
      return Files.readString(location, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException unreadable) {
      throw new IllegalArgumentException(name(key) + " names a file that cannot be read as text: " + file + " ("
          + variable(key) + ")");
    }
  }

  /** An http(s) base URL without a trailing slash. */
  String baseUrl(String key) {
    String value = required(key, "the provider's base URL");
    try {
      URI uri = new URI(value);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL");
      }
    } catch (URISyntaxException bad) {
      throw new IllegalArgumentException(name(key) + " must be an http(s) URL, got " + value + " (" + variable(key) + ")");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  long positive(String key) {
    Number value = json.getNumber(key);
    if (value == null || value.longValue() <= 0) {
      throw new IllegalArgumentException(name(key) + " must be a positive number, got " + value + " ("
          + variable(key) + ")");
    }
    return value.longValue();
  }

  String name(String key) {
    return path + "." + key;
  }

  String variable(String key) {
    return EnvOverrides.variableFor(name(key));
  }
}
