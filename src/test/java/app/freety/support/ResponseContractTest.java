package app.freety.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The judge itself: what it lets through and what it refuses, on answers written here. */
class ResponseContractTest {
  private static final String JSON = "application/json";
  private static final String PROBLEM = "application/problem+json";
  private static final String MEMBER = """
      {"id":7,"email":"kim@example.com","name":"Kim","role":"MODEL","birthYear":2001,"statusMessage":null,
       "photoUrl":null,"createdAt":"2026-12-20T05:00:00.000Z","updatedAt":"2026-12-20T05:00:00.000Z"}""";

  private final ResponseContract contract = ResponseContract.get();

  @Test
  void aDocumentedAnswerPasses() {
    assertEquals(List.of(), problems("GET", "/health/live", 200, JSON, "{\"status\":\"UP\",\"checks\":{}}"));
    assertEquals(List.of(), problems("GET", "/api/v1/me", 200, JSON, MEMBER));
    assertEquals(List.of(), problems("GET", "/api/v1/me?x=1", 401, PROBLEM,
        "{\"type\":\"https://freety.app/problems/invalid-token\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"d\"}"));
  }

  @Test
  void anUndocumentedStatusFails() {
    assertOneProblem(problems("GET", "/health/live", 418, JSON, "{}"), "does not document status 418");
  }

  @Test
  void anUndocumentedContentTypeFails() {
    assertOneProblem(problems("GET", "/health/live", 200, "text/plain", "UP"), "does not document content type text/plain");
  }

  @Test
  void aBodyAgainstTheSchemaFails() {
    List<String> problems = problems("GET", "/api/v1/me", 200, JSON, MEMBER.replace("\"MODEL\"", "\"BARBER\""));
    assertOneProblem(problems, "/role");
  }

  @Test
  void aFieldTheDocumentDoesNotNameFails() {
    assertOneProblem(problems("GET", "/api/v1/me", 200, JSON, MEMBER.replace("\"id\":7", "\"id\":7,\"passwordHash\":\"x\"")),
        "passwordHash");
  }

  @Test
  void aTimeThatIsNotRfc3339Fails() {
    assertOneProblem(problems("GET", "/api/v1/me", 200, JSON, MEMBER.replaceFirst("2026-12-20T05:00:00.000Z", "yesterday")),
        "/createdAt");
  }

  @Test
  void aBodyWhereTheDocumentHasNoneFails() {
    assertOneProblem(problems("POST", "/api/v1/auth/logout", 204, JSON, "{}"), "documents no body");
  }

  @Test
  void anUnknownPathMayOnlyGetTheRoutersProblem() {
    String notFound = "{\"type\":\"https://freety.app/problems/not-found\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"d\"}";
    assertEquals(List.of(), problems("GET", "/api/v1/nothing-here", 404, PROBLEM, notFound));
    assertOneProblem(problems("GET", "/api/v1/nothing-here", 200, JSON, "{}"), "is not an operation");
    assertOneProblem(problems("PUT", "/api/v1/me", 200, JSON, "{}"), "is not an operation");
  }

  @Test
  void anExtendedProblemKeepsItsFieldsAndRefusesOthers() {
    String notLinked = "{\"type\":\"https://freety.app/problems/sns-account-not-linked\",\"title\":\"Not Found\","
        + "\"status\":404,\"detail\":\"d\",\"provider\":\"kakao\",\"signupToken\":\"t\"}";
    assertEquals(List.of(), problems("POST", "/api/v1/auth/sns/kakao", 404, PROBLEM, notLinked));
    assertOneProblem(problems("POST", "/api/v1/auth/sns/kakao", 404, PROBLEM, notLinked.replace("\"provider\"", "\"kakaoId\"")),
        "kakaoId");
  }

  private List<String> problems(String method, String uri, int status, String contentType, String body) {
    return contract.problems(new ResponseContract.Exchange(method, uri, status, contentType,
        body.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertOneProblem(List<String> problems, String naming) {
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(naming), problems.get(0));
  }
}
