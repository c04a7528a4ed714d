package app.freety.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.AccessLog;
import app.freety.support.Api;
import app.freety.support.Eventually;
import app.freety.support.FormData;
import app.freety.support.Images;
import app.freety.support.SocketClient;
import app.freety.support.SocketClient.Answer;
import app.freety.support.TestDatabase;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A multipart body the server cannot read is the client's mistake: 400 naming the problem, one
 * access-log line with the status that was sent, and no photo, row or object.
 */
class MalformedMultipartTest {
  private static TestServer server;
  private static String token;
  private static long memberId;
  private static AccessLog accessLog;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    JsonObject session = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("malformed")));
    token = session.getString("accessToken");
    memberId = session.getJsonObject("member").getLong("id");
    accessLog = AccessLog.capture();
  }

  @AfterAll
  static void stop() {
    accessLog.close();
    server.close();
  }

  @AfterEach
  void nothingIsStored() {
    Eventually.await(server.vertx(), () -> TestDatabase.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ?",
        memberId) == 0 && TestS3.keys("profile/" + memberId + "/").isEmpty(), "no row and no object remain");
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM member WHERE id = ? AND photo_media_id IS NOT NULL", memberId));
  }

  @Test
  void aMultipartTypeWithoutBoundaryIsRefused() {
    byte[] body = new FormData().file("image", "me.png", "image/png", Images.png(8, 8)).end();
    assertMalformed(put("multipart/form-data", body), "boundary");
  }

  @Test
  void aBodyWhoseDelimitersAreNotTheDeclaredBoundaryIsRefused() {
    byte[] body = new FormData().file("image", "me.png", "image/png", Images.png(8, 8)).end();
    assertMalformed(put("multipart/form-data; boundary=some-other-boundary", body), "image");
  }

  @Test
  void aBodyThatEndsInsideTheImageIsRefused() {
    byte[] png = Images.png(64, 64);
    byte[] truncated = new FormData().file("image", "me.png", "image/png", png).unfinished();
    assertMalformed(put(FormData.CONTENT_TYPE, Arrays.copyOf(truncated, truncated.length - png.length / 2)), "");
  }

  @Test
  void aFormFieldLargerThanTheDecoderTakesIsRefused() {
    byte[] body = new FormData().field("caption", "x".repeat(64 * 1024))
        .file("image", "me.png", "image/png", Images.png(8, 8)).end();
    assertMalformed(put(FormData.CONTENT_TYPE, body), "");
  }

  @Test
  void aPartHeaderTooLongToReadIsRefused() {
    byte[] body = new FormData().text("--" + FormData.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; "
            + "filename=\"" + "a".repeat(8 * 1024) + ".png\"\r\nContent-Type: image/png\r\n\r\n")
        .text(new String(Images.png(8, 8), StandardCharsets.ISO_8859_1)).text("\r\n").end();
    assertMalformed(put(FormData.CONTENT_TYPE, body), "");
  }

  @Test
  void aTooLongFieldAfterAGoodImageStillRefusesTheWholeUpload() {
    byte[] body = new FormData().file("image", "me.png", "image/png", Images.png(8, 8))
        .field("caption", "x".repeat(64 * 1024)).end();
    assertMalformed(put(FormData.CONTENT_TYPE, body), "");
  }

  /** 400 problem+json whose detail mentions the hint, and exactly one access-log line saying 400. */
  private static void assertMalformed(Sent sent, String hint) {
    Answer answer = sent.answer();
    assertEquals(400, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
    assertEquals("application/problem+json", answer.header("Content-Type"));
    JsonObject problem = answer.json();
    assertTrue(problem.getString("type").startsWith("https://freety.app/problems/"), problem.encode());
    assertTrue(problem.getString("detail").contains(hint), problem.encode());
    Eventually.await(server.vertx(), () -> !accessLog.entries(sent.requestId()).isEmpty(), "the access log line");
    List<JsonObject> lines = accessLog.entries(sent.requestId());
    assertEquals(1, lines.size(), lines.toString());
    assertEquals(400, lines.get(0).getInteger("status"), lines.toString());
  }

  private record Sent(String requestId, Answer answer) {
  }

  private static Sent put(String contentType, byte[] body) {
    String requestId = "malformed-" + UUID.randomUUID();
    Answer answer = SocketClient.exchange(server.port(), SocketClient.head("PUT", "/api/v1/me/photo",
        "Authorization: Bearer " + token, "X-Request-Id: " + requestId, "Content-Type: " + contentType,
        "Content-Length: " + body.length), body);
    return new Sent(requestId, answer);
  }
}
