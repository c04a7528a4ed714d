package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Images;
import app.freety.support.LiveClient;
import app.freety.support.Posts;
import app.freety.support.SelfSignedCertificate;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge serving HTTPS itself (http.tls.*) with a self-signed certificate made by openssl: HTTP/2
 * negotiated by ALPN, HTTP/1.1 still served, WebSockets over wss, plain HTTP on the redirect port
 * answered 308 to the same path and query on HTTPS (health answered there as it is).
 */
class TlsTest {
  @TempDir
  static Path certificates;

  private static SelfSignedCertificate certificate;
  private static TestServer server;
  private static int redirectPort;
  private static WebClient h2;
  private static WebClient http11;

  @BeforeAll
  static void startWithTls() {
    Optional<SelfSignedCertificate> made = SelfSignedCertificate.make(certificates);
    assumeTrue(made.isPresent(), "openssl is not installed: no certificate to serve HTTPS with");
    certificate = made.get();
    redirectPort = TestServer.freePort();
    server = TestServer.start(new JsonObject().put("http", new JsonObject().put("tls", new JsonObject()
        .put("enabled", true).put("certPath", certificate.certPath().toString())
        .put("keyPath", certificate.keyPath().toString()).put("redirectPort", redirectPort))));
    h2 = server.client(trusting(new WebClientOptions().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)));
    http11 = server.client(trusting(new WebClientOptions().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_1_1)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      h2.close();
      http11.close();
      server.close();
    }
  }

  @Test
  void aClientOfferingHttp2GetsItByAlpnAndTheApiWorksOverIt() {
    HttpResponse<Buffer> live = Await.result(h2.get("/health/live").send());
    assertEquals(200, live.statusCode());
    assertEquals(HttpVersion.HTTP_2, live.version());

    HttpResponse<Buffer> signedUp = Await.result(h2.post(Api.BASE + "/auth/signup")
        .sendJsonObject(Api.designerSignUp(Api.uniqueEmail("h2-designer"))));
    assertEquals(201, signedUp.statusCode(), signedUp.bodyAsString());
    assertEquals(HttpVersion.HTTP_2, signedUp.version());
    String token = signedUp.bodyAsJsonObject().getString("accessToken");
    HttpResponse<Buffer> created = Await.result(h2.post(Api.BASE + "/posts").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(Posts.post("h2 글", "HTTP/2 시험", List.of("CUT"), 10_000,
            server.clock().instant().plus(Duration.ofDays(3)), Posts.uniqueSido(), "강남구", 37.5, 127.03)));
    assertEquals(201, created.statusCode(), created.bodyAsString());

    HttpResponse<Buffer> photo = Await.result(Uploads.multipart(h2, "POST",
        Api.BASE + "/posts/" + created.bodyAsJsonObject().getLong("id") + "/photos", token, "front.png", "image/png",
        Images.png(64, 48)));
    assertEquals(201, photo.statusCode(), photo.bodyAsString());
    assertEquals(HttpVersion.HTTP_2, photo.version(), "uploads stream over HTTP/2 too");
  }

  @Test
  void aClientAskingForHttp11GetsIt() {
    HttpResponse<Buffer> ready = Await.result(http11.get("/health/ready").send());
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    assertEquals(HttpVersion.HTTP_1_1, ready.version());
  }

  @Test
  void liveEventsWorkOverWss() {
    JsonObject session = Await.result(h2.post(Api.BASE + "/auth/signup")
        .sendJsonObject(Api.modelSignUp(Api.uniqueEmail("wss-model")))).bodyAsJsonObject();
    WebSocketClient sockets = server.vertx().createWebSocketClient(new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath().toString()))
        .setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    try {
      WebSocket socket = Await.result(sockets.connect(LiveClient.PATH));
      Promise<JsonObject> first = Promise.promise();
      socket.textMessageHandler(text -> first.tryComplete(new JsonObject(text)));
      socket.writeTextMessage(LiveClient.authFrame(session.getString("accessToken")));
      JsonObject ready = Await.result(first.future());
      assertEquals("ready", ready.getString("type"), ready.encode());
      assertEquals(session.getJsonObject("member").getLong("id"), ready.getJsonObject("data").getLong("memberId"));
      Await.result(socket.close());
    } finally {
      Await.result(sockets.close());
    }
  }

  @Test
  void plainHttpIsRedirectedToTheSamePathAndQueryOnHttps() {
    // Not the API's port: its 308s are not in openapi.yaml, so this client is not watched.
    WebClient plain = WebClient.create(server.vertx(), new WebClientOptions().setFollowRedirects(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(redirectPort));
    try {
      HttpResponse<Buffer> search = Await.result(plain.get(Api.BASE + "/posts?sido=%EC%84%9C%EC%9A%B8&limit=5").send());
      assertEquals(308, search.statusCode());
      assertEquals("https://127.0.0.1:" + server.port() + Api.BASE + "/posts?sido=%EC%84%9C%EC%9A%B8&limit=5",
          search.getHeader("Location"));

      HttpResponse<Buffer> signUp = Await.result(plain.post(Api.BASE + "/auth/signup")
          .sendJsonObject(Api.modelSignUp(Api.uniqueEmail("plain-model"))));
      assertEquals(308, signUp.statusCode(), "a POST is redirected as a POST");
      assertEquals("https://127.0.0.1:" + server.port() + Api.BASE + "/auth/signup", signUp.getHeader("Location"));

      HttpResponse<Buffer> named = Await.result(plain.get("/docs").putHeader("Host", "freety.example:" + redirectPort).send());
      assertEquals("https://freety.example:" + server.port() + "/docs", named.getHeader("Location"));

      HttpResponse<Buffer> health = Await.result(plain.get("/health/ready").send());
      assertEquals(200, health.statusCode(), "probes get their answer on plain HTTP");
      assertEquals("UP", health.bodyAsJsonObject().getString("status"));
    } finally {
      plain.close();
    }
  }

  private static WebClientOptions trusting(WebClientOptions options) {
    return options.setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(certificate.certPath().toString()));
  }
}
