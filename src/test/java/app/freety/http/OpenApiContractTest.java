package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.FreetyApp;
import app.freety.platform.FreetyConfig;
import app.freety.platform.LocalRateLimiter;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Readiness;
import app.freety.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The router and openapi.yaml describe the same operations, no more and no fewer. */
class OpenApiContractTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
    assertEquals(documentedOperations(), routedOperations());
  }

  private static Set<String> routedOperations() {
    JsonObject config = Await.result(FreetyConfig.load(vertx, new JsonObject().put("mode", "development")));
    Router router;
    try (ObjectStorage storage = ObjectStorage.create(vertx, config.getJsonObject("s3"))) {
      NodeResources node = new NodeResources(config, null, storage, new LocalRateLimiter(Clock.systemUTC()),
          new Readiness(1000), Clock.systemUTC());
      router = ApiRouter.create(vertx, node, FreetyApp.features(config), Buffer.buffer());
    }
    Set<String> operations = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue; // catch-all handlers (request log, failure mapping) are not operations
      }
      String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      if (!route.isExactPath()) {
        path += "{file}"; // a prefix route (/docs/*) serves files by name: the document names that {file}
      }
      for (HttpMethod method : route.methods()) {
        operations.add(method.name() + " " + path);
      }
    }
    return operations;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> documentedOperations() throws Exception {
    try (InputStream document = OpenApiContractTest.class.getClassLoader().getResourceAsStream(ApiRouter.OPENAPI_RESOURCE)) {
      Map<String, Object> openApi = new Yaml().load(document);
      assertEquals("3.1.0", openApi.get("openapi"));
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openApi.get("paths");
      Set<String> operations = new TreeSet<>();
      paths.forEach((path, item) -> item.keySet().stream().filter(HTTP_METHODS::contains)
          .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
      return operations;
    }
  }
}
