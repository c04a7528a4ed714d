package app.freety.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Assertions on application/problem+json answers. */
public final class Problems {
  private Problems() {
  }

  public static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("type").startsWith("https://freety.app/problems/"), problem.encode());
    assertTrue(problem.getString("title") != null && problem.getString("detail") != null, problem.encode());
    return problem;
  }

  /** A 400 whose errors name the field. */
  public static void assertInvalidField(HttpResponse<Buffer> response, String field) {
    JsonObject problem = assertProblem(response, 400);
    JsonArray errors = problem.getJsonArray("errors");
    assertTrue(errors != null && errors.stream().map(JsonObject.class::cast)
        .anyMatch(error -> field.equals(error.getString("field"))), "expected an error on " + field + ": " + problem.encode());
  }
}
