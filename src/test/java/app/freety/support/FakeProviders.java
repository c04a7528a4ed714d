package app.freety.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kakao, Naver, Facebook and Apple as real HTTP servers on loopback, answering the way the real
 * APIs do. Each knows the tokens it issued, and can be made slow, down (503) or to answer garbage.
 */
public final class FakeProviders implements AutoCloseable {
  public static final String KAKAO_APP_ID = "424242";
  public static final String NAVER_CLIENT_ID = "naver-client";
  public static final String FACEBOOK_APP_ID = "1010101";
  public static final String FACEBOOK_APP_SECRET = "facebook-secret";
  public static final String APPLE_CLIENT_ID = "app.freety.ios";
  public static final String APPLE_ISSUER = "https://appleid.apple.com";
  public static final String APPLE_TEAM_ID = "TEAM123456";
  public static final String APPLE_KEY_ID = "KEY7890";
  public static final String KAKAO_ADMIN_KEY = "kakao-admin-key";
  public static final String NAVER_CLIENT_SECRET = "naver-secret";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** How a fake answers every request. */
  public enum Mode { NORMAL, SLOW, DOWN, GARBAGE }

  /** A user of a provider and the app their token was issued to. */
  public record User(String id, String email, String appId) {
  }

  /** One provider's server. */
  public static final class Fake {
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
    private final Map<String, User> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    /** What the provider was asked to forget: user ids (Kakao, Facebook) or tokens (Naver, Apple). */
    public final List<String> revoked = new CopyOnWriteArrayList<>();
    /** Paths that answer 503 whatever the mode (one endpoint of a provider down). */
    public final java.util.Set<String> downPaths = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    public void mode(Mode next) {
      mode.set(next);
    }

    public int hits() {
      return hits.get();
    }

    public String baseUrl() {
      return "http://127.0.0.1:" + server.actualPort();
    }

    /** A new access token of the user, as the provider's SDK would give the app. */
    public String tokenOf(User user) {
      String token = "tok-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
      tokens.put(token, user);
      return token;
    }

    User user(String token) {
      return token == null ? null : tokens.get(token);
    }
  }

  public final Fake kakao = new Fake();
  public final Fake naver = new Fake();
  public final Fake facebook = new Fake();
  public final Fake apple = new Fake();
  /** The keys Apple publishes (kid → key pair); tests add and remove keys. */
  public final List<Map.Entry<String, KeyPair>> appleKeys = new CopyOnWriteArrayList<>();
  /** The team's Sign in with Apple key (P-256) the server signs its client_secret with. */
  public final KeyPair appleTeamKey = newEcKey();
  /** Authorization codes Apple issued (code → user id) and the refresh tokens they became. */
  private final Map<String, String> appleCodes = new ConcurrentHashMap<>();
  private final Map<String, String> appleRefreshTokens = new ConcurrentHashMap<>();
  private final java.util.Set<String> appleRevokedUsers = ConcurrentHashMap.newKeySet();

  private final Vertx vertx = Vertx.vertx();

  private FakeProviders() {
  }

  public static FakeProviders start() {
    FakeProviders fakes = new FakeProviders();
    Await.result(Future.all(
        fakes.listen(fakes.kakao, fakes::kakao),
        fakes.listen(fakes.naver, fakes::naver),
        fakes.listen(fakes.facebook, fakes::facebook),
        fakes.listen(fakes.apple, fakes::apple)));
    return fakes;
  }

  /** The sns configuration that points the server at these fakes. */
  public JsonObject config() {
    return new JsonObject()
        .put("timeoutMs", 500)
        .put("breakerMaxFailures", 3)
        .put("breakerResetMs", 1000)
        .put("kakao", new JsonObject().put("baseUrl", kakao.baseUrl()).put("appId", KAKAO_APP_ID)
            .put("adminKey", KAKAO_ADMIN_KEY))
        .put("naver", new JsonObject().put("baseUrl", naver.baseUrl()).put("clientId", NAVER_CLIENT_ID)
            .put("clientSecret", NAVER_CLIENT_SECRET).put("authBaseUrl", naver.baseUrl()))
        .put("facebook", new JsonObject().put("baseUrl", facebook.baseUrl()).put("appId", FACEBOOK_APP_ID)
            .put("appSecret", FACEBOOK_APP_SECRET))
        .put("apple", new JsonObject().put("baseUrl", apple.baseUrl()).put("clientId", APPLE_CLIENT_ID)
            .put("teamId", APPLE_TEAM_ID).put("keyId", APPLE_KEY_ID).put("privateKey", pem(appleTeamKey.getPrivate())));
  }

  /** Whether a refresh token Apple issued for the user (through a code exchange) was revoked. */
  public boolean appleRevokedFor(String userId) {
    return appleRevokedUsers.contains(userId);
  }

  /** An authorization code Apple would give the app with an identity token of the user. */
  public String appleCodeOf(String userId) {
    String code = "code-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    appleCodes.put(code, userId);
    return code;
  }

