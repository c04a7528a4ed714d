package app.freety.http;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /docs over HTTP: our page and initializer, Swagger UI's files from the WebJar, with their types. */
class ApiDocsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void thePageLoadsSwaggerUiFromThisServerOnlyAndForbidsOtherSources() {
    HttpResponse<Buffer> page = get("/docs");
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"), page.getHeader("Content-Type"));
    assertTrue(page.getHeader("Content-Security-Policy").startsWith("default-src 'self'"));
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    String html = page.bodyAsString();
    assertTrue(html.contains("src=\"/docs/swagger-ui-bundle.js\"") && html.contains("src=\"/docs/swagger-initializer.js\""), html);
    assertFalse(html.contains("://"), "the page names no other host: " + html);
  }

  @Test
  void theInitializerIsOursAndPointsAtThisServersDocument() {
    HttpResponse<Buffer> initializer = get("/docs/swagger-initializer.js");
    assertEquals(200, initializer.statusCode());
    assertTrue(initializer.getHeader("Content-Type").startsWith("text/javascript"), initializer.getHeader("Content-Type"));
    String script = initializer.bodyAsString();
    assertTrue(script.contains("url: '/openapi.yaml'") && script.contains("validatorUrl: null"), script);
    assertFalse(script.contains("://"), "the WebJar's own initializer (the petstore's) is shadowed: " + script);
  }

  @Test
  void theVersionInTheCodeIsTheWebJarsVersion() throws Exception {
    // The test class path keeps the WebJar's pom.properties; the production jar does not.
    java.util.Properties webJar = new java.util.Properties();
    try (java.io.InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      webJar.load(in);
    }
    assertEquals(webJar.getProperty("version"), ApiDocsRoutes.SWAGGER_UI_VERSION);
  }

  @Test
  void swaggerUiFilesComeFromTheWebJarWithTheirContentTypes() {
    HttpResponse<Buffer> bundle = get("/docs/swagger-ui-bundle.js");
    assertEquals(200, bundle.statusCode());
    assertTrue(bundle.getHeader("Content-Type").startsWith("text/javascript"), bundle.getHeader("Content-Type"));
    assertTrue(bundle.body().length() > 1_000_000, "the whole bundle: " + bundle.body().length());
    HttpResponse<Buffer> css = get("/docs/swagger-ui.css");
    assertTrue(css.getHeader("Content-Type").startsWith("text/css"));
    assertTrue(css.getHeader("Cache-Control").contains("max-age=86400"), css.getHeader("Cache-Control"));
    assertEquals("image/png", get("/docs/favicon-32x32.png").getHeader("Content-Type"));
  }

  @Test
  void anUnknownFileOrAPathOutOfTheFolderIsA404Problem() {
    assertProblem(get("/docs/no-such-file.js"), 404);
    assertProblem(get("/docs/..%2Fopenapi.yaml"), 404);
    assertProblem(get("/docs/..%2F..%2Fconf%2Fconfig.json"), 404);
  }

  @Test
  void theDocumentIsServedAsYaml() {
    HttpResponse<Buffer> document = get("/openapi.yaml");
    assertEquals("application/yaml", document.getHeader("Content-Type"));
    assertTrue(document.bodyAsString().startsWith("openapi: 3.1.0"));
  }

  private static HttpResponse<Buffer> get(String path) {
    return Await.result(server.client().get(path).send());
  }
}
