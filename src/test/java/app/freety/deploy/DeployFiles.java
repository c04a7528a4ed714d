package app.freety.deploy;

import app.freety.platform.EnvOverrides;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The operator's files under deploy/, read the way Docker, systemd and nginx read them. */
final class DeployFiles {
  static final Path DIR = Path.of("deploy");
  static final Path COMPOSE = DIR.resolve("compose.yaml");
  static final Path CLUSTER_ENV = DIR.resolve("cluster.env");
  static final Path ENV_EXAMPLE = DIR.resolve(".env.example");
  static final Path DOCKERFILE = DIR.resolve("Dockerfile");
  static final Path JVM_OPTIONS = DIR.resolve("jvm.options");
  static final Path NGINX = DIR.resolve("nginx/freety.conf");
  static final Path SYSTEMD_UNIT = DIR.resolve("systemd/freety.service");
  /** How long a node's edge lets requests in flight finish once it stops (http.HttpVerticle). */
  static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(10);

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private DeployFiles() {
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** conf/config.json as it is on disk: the defaults, without this machine's FREETY_* variables. */
  static JsonObject configDefaults() {
    return new JsonObject(read(Path.of("conf/config.json")));
  }

  /** FREETY_* variable → configuration path, for every leaf of the defaults. */
  static Map<String, String> configVariables() {
    return EnvOverrides.variables(configDefaults());
  }

  /** The value a node runs with: its environment's, else conf/config.json's default. */
  static String setting(Map<String, String> environment, String path) {
    String variable = configVariables().entrySet().stream()
        .filter(entry -> entry.getValue().equals(path)).map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("conf/config.json has no " + path));
    if (environment.containsKey(variable)) {
      return environment.get(variable);
    }
    Object value = configDefaults();
    for (String key : path.split("\\.")) {
      value = ((JsonObject) value).getValue(key);
    }
    return value.toString();
  }

  static Map<String, Object> compose() {
    return new Yaml().load(read(COMPOSE));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    Map<String, Object> service = (Map<String, Object>) services.get(name);
    if (service == null) {
      throw new AssertionError("compose.yaml has no service " + name);
    }
    return service;
  }

  /** A service's environment as its container gets it: its env_file files, then its environment. */
  @SuppressWarnings("unchecked")
  static Map<String, String> environmentOf(Map<String, Object> service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Object envFiles = service.get("env_file");
    List<Object> files = envFiles == null ? List.of() : envFiles instanceof List<?> list ? (List<Object>) list : List.of(envFiles);
    files.forEach(file -> environment.putAll(envFile(DIR.resolve(file.toString()))));
    Object declared = service.get("environment");
    if (declared instanceof Map<?, ?> map) {
      map.forEach((name, value) -> environment.put(name.toString(), value == null ? "" : value.toString()));
    } else if (declared instanceof List<?> list) {
      list.forEach(line -> putLine(environment, line.toString()));
    }
    return environment;
  }

  /** A KEY=VALUE file as compose's env_file and systemd's EnvironmentFile= read it. */
  static Map<String, String> envFile(Path file) {
    Map<String, String> variables = new LinkedHashMap<>();
    read(file).lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .forEach(line -> putLine(variables, line));
    return variables;
  }

  /** The systemd unit: key → every value it is given, over all sections. */
  static Map<String, List<String>> systemdUnit() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    read(SYSTEMD_UNIT).lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("["))
        .forEach(line -> {
          int equals = line.indexOf('=');
          keys.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>()).add(line.substring(equals + 1));
        });
    return keys;
  }

  /** The variables a unit sets with Environment=NAME=value. */
  static Map<String, String> systemdEnvironment() {
    Map<String, String> variables = new LinkedHashMap<>();
    systemdUnit().getOrDefault("Environment", List.of()).forEach(line -> putLine(variables, line));
    return variables;
  }

  /** "30s", "1m", "500ms" or a bare number of seconds, as compose and systemd write durations. */
  static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  /** nginx sizes: 10304k, 10m, or bytes. */
  static long nginxSize(String text) {
    String lower = text.strip().toLowerCase();
    char unit = lower.charAt(lower.length() - 1);
    long factor = switch (unit) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1;
    };
    return Long.parseLong(factor == 1 ? lower : lower.substring(0, lower.length() - 1)) * factor;
  }

  private static void putLine(Map<String, String> variables, String line) {
    int equals = line.indexOf('=');
    if (equals < 0) {
      variables.put(line, "");
    } else {
      variables.put(line.substring(0, equals), line.substring(equals + 1));
    }
  }
}
