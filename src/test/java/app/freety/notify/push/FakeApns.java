package app.freety.notify.push;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.support.Await;
import app.freety.support.SelfSignedCertificate;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * APNs on loopback: HTTP/2 only, over TLS with a self-signed certificate made by openssl for the
 * test (the client trusts it through push.apns.trustedCertFile). It takes only provider tokens
 * signed ES256 by this fake's team key (P-256, made here, written as a .p8 file) with its key id and
 * team id, less than an hour old; records the headers and payload of every push; answers 200
 * unless told otherwise ({@link #answerNext}); can call tokens expired and go down.
 * Start it in a test or @BeforeEach (without openssl the test is skipped); close it on the JUnit thread.
 */
public final class FakeApns implements AutoCloseable {
  public static final String TEAM_ID = "FREETYTEAM";
  public static final String KEY_ID = "FREETYKEY1";
  public static final String TOPIC = "app.freety.ios";

  /** One push that reached the fake, with what it answered (reason null for 200; status 0 when it hung). */
  public record Received(String deviceToken, MultiMap headers, JsonObject payload, HttpVersion version,
      String providerToken, int status, String reason, Instant at) {
  }

  /** How the fake answers one push (after checking its provider token and headers). */
  public record Answer(int status, String reason, Duration retryAfter, boolean hangs) {

    public static Answer ok() {
      return new Answer(200, null, null, false);
    }

    /** 410 Unregistered: the app is gone from the device. */
    public static Answer unregistered() {
      return new Answer(410, "Unregistered", null, false);
    }

    public static Answer badDeviceToken() {
      return new Answer(400, "BadDeviceToken", null, false);
    }

    public static Answer tooManyRequests(Duration retryAfter) {
      return new Answer(429, "TooManyRequests", retryAfter, false);
    }

    public static Answer internal() {
      return new Answer(500, "InternalServerError", null, false);
    }

    public static Answer unavailable(Duration retryAfter) {
      return new Answer(503, "ServiceUnavailable", retryAfter, false);
    }

    /** Reads the request and never answers: the client's time-out decides. */
    public static Answer hang() {
      return new Answer(0, null, null, true);
    }

    public static Answer error(int status, String reason) {
      return new Answer(status, reason, null, false);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Clock clock;
  private final KeyPair teamKey = TestKeys.p256();
  private final Path keyFile;
  private final SelfSignedCertificate certificate;
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<String> providerTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
  private final LoopbackServer server;

  private FakeApns(Path dir, Clock clock, SelfSignedCertificate certificate) {
    this.clock = clock;
    this.certificate = certificate;
    this.keyFile = dir.resolve("AuthKey_" + KEY_ID + ".p8");
    this.server = new LoopbackServer(vertx, new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2))
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certPath().toString())
            .setKeyPath(certificate.keyPath().toString())), this::push);
  }

  /** Makes the certificate and the .p8 key in {@code dir} and starts; skips the calling test without openssl. */
  public static FakeApns start(Path dir) {
    return start(dir, Clock.systemUTC());
  }

  /** As above; provider tokens age by {@code clock} (pass the server's TestClock). */
  public static FakeApns start(Path dir, Clock clock) {
    Path tls;
    try {
      tls = Files.createDirectories(dir.resolve("apns-tls-" + System.nanoTime()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Optional<SelfSignedCertificate> made = SelfSignedCertificate.make(tls);
    assumeTrue(made.isPresent(), "openssl is not installed: no certificate for the fake APNs");
    FakeApns fake = new FakeApns(dir, clock, made.get());
    try {
      Files.writeString(fake.keyFile, TestKeys.pem(fake.teamKey.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the .p8 key", e);
    }
    Await.result(fake.server.start());
    return fake;
  }

  public String baseUrl() {
    return "https://127.0.0.1:" + server.port();
  }

  public Path keyFile() {
    return keyFile;
  }

  /** The fake's certificate (PEM), for push.apns.trustedCertFile. */
  public Path certFile() {
    return certificate.certPath();
  }

  /** The push.apns settings that point the server at this fake. */
  public JsonObject config() {
    return new JsonObject().put("enabled", true).put("baseUrl", baseUrl()).put("teamId", TEAM_ID)
        .put("keyId", KEY_ID).put("keyFile", keyFile.toString()).put("topic", TOPIC)
        .put("trustedCertFile", certFile().toString());
  }

  /** The next pushes are answered these, in order; then 200 again. */
  public void answerNext(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Every provider token seen so far is answered 403 ExpiredProviderToken from now on. */
  public void expireProviderTokens() {
    expiredTokens.addAll(providerTokens);
  }

  /** Distinct valid provider tokens the fake has seen. */
  public Set<String> providerTokens() {
    return Set.copyOf(providerTokens);
  }

  /** Every push that reached the fake, answered or refused, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The pushes answered 200. */
  public List<Received> delivered() {
    return received.stream().filter(r -> r.status() == 200).toList();
  }

  public Future<Void> down() {
    return server.down();
  }

  public Future<Void> up() {
    return server.up();
  }

  /** Down now, back by itself after {@code outage}; the future completes once it is down. */
  public Future<Void> downFor(Duration outage) {
    return server.downFor(outage);
  }

  /** A device token as iOS gives one: 32 random bytes in hex. */
  public static String newDeviceToken() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void push(HttpServerRequest request) {
    request.body().onSuccess(body -> answer(request, body, check(request, body)));
  }

  /** What APNs would refuse before looking at the push itself; else the scripted answer. */
  private Answer check(HttpServerRequest request, Buffer body) {
    if (request.version() != HttpVersion.HTTP_2) {
      return Answer.error(505, "HTTPVersionNotSupported");
    }
    if (request.method() != HttpMethod.POST || !request.path().startsWith("/3/device/")) {
      return Answer.error(request.method() != HttpMethod.POST ? 405 : 404,
          request.method() != HttpMethod.POST ? "MethodNotAllowed" : "BadPath");
    }
    String token = providerToken(request);
    if (token == null) {
      return Answer.error(403, "MissingProviderToken");
    }
    TestKeys.Verified jwt = TestKeys.verify(token, "ES256", teamKey.getPublic());
    if (jwt == null || !KEY_ID.equals(jwt.header().getString("kid")) || !TEAM_ID.equals(jwt.claims().getString("iss"))
        || jwt.claims().getLong("iat") == null) {
      return Answer.error(403, "InvalidProviderToken");
    }
    long age = clock.instant().getEpochSecond() - jwt.claims().getLong("iat");
    if (expiredTokens.contains(token) || age > 3600) {
      return Answer.error(403, "ExpiredProviderToken");
    }
    providerTokens.add(token);
    Answer refused = refusedHeaders(request);
    if (refused != null) {
      return refused;
    }
    if (body.length() > 4096) {
      return Answer.error(413, "PayloadTooLarge");
    }
    JsonObject payload = payloadOf(body);
    if (payload == null || payload.getJsonObject("aps") == null) {
      return Answer.error(400, "PayloadEmpty");
    }
    Answer scripted = script.poll();
    return scripted == null ? Answer.ok() : scripted;
  }

  private static Answer refusedHeaders(HttpServerRequest request) {
    String topic = request.getHeader("apns-topic");
    if (topic == null) {
      return Answer.error(400, "MissingTopic");
    }
    if (!TOPIC.equals(topic)) {
      return Answer.error(400, "DeviceTokenNotForTopic");
    }
    if (!"alert".equals(request.getHeader("apns-push-type"))) {
      return Answer.error(400, "InvalidPushType");
    }
    String collapseId = request.getHeader("apns-collapse-id");
    if (collapseId != null && collapseId.getBytes(StandardCharsets.UTF_8).length > 64) {
      return Answer.error(400, "BadCollapseId");
    }
    String id = request.getHeader("apns-id");
    if (id != null && !validUuid(id)) {
      return Answer.error(400, "BadMessageId");
    }
    String priority = request.getHeader("apns-priority");
    if (priority != null && !List.of("5", "10", "1").contains(priority)) {
      return Answer.error(400, "BadPriority");
    }
    String expiration = request.getHeader("apns-expiration");
    if (expiration != null && !expiration.matches("\\d{1,12}")) {
      return Answer.error(400, "BadExpirationDate");
    }
    return null;
  }

  private void answer(HttpServerRequest request, Buffer body, Answer answer) {
    String deviceToken = request.path().startsWith("/3/device/") ? request.path().substring("/3/device/".length()) : null;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    received.add(new Received(deviceToken, headers, payloadOf(body), request.version(), providerToken(request),
        answer.hangs() ? 0 : answer.status(), answer.reason(), clock.instant()));
    if (answer.hangs()) {
      return;
    }
    String id = request.getHeader("apns-id") != null ? request.getHeader("apns-id") : UUID.randomUUID().toString();
    var response = request.response().setStatusCode(answer.status()).putHeader("apns-id", id);
    if (answer.retryAfter() != null) {
      response.putHeader("retry-after", Long.toString(answer.retryAfter().toSeconds()));
    }
    if (answer.status() == 200) {
      response.end();
      return;
    }
    JsonObject error = new JsonObject().put("reason", answer.reason());
    if (answer.status() == 410) {
      error.put("timestamp", clock.millis());
    }
    response.putHeader("content-type", "application/json").end(error.encode());
  }

  private static String providerToken(HttpServerRequest request) {
    String authorization = request.getHeader("authorization");
    return authorization != null && authorization.startsWith("bearer ") ? authorization.substring(7) : null;
  }

  private static JsonObject payloadOf(Buffer body) {
    try {
      return body.length() == 0 ? null : new JsonObject(body);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static boolean validUuid(String id) {
    try {
      return UUID.fromString(id).toString().equals(id.toLowerCase());
    } catch (IllegalArgumentException bad) {
      return false;
    }
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
