package app.freety.notify.push;

import app.freety.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * FCM on loopback (plain HTTP): Google's OAuth2 token endpoint, which takes only a JWT grant signed
 * by this fake's service-account key (RSA 2048, made here, written as a JSON key file), and
 * messages:send, which takes only access tokens it issued and still valid. It records every send,
 * answers 200 unless told otherwise ({@link #answerNext}), and can go down (connections refused).
 * Start and close it on the JUnit thread; everything else may be called from anywhere.
 */
public final class FakeFcm implements AutoCloseable {
  public static final String PROJECT_ID = "freety-test";
  public static final String CLIENT_EMAIL = "freety-push@freety-test.iam.gserviceaccount.com";
  public static final String KEY_ID = "fake-service-account-key-1";
  public static final String TOKEN_PATH = "/token";

  /** One messages:send that reached the fake, with the status it was answered. */
  public record Received(String path, String authorization, JsonObject message, int status, Instant at) {

    public String deviceToken() {
      return message == null ? null : message.getString("token");
    }
  }

  /** How the fake answers one send (after checking its access token). */
  public record Answer(int status, String errorCode, String googleStatus, String message, JsonArray details,
      Duration retryAfter, boolean hangs) {

    public static Answer ok() {
      return new Answer(200, null, null, null, null, null, false);
    }

    /** 404 UNREGISTERED: the app was uninstalled or the token expired. */
    public static Answer unregistered() {
      return error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
    }

    /** 400 INVALID_ARGUMENT about the token itself. */
    public static Answer invalidToken() {
      return error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token");
    }

    /** 400 INVALID_ARGUMENT about the message (a bad field), not the token. */
    public static Answer invalidMessage() {
      return new Answer(400, null, "INVALID_ARGUMENT", "Invalid value at 'message.android.ttl'",
          new JsonArray().add(new JsonObject().put("@type", "type.googleapis.com/google.rpc.BadRequest")
              .put("fieldViolations", new JsonArray().add(new JsonObject().put("field", "message.android.ttl")
                  .put("description", "Invalid value")))), null, false);
    }

    /** 429 QUOTA_EXCEEDED with Retry-After (null: none). */
    public static Answer tooManyRequests(Duration retryAfter) {
      return error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.").withRetryAfter(retryAfter);
    }

    public static Answer internal() {
      return error(500, "INTERNAL", "INTERNAL", "Internal error encountered.");
    }

    /** 503 UNAVAILABLE with Retry-After (null: none). */
    public static Answer unavailable(Duration retryAfter) {
      return error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.").withRetryAfter(retryAfter);
    }

    /** Reads the request and never answers: the client's time-out decides. */
    public static Answer hang() {
      return new Answer(0, null, null, null, null, null, true);
    }

    /** Any FCM error: HTTP status, Google status (NOT_FOUND...), FcmError errorCode (UNREGISTERED...; null: none). */
    public static Answer error(int status, String googleStatus, String errorCode, String message) {
      JsonArray details = errorCode == null ? new JsonArray() : new JsonArray().add(new JsonObject()
          .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError").put("errorCode", errorCode));
      return new Answer(status, errorCode, googleStatus, message, details, null, false);
    }

    public Answer withRetryAfter(Duration wait) {
      return new Answer(status, errorCode, googleStatus, message, details, wait, hangs);
    }

    JsonObject body() {
      return new JsonObject().put("error", new JsonObject().put("code", status).put("message", message)
          .put("status", googleStatus).put("details", details == null ? new JsonArray() : details));
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Clock clock;
  private final Path serviceAccountFile;
  private final java.security.KeyPair key = TestKeys.rsa2048();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
  private final AtomicInteger grants = new AtomicInteger();
  private final AtomicInteger refusedGrants = new AtomicInteger();
  private final AtomicReference<Duration> tokenLifetime = new AtomicReference<>(Duration.ofHours(1));
  private final LoopbackServer server;

  private FakeFcm(Path dir, Clock clock) {
    this.clock = clock;
    this.serviceAccountFile = dir.resolve("fcm-service-account-" + System.nanoTime() + ".json");
    this.server = new LoopbackServer(vertx, new HttpServerOptions(), this::route);
  }

  /** Starts on a free loopback port and writes the service-account key file into {@code dir}. */
  public static FakeFcm start(Path dir) {
    return start(dir, Clock.systemUTC());
  }

  /** As above; access tokens expire by {@code clock} (pass the server's TestClock to age them). */
  public static FakeFcm start(Path dir, Clock clock) {
    FakeFcm fake = new FakeFcm(dir, clock);
    Await.result(fake.server.start());
    try {
      Files.writeString(fake.serviceAccountFile, fake.serviceAccountJson().encodePrettily());
    } catch (Exception e) {
      fake.close();
      throw new IllegalStateException("cannot write the service-account key", e);
    }
    return fake;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public Path serviceAccountFile() {
    return serviceAccountFile;
  }

  /** The push.fcm settings that point the server at this fake. */
  public JsonObject config() {
    return new JsonObject().put("enabled", true).put("baseUrl", baseUrl()).put("projectId", PROJECT_ID)
        .put("serviceAccountFile", serviceAccountFile.toString());
  }

  /** The key file as the Firebase console writes it (token_uri pointing here). */
  public JsonObject serviceAccountJson() {
    return new JsonObject().put("type", "service_account").put("project_id", PROJECT_ID)
        .put("private_key_id", KEY_ID).put("private_key", TestKeys.pem(key.getPrivate()))
        .put("client_email", CLIENT_EMAIL).put("client_id", "100000000000000000001")
        .put("token_uri", baseUrl() + TOKEN_PATH);
  }

  /** What expires_in the token endpoint answers from now on (default an hour, as Google's). */
  public void tokenLifetime(Duration lifetime) {
    tokenLifetime.set(lifetime);
  }

  /** The next sends are answered these, in order; then 200 again. */
  public void answerNext(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Every access token issued so far stops working (the next send with one gets 401 UNAUTHENTICATED). */
  public void revokeAccessTokens() {
    accessTokens.clear();
  }

  /** Every messages:send that reached the fake, answered or refused, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The sends answered 200. */
  public List<Received> delivered() {
    return received.stream().filter(r -> r.status() == 200).toList();
  }

  /** Access tokens issued (grants accepted) so far. */
  public int grants() {
    return grants.get();
  }

  /** Grants refused (bad signature, issuer, audience, scope or times). */
  public int refusedGrants() {
    return refusedGrants.get();
  }

  /** Connections refused from now on until {@link #up()}. */
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

  /** A token shaped like an FCM registration token. */
  public static String newDeviceToken() {
    return "fcm-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ":APA91b"
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }

  private void route(HttpServerRequest request) {
    if (request.method() == HttpMethod.POST && TOKEN_PATH.equals(request.path())) {
      request.setExpectMultipart(true);
      request.endHandler(ended -> grant(request));
    } else {
      request.body().onSuccess(body -> send(request, body));
    }
  }

  private void grant(HttpServerRequest request) {
    String assertion = request.getFormAttribute("assertion");
    TestKeys.Verified jwt = TestKeys.verify(assertion, "RS256", key.getPublic());
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(request.getFormAttribute("grant_type")) || jwt == null || !validGrant(jwt)) {
      refusedGrants.incrementAndGet();
      json(request, 400, new JsonObject().put("error", "invalid_grant").put("error_description", "Invalid JWT Signature."));
      return;
    }
    String token = "ya29.fake-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    Duration lifetime = tokenLifetime.get();
    accessTokens.put(token, clock.instant().plus(lifetime));
    grants.incrementAndGet();
    json(request, 200, new JsonObject().put("access_token", token).put("expires_in", lifetime.toSeconds())
        .put("token_type", "Bearer"));
  }

  private boolean validGrant(TestKeys.Verified jwt) {
    JsonObject claims = jwt.claims();
    long now = clock.instant().getEpochSecond();
    Long iat = claims.getLong("iat");
    Long exp = claims.getLong("exp");
    return KEY_ID.equals(jwt.header().getString("kid")) && CLIENT_EMAIL.equals(claims.getString("iss"))
        && (baseUrl() + TOKEN_PATH).equals(claims.getString("aud"))
        && "https://www.googleapis.com/auth/firebase.messaging".equals(claims.getString("scope"))
        && iat != null && exp != null && iat <= now + 60 && exp > now && exp - iat <= 3600;
  }

  private void send(HttpServerRequest request, Buffer body) {
    String authorization = request.getHeader("Authorization");
    JsonObject message = messageOf(body);
    String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    Instant expiresAt = token == null ? null : accessTokens.get(token);
    if (expiresAt == null || !clock.instant().isBefore(expiresAt)) {
      answer(request, authorization, message, Answer.error(401, "UNAUTHENTICATED", null,
          "Request had invalid authentication credentials. Expected OAuth 2 access token."));
    } else if (request.method() != HttpMethod.POST
        || !("/v1/projects/" + PROJECT_ID + "/messages:send").equals(request.path())) {
      answer(request, authorization, message, Answer.error(404, "NOT_FOUND", null, "Not found"));
    } else if (message == null || message.getString("token") == null || !dataIsStrings(message)) {
      answer(request, authorization, message, Answer.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
          "Invalid JSON payload received."));
    } else {
      Answer scripted = script.poll();
      answer(request, authorization, message, scripted == null ? Answer.ok() : scripted);
    }
  }

  private void answer(HttpServerRequest request, String authorization, JsonObject message, Answer answer) {
    received.add(new Received(request.path(), authorization, message, answer.hangs() ? 0 : answer.status(),
        clock.instant()));
    if (answer.hangs()) {
      return;
    }
    if (answer.retryAfter() != null) {
      request.response().putHeader("Retry-After", Long.toString(answer.retryAfter().toSeconds()));
    }
    if (answer.status() == 200) {
      json(request, 200, new JsonObject().put("name", "projects/" + PROJECT_ID + "/messages/0:"
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())));
    } else {
      json(request, answer.status(), answer.body());
    }
  }

  private static JsonObject messageOf(Buffer body) {
    try {
      return new JsonObject(body).getJsonObject("message");
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** FCM refuses any data value that is not a string. */
  private static boolean dataIsStrings(JsonObject message) {
    JsonObject data = message.getJsonObject("data");
    return data == null || data.stream().allMatch(entry -> entry.getValue() instanceof String);
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(body.encode());
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
