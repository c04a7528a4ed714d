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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The router and openapi.yaml describe the same operations, no more and no fewer, and each
 * operation documents what every operation of its kind answers. (That the answers themselves are
 * as documented is checked on every response a test sees: support/ContractWatch.)
 */
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

  /**
   * What every operation must say, so that a new route cannot leave out what all of them answer:
   * an id, a summary and a tag (Swagger UI groups by it); 401 where a token is needed; 400, 413 and
   * 415 where a JSON body is read; 503 wherever a feature is called; errors as problem documents
   * (the health routes answer their own report).
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyOperationDocumentsTheAnswersAllOperationsOfItsKindGive() throws Exception {
    List<String> gaps = new ArrayList<>();
    Map<String, Object> openApi = document();
    ((Map<String, Map<String, Object>>) openApi.get("paths")).forEach((path, item) -> item.forEach((method, value) -> {
      if (!HTTP_METHODS.contains(method)) {
        return;
      }
      Map<String, Object> operation = (Map<String, Object>) value;
      String name = method.toUpperCase() + " " + path;
      Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
      for (String field : List.of("operationId", "summary", "tags")) {
        if (!operation.containsKey(field)) {
          gaps.add(name + ": no " + field);
        }
      }
      List<String> expected = new ArrayList<>();
      if (operation.containsKey("security")) {
        expected.add("401");
      }
      Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
      if (body != null && ((Map<String, Object>) body.get("content")).containsKey("application/json")) {
        expected.addAll(List.of("400", "413", "415"));
      }
      if (path.startsWith(ApiRouter.API_BASE) && !path.equals(ApiRouter.API_BASE + "/ws")) {
        expected.add("503");
      }
      expected.stream().filter(status -> !responses.containsKey(status))
          .forEach(status -> gaps.add(name + ": does not document " + status));
      responses.forEach((status, response) -> {
        Map<String, Object> content = (Map<String, Object>) resolve(openApi, (Map<String, Object>) response).get("content");
        if (status.compareTo("400") >= 0 && content != null && !path.startsWith("/health/")
            && !content.keySet().equals(Set.of("application/problem+json"))) {
          gaps.add(name + ": " + status + " is not a problem document but " + content.keySet());
        }
      });
    }));
    assertEquals(List.of(), gaps);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resolve(Map<String, Object> openApi, Map<String, Object> response) {
    Object ref = response.get("$ref");
    if (ref == null) {
      return response;
    }
    Map<String, Object> node = openApi;
    for (String step : ref.toString().substring(2).split("/")) {
      node = (Map<String, Object>) node.get(step);
    }
    return node;
  }

  private static Set<String> routedOperations() {
    JsonObject config = Await.result(FreetyConfig.load(vertx, new JsonObject().put("mode", "development")));
    Router router;
    try (ObjectStorage storage = ObjectStorage.create(vertx, config.getJsonObject("s3"))) {
      NodeResources node = new NodeResources(config, null, storage, new LocalRateLimiter(Clock.systemUTC()),
          new Readiness(1000), Clock.systemUTC());
      router = ApiRouter.create(vertx, node, FreetyApp.features(config, Clock.systemUTC()), Buffer.buffer());
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
    Map<String, Object> openApi = document();
    assertEquals("3.1.0", openApi.get("openapi"));
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openApi.get("paths");
    Set<String> operations = new TreeSet<>();
    paths.forEach((path, item) -> item.keySet().stream().filter(HTTP_METHODS::contains)
        .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
    return operations;
  }

  /**
   * Read as strictly as Swagger UI's parser reads it: a key twice in one mapping (two `headers:`
   * of one response) is an error there and leaves /docs blank, while a lenient reader keeps the
   * last one and passes.
   */
  private static Map<String, Object> document() throws Exception {
    LoaderOptions strict = new LoaderOptions();
    strict.setAllowDuplicateKeys(false);
    try (InputStream document = OpenApiContractTest.class.getClassLoader().getResourceAsStream(ApiRouter.OPENAPI_RESOURCE)) {
      return new Yaml(strict).load(document);
    }
  }
}
