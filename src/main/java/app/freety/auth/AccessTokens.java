package app.freety.auth;

import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Issues and verifies short-lived access tokens: HS256 only, whatever a token's header claims. */
public final class AccessTokens {
  static final String ALGORITHM = "HS256";

  /** Verified tokens, so a client's every request does not parse and sign its token again. */
  private static final int CACHE_MAX = 10_000;

  private final JWTAuth jwt;
  private final String issuer;
  private final int lifetimeMinutes;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(Caller caller, long expiresAtSecond) {
  }

  private AccessTokens(JWTAuth jwt, String issuer, int lifetimeMinutes) {
    this.jwt = jwt;
    this.issuer = issuer;
    this.lifetimeMinutes = lifetimeMinutes;
  }

  public static AccessTokens create(Vertx vertx, JsonObject jwtConfig) {
    String issuer = jwtConfig.getString("issuer");
    int minutes = jwtConfig.getInteger("accessTokenMinutes");
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM)
            .setBuffer(jwtConfig.getString("secret")))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).setLeeway(5)));
    return new AccessTokens(jwt, issuer, minutes);
  }

  public String issue(long memberId, Role role) {
    return jwt.generateToken(new JsonObject().put("role", role.name()),
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).setSubject(Long.toString(memberId))
            .setExpiresInMinutes(lifetimeMinutes));
  }

  public int lifetimeSeconds() {
    return lifetimeMinutes * 60;
  }

  /** The caller a token names, or a 401 failure for any token we did not sign or that has expired. */
  public Future<Caller> verify(String token) {
    Verified known = verified.get(token);
    if (known != null) {
      if (known.expiresAtSecond() > Instant.now().getEpochSecond()) {
        return Future.succeededFuture(known.caller());
      }
      verified.remove(token);
    }
    if (!hasPinnedAlgorithm(token)) {
      return Future.failedFuture(invalidToken());
    }
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> remember(token, user.principal()))
        .recover(failure -> Future.failedFuture(invalidToken()));
  }

  private Caller remember(String token, JsonObject claims) {
    Caller caller = new Caller(Long.parseLong(claims.getString("sub")), Role.valueOf(claims.getString("role")));
    if (verified.size() >= CACHE_MAX) {
      verified.clear(); // crude but bounded; tokens are cheap to verify again
    }
    verified.put(token, new Verified(caller, claims.getLong("exp", 0L)));
    return caller;
  }

  private static boolean hasPinnedAlgorithm(String token) {
    int firstDot = token.indexOf('.');
    if (firstDot <= 0) {
      return false;
    }
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, firstDot));
      return ALGORITHM.equals(new JsonObject(new String(header, StandardCharsets.UTF_8)).getString("alg"));
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  private static Failure invalidToken() {
    return Failure.unauthorized("invalid-token", "The access token is missing, invalid or expired");
  }
}
