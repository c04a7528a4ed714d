package app.freety.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A mysql://user:password@host:port/database URI, with the pieces Flyway's JDBC and the logs need. */
public record DatabaseUri(String user, String password, String host, int port, String database) {

  public static DatabaseUri parse(String text) {
    return parse(text, "db.uri");
  }

  /** As {@link #parse(String)}; a refusal names the configuration key the text came from. */
  public static DatabaseUri parse(String text, String key) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not a URI: " + maskPassword(text));
    }
    if (!"mysql".equals(uri.getScheme()) && !"mariadb".equals(uri.getScheme())) {
      throw new IllegalArgumentException(key + " must start with mysql://, got " + maskPassword(text));
    }
    String user = "";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || path.isEmpty()) {
      throw new IllegalArgumentException(key + " needs a host and a database: " + maskPassword(text));
    }
    return new DatabaseUri(user, password, uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), path);
  }

  public String jdbcUrl() {
    return "jdbc:mariadb://" + host + ":" + port + "/" + database;
  }

  /** The URI as it may appear in logs and error messages. */
  public String masked() {
    String credentials = user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":****") + "@";
    return "mysql://" + credentials + host + ":" + port + "/" + database;
  }

  private static String maskPassword(String text) {
    return text.replaceAll("://([^:/@]*):[^@]*@", "://$1:****@");
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }
}
