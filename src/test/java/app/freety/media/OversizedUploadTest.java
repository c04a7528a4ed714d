package app.freety.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.ContractWatch;
import app.freety.support.Eventually;
import app.freety.support.FormData;
import app.freety.support.Images;
import app.freety.support.SocketClient;
import app.freety.support.SocketClient.Answer;
import app.freety.support.TestDatabase;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that write a whole oversized photo before they read anything still read the 413: the
 * server answers, then keeps reading and discarding the rest of the body before it closes.
 */
class OversizedUploadTest {
  private static final int ELEVEN_MIB = 11 * 1024 * 1024;
  private static final MediaType JPEG = MediaType.get("image/jpeg");
  private static final byte[] OVERSIZED = Arrays.copyOf(Images.jpeg(16, 16), ELEVEN_MIB);

  private static TestServer server;
  private static OkHttpClient okHttp;
  private static String token;
  private static long memberId;

  @BeforeAll
  static void start() {
    server = TestServer.start(); // media.maxBytes is the default 10 MiB
    JsonObject session = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("oversized")));
    token = session.getString("accessToken");
    memberId = session.getJsonObject("member").getLong("id");
    // The Android app's client with its time-outs shortened: a server that stops reading fails fast.
    okHttp = new OkHttpClient.Builder().writeTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(20)).retryOnConnectionFailure(false)
        .addInterceptor(ContractWatch.okHttp()).build();
  }

  @AfterAll
  static void stop() {
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }

  @AfterEach
  void nothingIsLeft() {
    Eventually.await(server.vertx(), () -> TestDatabase.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ?",
        memberId) == 0 && TestS3.keys("profile/" + memberId + "/").isEmpty(), "no row and no object remain");
  }

  @Test
  void okHttpSendingElevenMibAsTheBodyReadsThe413() throws IOException {
    assertRefused(okHttpPut(RequestBody.create(OVERSIZED, JPEG)));
  }

  @Test
  void okHttpStreamingElevenMibOfUnknownLengthReadsThe413() throws IOException {
    assertRefused(okHttpPut(streamed(JPEG, OVERSIZED)));
  }

  @Test
  void okHttpSendingElevenMibAsAMultipartFileReadsThe413() throws IOException {
    assertRefused(okHttpPut(new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("caption", "too big")
        .addFormDataPart("image", "big.jpg", RequestBody.create(OVERSIZED, JPEG)).build()));
  }

  @Test
  void okHttpStreamingAMultipartFileOfUnknownLengthReadsThe413() throws IOException {
    assertRefused(okHttpPut(new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("image", "big.jpg", streamed(JPEG, OVERSIZED)).build()));
  }

  @Test
  void aSocketWritingElevenMibBeforeReadingReadsThe413() {
    Answer answer = SocketClient.exchange(server.port(), SocketClient.head("PUT", "/api/v1/me/photo",
        "Authorization: Bearer " + token, "Content-Type: image/jpeg", "Content-Length: " + OVERSIZED.length), OVERSIZED);
    assertRefused(answer);
  }

  @Test
  void aSocketWritingElevenMibInChunksBeforeReadingReadsThe413() {
    Answer answer = SocketClient.exchangeChunked(server.port(), SocketClient.head("PUT", "/api/v1/me/photo",
        "Authorization: Bearer " + token, "Content-Type: image/jpeg"), OVERSIZED);
    assertRefused(answer);
  }

  @Test
  void aSocketWritingAnElevenMibMultipartBodyBeforeReadingReadsThe413() {
    byte[] body = new FormData().field("caption", "too big").file("image", "big.jpg", "image/jpeg", OVERSIZED).end();
    Answer answer = SocketClient.exchange(server.port(), SocketClient.head("PUT", "/api/v1/me/photo",
        "Authorization: Bearer " + token, "Content-Type: " + FormData.CONTENT_TYPE,
        "Content-Length: " + body.length), body);
    assertRefused(answer);
  }

  @Test
  void aClientThatWaitsFor100ContinueGetsThe413InsteadAndNeedNotSendTheBody() {
    Answer answer = SocketClient.headOnly(server.port(), SocketClient.head("PUT", "/api/v1/me/photo",
        "Authorization: Bearer " + token, "Content-Type: image/jpeg", "Content-Length: " + OVERSIZED.length,
        "Expect: 100-continue"));
    assertRefused(answer);
    assertTrue(answer.millis() < 2000, "answered at once: " + answer.millis() + " ms");
  }

  private static void assertRefused(Answer answer) {
    assertEquals(413, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
    assertEquals("application/problem+json", answer.header("Content-Type"));
    assertEquals("close", answer.header("Connection"));
    assertEquals(413, answer.json().getInteger("status"));
    assertTrue(answer.closedByServer(), "the server closes the connection after the answer");
  }

  private static void assertRefused(Response response) throws IOException {
    try (response) {
      String body = response.body().string();
      assertEquals(413, response.code(), body);
      assertEquals("application/problem+json", response.header("Content-Type"));
      assertEquals(413, new JsonObject(body).getInteger("status"));
    }
  }

  private static Response okHttpPut(RequestBody body) throws IOException {
    Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/api/v1/me/photo")
        .header("Authorization", "Bearer " + token).put(body).build();
    return okHttp.newCall(request).execute();
  }

  /** A body whose length OkHttp does not know, so it is sent chunked. */
  private static RequestBody streamed(MediaType type, byte[] bytes) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return type;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        for (int from = 0; from < bytes.length; from += 64 * 1024) {
          sink.write(bytes, from, Math.min(64 * 1024, bytes.length - from));
        }
      }
    };
  }
}