  public static String newUserId() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
  }

  private Future<HttpServer> listen(Fake fake, java.util.function.BiConsumer<Fake, HttpServerRequest> handler) {
    return vertx.createHttpServer().requestHandler(request -> {
      // Form bodies (revoke calls) are read before answering; Vert.x refuses this without a content type.
      if (request.getHeader("Content-Type") != null) {
        request.setExpectMultipart(true);
      }
      request.endHandler(ended -> answer(fake, handler, request));
    }).listen(0, "127.0.0.1").onSuccess(server -> fake.server = server);
  }

  private void answer(Fake fake, java.util.function.BiConsumer<Fake, HttpServerRequest> handler,
      HttpServerRequest request) {
    fake.hits.incrementAndGet();
    Mode mode = fake.downPaths.contains(request.path()) ? Mode.DOWN : fake.mode.get();
    switch (mode) {
      case SLOW -> vertx.setTimer(5_000, id -> handler.accept(fake, request));
      case DOWN -> request.response().setStatusCode(503).end("Service Unavailable");
      case GARBAGE -> request.response().putHeader("Content-Type", "text/html").end("<html>maintenance</html>");
      default -> handler.accept(fake, request);
    }
  }

  private static String bearer(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
        .end(body.encode());
  }

  private void kakao(Fake fake, HttpServerRequest request) {
    if ("/v1/user/unlink".equals(request.path())) {
      if (!("KakaoAK " + KAKAO_ADMIN_KEY).equals(request.getHeader("Authorization"))) {
        json(request, 401, new JsonObject().put("msg", "wrong admin key").put("code", -401));
        return;
      }
      String userId = request.getFormAttribute("target_id");
      fake.revoked.add(userId);
      json(request, 200, new JsonObject().put("id", Long.parseLong(userId)));
      return;
    }
    User user = fake.user(bearer(request));
    if (user == null) {
      json(request, 401, new JsonObject().put("msg", "this access token does not exist").put("code", -401));
      return;
    }
    switch (request.path()) {
      case "/v1/user/access_token_info" -> json(request, 200, new JsonObject().put("id", Long.parseLong(user.id()))
          .put("expires_in", 7199).put("app_id", Long.parseLong(user.appId())));
      case "/v2/user/me" -> json(request, 200, new JsonObject().put("id", Long.parseLong(user.id()))
          .put("connected_at", "2026-11-29T00:00:00Z")
          .put("kakao_account", new JsonObject().put("has_email", user.email() != null)
              .put("is_email_valid", true).put("is_email_verified", true).put("email", user.email())));
      default -> json(request, 404, new JsonObject().put("msg", "not found").put("code", -404));
    }
  }

  private void naver(Fake fake, HttpServerRequest request) {
    if ("/oauth2.0/token".equals(request.path()) && "delete".equals(request.getFormAttribute("grant_type"))) {
      String token = request.getFormAttribute("access_token");
      if (!NAVER_CLIENT_ID.equals(request.getFormAttribute("client_id"))
          || !NAVER_CLIENT_SECRET.equals(request.getFormAttribute("client_secret"))) {
        json(request, 200, new JsonObject().put("error", "invalid_client").put("error_description", "no client"));
      } else if (fake.tokens.remove(token) == null) {
        json(request, 200, new JsonObject().put("error", "invalid_request").put("error_description", "no token"));
      } else {
        fake.revoked.add(token);
        json(request, 200, new JsonObject().put("access_token", token).put("result", "success"));
      }
      return;
    }
    User user = fake.user(bearer(request));
    if (user == null || !"/v1/nid/me".equals(request.path())) {
      json(request, 401, new JsonObject().put("resultcode", "024").put("message", "Authentication failed"));
      return;
    }
    json(request, 200, new JsonObject().put("resultcode", "00").put("message", "success")
        .put("response", new JsonObject().put("id", user.id()).put("email", user.email()).put("name", "네이버")));
  }

  private void facebook(Fake fake, HttpServerRequest request) {
    JsonObject oauthError = new JsonObject().put("error", new JsonObject()
        .put("message", "Invalid OAuth access token.").put("type", "OAuthException").put("code", 190));
    if ("/debug_token".equals(request.path())) {
      if (!(FACEBOOK_APP_ID + "|" + FACEBOOK_APP_SECRET).equals(request.getParam("access_token"))) {
        json(request, 400, oauthError);
        return;
      }
      User user = fake.user(request.getParam("input_token"));
      json(request, 200, new JsonObject().put("data", user == null
          ? new JsonObject().put("is_valid", false).put("error", new JsonObject().put("code", 190))
          : new JsonObject().put("app_id", user.appId()).put("type", "USER").put("is_valid", true)
              .put("user_id", user.id()).put("expires_at", Instant.now().getEpochSecond() + 3600)));
      return;
    }
    if (request.method() == HttpMethod.DELETE && request.path().endsWith("/permissions")) {
      if (!(FACEBOOK_APP_ID + "|" + FACEBOOK_APP_SECRET).equals(request.getParam("access_token"))) {
        json(request, 400, oauthError);
        return;
      }
      fake.revoked.add(request.path().split("/")[1]);
      json(request, 200, new JsonObject().put("success", true));
      return;
    }
    String token = request.getParam("access_token");
    User user = fake.user(token);
    if (user == null || !"/me".equals(request.path())
        || !hmacHex(FACEBOOK_APP_SECRET, token).equals(request.getParam("appsecret_proof"))) {
      json(request, 400, oauthError);
      return;
    }
    JsonObject me = new JsonObject().put("id", user.id());
    if (user.email() != null) {
      me.put("email", user.email());
    }
    json(request, 200, me);
  }

  private void apple(Fake fake, HttpServerRequest request) {
    switch (request.path()) {
      case "/auth/token" -> appleToken(request);
      case "/auth/revoke" -> appleRevoke(fake, request);
      default -> appleKeys(request);
    }
  }

  private void appleToken(HttpServerRequest request) {
    String userId = appleCodes.remove(String.valueOf(request.getFormAttribute("code")));
    if (!validAppleClient(request) || userId == null
        || !"authorization_code".equals(request.getFormAttribute("grant_type"))) {
      json(request, 400, new JsonObject().put("error", userId == null ? "invalid_grant" : "invalid_client"));
      return;
    }
    String refreshToken = "r-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    appleRefreshTokens.put(refreshToken, userId);
    json(request, 200, new JsonObject().put("access_token", "a-" + refreshToken).put("token_type", "Bearer")
        .put("expires_in", 3600).put("refresh_token", refreshToken).put("id_token", "not-read"));
  }

  private void appleRevoke(Fake fake, HttpServerRequest request) {
    if (!validAppleClient(request)) {
      json(request, 400, new JsonObject().put("error", "invalid_client"));
      return;
    }
    String token = request.getFormAttribute("token");
    String userId = appleRefreshTokens.remove(String.valueOf(token));
    if (userId != null) {
      fake.revoked.add(token);
      appleRevokedUsers.add(userId);
    }
    request.response().setStatusCode(200).end();
  }

  /** The client_secret must be an ES256 JWT of our team, for our client id, signed with the team key. */
  private boolean validAppleClient(HttpServerRequest request) {
    String secret = request.getFormAttribute("client_secret");
    if (!APPLE_CLIENT_ID.equals(request.getFormAttribute("client_id")) || secret == null) {
      return false;
    }
    String[] parts = secret.split("\\.");
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      verifier.initVerify(appleTeamKey.getPublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      long now = Instant.now().getEpochSecond();
      return verifier.verify(Base64.getUrlDecoder().decode(parts[2])) && "ES256".equals(header.getString("alg"))
          && APPLE_KEY_ID.equals(header.getString("kid")) && APPLE_TEAM_ID.equals(claims.getString("iss"))
          && APPLE_CLIENT_ID.equals(claims.getString("sub")) && APPLE_ISSUER.equals(claims.getString("aud"))
          && claims.getLong("exp") > now;
    } catch (Exception malformed) {
      return false;
    }
  }

  private void appleKeys(HttpServerRequest request) {
    JsonArray keys = new JsonArray();
    for (Map.Entry<String, KeyPair> key : appleKeys) {
      RSAPublicKey publicKey = (RSAPublicKey) key.getValue().getPublic();
      keys.add(new JsonObject().put("kty", "RSA").put("kid", key.getKey()).put("use", "sig").put("alg", "RS256")
          .put("n", URL.encodeToString(unsigned(publicKey.getModulus())))
          .put("e", URL.encodeToString(unsigned(publicKey.getPublicExponent()))));
    }
    json(request, 200, new JsonObject().put("keys", keys));
  }

  /** A new RSA key pair Apple would publish under the kid. */
  public static KeyPair newRsaKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new P-256 key pair (ES256), as Apple hands out for Sign in with Apple and APNs. */
  public static KeyPair newEcKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCS#8 PEM, as the Firebase console and Apple's developer site hand keys out. */
  public static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }


  public static String hmacHex(String secret, String text) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Apple's usual claims for a user of our app, valid ten minutes. */
  public static JsonObject appleClaims(String userId, String email) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("iss", APPLE_ISSUER).put("aud", APPLE_CLIENT_ID)
        .put("exp", now + 600).put("iat", now).put("sub", userId);
    if (email != null) {
      claims.put("email", email).put("email_verified", "true");
    }
    return claims;
  }

  /** An identity token as Apple signs it: RS256 with the kid in the header. */
  public static String appleToken(String kid, KeyPair key, JsonObject claims) {
    String signingInput = URL.encodeToString(new JsonObject().put("kid", kid).put("alg", "RS256").encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key.getPrivate());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
