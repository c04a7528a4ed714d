package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void environmentVariablesOverrideLeavesWithTheirTypes() {
    JsonObject defaults = new JsonObject()
        .put("http", new JsonObject().put("port", 8080).put("trustForwardedFor", false))
        .put("auth", new JsonObject().put("bcryptCost", 10))
        .put("db", new JsonObject().put("uri", "mysql://a@b/c"));
    JsonObject environment = new JsonObject()
        .put("FREETY_HTTP_PORT", "9090")
        .put("FREETY_HTTP_TRUST_FORWARDED_FOR", "true")
        .put("FREETY_AUTH_BCRYPT_COST", "12")
        .put("FREETY_DB_URI", "mysql://x@y/z")
        .put("UNRELATED", "1");
    JsonObject config = EnvOverrides.apply(defaults, environment);
    assertEquals(9090, config.getJsonObject("http").getInteger("port"));
    assertEquals(true, config.getJsonObject("http").getBoolean("trustForwardedFor"));
    assertEquals(12, config.getJsonObject("auth").getInteger("bcryptCost"));
    assertEquals("mysql://x@y/z", config.getJsonObject("db").getString("uri"));
    assertEquals(8080, defaults.getJsonObject("http").getInteger("port"), "defaults stay untouched");
  }

  @Test
  void aMistypedVariableNamesItself() {
    JsonObject defaults = new JsonObject().put("http", new JsonObject().put("port", 8080));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> EnvOverrides.apply(defaults, new JsonObject().put("FREETY_HTTP_PORT", "eighty")));
    assertTrue(error.getMessage().contains("FREETY_HTTP_PORT"), error.getMessage());
  }

  @Test
  void everyDefaultHasAVariable() {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = Await.result(FreetyConfig.load(vertx, new JsonObject()));
      Map<String, String> variables = EnvOverrides.variables(config);
      assertEquals("http.port", variables.get("FREETY_HTTP_PORT"));
      assertEquals("jwt.secret", variables.get("FREETY_JWT_SECRET"));
      assertEquals("verticles.http.instances", variables.get("FREETY_VERTICLES_HTTP_INSTANCES"));
      assertEquals("rateLimits.login.perEmail.limit", variables.get("FREETY_RATE_LIMITS_LOGIN_PER_EMAIL_LIMIT"));
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void metricsAndLoggingSettingsComeFromTheEnvironmentToo() {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject defaults = Await.result(FreetyConfig.load(vertx, new JsonObject()));
      JsonObject config = EnvOverrides.apply(defaults, new JsonObject()
          .put("FREETY_METRICS_ENABLED", "false").put("FREETY_METRICS_PORT", "9100")
          .put("FREETY_LOGGING_LEVEL", "WARN").put("FREETY_LOGGING_LEVELS", "freety.access=ERROR"));
      assertEquals(false, config.getJsonObject("metrics").getBoolean("enabled"));
      assertEquals(9100, config.getJsonObject("metrics").getInteger("port"));
      assertEquals("WARN", config.getJsonObject("logging").getString("level"));
      assertEquals("freety.access=ERROR", config.getJsonObject("logging").getString("levels"));
      assertTrue(defaults.getJsonObject("metrics").getInteger("port")
          != defaults.getJsonObject("http").getInteger("port"), "metrics stay off the API's port");
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void theReadmeDocumentsEveryVariable() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = Await.result(FreetyConfig.load(vertx, new JsonObject()));
      for (String variable : EnvOverrides.variables(config).keySet()) {
        assertTrue(readme.contains("`" + variable + "`") || readme.contains(" " + variable + "`"),
            variable + " is missing from the README's configuration table");
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void productionRefusesTheDevelopmentSecret() {
    JsonObject production = new JsonObject().put("mode", "production")
        .put("jwt", new JsonObject().put("secret", FreetyConfig.DEVELOPMENT_JWT_SECRET));
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> FreetyConfig.checkSafeForMode(production));
    assertTrue(refused.getMessage().contains("FREETY_JWT_SECRET"), refused.getMessage());

    production.getJsonObject("jwt").put("secret", "short");
    assertThrows(IllegalStateException.class, () -> FreetyConfig.checkSafeForMode(production));

    production.getJsonObject("jwt").put("secret", "a-real-secret-from-the-environment-0123456789");
    assertDoesNotThrow(() -> FreetyConfig.checkSafeForMode(production));

    JsonObject development = new JsonObject().put("mode", "development")
        .put("jwt", new JsonObject().put("secret", FreetyConfig.DEVELOPMENT_JWT_SECRET));
    assertDoesNotThrow(() -> FreetyConfig.checkSafeForMode(development));
  }

  @Test
  void databaseUriIsParsedAndMaskedForLogs() {
    DatabaseUri uri = DatabaseUri.parse("mysql://freety:p%40ss@db.internal:3307/freety");
    assertEquals("freety", uri.user());
    assertEquals("p@ss", uri.password());
    assertEquals("jdbc:mariadb://db.internal:3307/freety", uri.jdbcUrl());
    assertEquals("mysql://freety:****@db.internal:3307/freety", uri.masked());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> DatabaseUri.parse("postgres://u:secret@h/d"));
    assertTrue(!bad.getMessage().contains("secret"), bad.getMessage());
  }
}
