package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestMail;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reset mail goes through a real SMTP server (GreenMail on loopback). */
class PasswordResetTest {
  private static final Pattern LINK = Pattern.compile("https://app\\.freety\\.test/reset\\?token=([A-Za-z0-9_-]{43})");
  private static final int RESETS_PER_EMAIL = 3;
  private static TestMail mail;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    mail = TestMail.start();
    JsonObject lenient = new JsonObject().put("limit", 1000).put("windowSeconds", 60);
    server = TestServer.start(new JsonObject()
        .put("mail", mail.config().put("resetLinkBase", "https://app.freety.test/reset"))
        .put("rateLimits", new JsonObject().put("passwordReset", new JsonObject().put("perIp", lenient)
            .put("perEmail", new JsonObject().put("limit", RESETS_PER_EMAIL).put("windowSeconds", 900)))));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
    mail.close();
  }

  @Test
  void theMailedLinkSetsANewPasswordOnceAndEndsEverySignIn() {
    String email = Api.uniqueEmail("forgetful");
    JsonObject session = api.signUp(Api.modelSignUp(email));
    String oldRefresh = session.getString("refreshToken");

    assertEquals(202, requestReset(email, "en-US,en;q=0.9,ko;q=0.5").statusCode());
    MimeMessage sent = onlyMailTo(email);
    assertEquals("[Freety] Reset your password", subject(sent));
    String token = tokenIn(sent);

    assertEquals(204, Await.result(confirm(token, "a brand new secret")).statusCode());
    assertEquals(200, Await.result(api.post("/auth/login",
        new JsonObject().put("email", email).put("password", "a brand new secret"))).statusCode());
    assertProblem(Await.result(api.post("/auth/login",
        new JsonObject().put("email", email).put("password", "correct horse"))), 401);
    assertProblem(Await.result(api.post("/auth/refresh", new JsonObject().put("refreshToken", oldRefresh))), 401);

    HttpResponse<Buffer> again = Await.result(confirm(token, "yet another secret"));
    assertProblem(again, 400);
    assertEquals("https://freety.app/problems/invalid-reset-token", again.bodyAsJsonObject().getString("type"));
  }

  @Test
  void theMailIsKoreanUnlessTheClientPrefersEnglish() {
    String email = Api.uniqueEmail("korean");
    api.signUp(Api.modelSignUp(email));
    assertEquals(202, requestReset(email, null).statusCode());
    MimeMessage sent = onlyMailTo(email);
    assertEquals("[Freety] 비밀번호 재설정", subject(sent));
    assertTrue(TestMail.text(sent).contains("Model Lee님"), TestMail.text(sent));
  }

  @Test
  void aLinkOlderThanThirtyMinutesNoLongerWorks() {
    String email = Api.uniqueEmail("slow");
    api.signUp(Api.modelSignUp(email));
    requestReset(email, "ko");
    String token = tokenIn(onlyMailTo(email));

    server.clock().advance(Duration.ofMinutes(31));
    assertProblem(Await.result(confirm(token, "too late for this")), 400);
    assertEquals(200, Await.result(api.post("/auth/login",
        new JsonObject().put("email", email).put("password", "correct horse"))).statusCode());
  }

  @Test
  void anUnknownEmailGetsTheSameAnswerAndNoMail() {
    String unknown = Api.uniqueEmail("nobody");
    String known = Api.uniqueEmail("somebody");
    api.signUp(Api.modelSignUp(known));

    HttpResponse<Buffer> forUnknown = requestReset(unknown, "ko");
    HttpResponse<Buffer> forKnown = requestReset(known, "ko");

    assertEquals(202, forUnknown.statusCode());
    assertEquals(forKnown.statusCode(), forUnknown.statusCode());
    assertEquals(forKnown.bodyAsString(), forUnknown.bodyAsString());
    // The unknown request was sent first and its work is one lookup; once the known one's mail is in,
    // a mail to the unknown address would have arrived too.
    onlyMailTo(known);
    assertEquals(0, mail.mailsTo(unknown).size());
  }

  @Test
  void resetsOfOneEmailAreRateLimited() {
    String email = Api.uniqueEmail("hammered");
    for (int attempt = 1; attempt <= RESETS_PER_EMAIL; attempt++) {
      assertEquals(202, requestReset(email, null).statusCode());
    }
    HttpResponse<Buffer> limited = requestReset(email.toUpperCase(), null);
    assertProblem(limited, 429);
    assertTrue(Long.parseLong(limited.getHeader("Retry-After")) > 0);
  }

  @Test
  void aMadeUpTokenIsRefused() {
    assertProblem(Await.result(confirm("x".repeat(43), "whatever it is")), 400);
    assertProblem(Await.result(api.post("/auth/password-reset/confirm",
        new JsonObject().put("token", "abc").put("newPassword", "short"))), 400);
  }

  private static HttpResponse<Buffer> requestReset(String email, String acceptLanguage) {
    var request = server.client().post(Api.BASE + "/auth/password-reset");
    if (acceptLanguage != null) {
      request.putHeader("Accept-Language", acceptLanguage);
    }
    return Await.result(request.sendJsonObject(new JsonObject().put("email", email)));
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> confirm(String token, String newPassword) {
    return api.post("/auth/password-reset/confirm",
        new JsonObject().put("token", token).put("newPassword", newPassword));
  }

  private static MimeMessage onlyMailTo(String email) {
    List<MimeMessage> mails = mail.awaitMailsTo(email, 1);
    assertEquals(1, mails.size(), "mails to " + email);
    return mails.get(0);
  }

  private static String subject(MimeMessage sent) {
    try {
      return sent.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tokenIn(MimeMessage sent) {
    Matcher link = LINK.matcher(TestMail.text(sent));
    assertTrue(link.find(), TestMail.text(sent));
    return link.group(1);
  }
}
