package app.freety.auth;

import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.FeatureClient;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issues and verifies short-lived access tokens: HS256 only, whatever a token's header claims, and
 * only for members that exist.
 */
public final class AccessTokens {
  static final String ALGORITHM = "HS256";

  /** Verified tokens, so a client's every request does not parse and sign its token again. */
  private static final int CACHE_MAX = 10_000;
  private static final Pattern MEMBER_ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());

  private final Vertx vertx;
  private final JWTAuth jwt;
  private final String issuer;
  private final int lifetimeMinutes;
  private final FeatureClient features;
  private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();
  private final AtomicLong removals = new AtomicLong();

  /** What a verified token says: the caller it names and when it expires (its exp claim). */
  public record VerifiedToken(Caller caller, Instant expiresAt) {
  }

  private AccessTokens(Vertx vertx, JWTAuth jwt, String issuer, int lifetimeMinutes, FeatureClient features) {
    this.vertx = vertx;
    this.jwt = jwt;
    this.issuer = issuer;
    this.lifetimeMinutes = lifetimeMinutes;
    this.features = features;
  }

  /** Tokens of the given configuration; their cache forgets members whose removal is published. */
  public static AccessTokens create(Vertx vertx, JsonObject jwtConfig, FeatureClient features) {
    String issuer = jwtConfig.getString("issuer");
    int minutes = jwtConfig.getInteger("accessTokenMinutes");
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM)
            .setBuffer(jwtConfig.getString("secret")))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).setLeeway(5)));
    AccessTokens tokens = new AccessTokens(vertx, jwt, issuer, minutes, features);
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.MEMBER_REMOVED, tokens::forgetRemovedMember);
    return tokens;
  }

  public String issue(long memberId, Role role) {
    return jwt.generateToken(new JsonObject().put("role", role.name()),
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).setSubject(Long.toString(memberId))
            .setExpiresInMinutes(lifetimeMinutes));
  }

  public int lifetimeSeconds() {
    return lifetimeMinutes * 60;
  }

  /**
   * The caller a token names, or a 401 failure for any token we did not sign, that has expired or
   * whose member does not exist (a deleted account, or a token signed for an id never used).
   */
  public Future<Caller> verify(String token) {
    return verifyToken(token).map(VerifiedToken::caller);
  }

  /** As {@link #verify}, with the token's expiry: a WebSocket stays open only until then. */
  public Future<VerifiedToken> verifyToken(String token) {
    VerifiedToken known = verified.get(token);
    if (known != null) {
      if (known.expiresAt().isAfter(Instant.now())) {
        return Future.succeededFuture(known);
      }
      verified.remove(token);
    }
    if (!hasPinnedAlgorithm(token)) {
      return Future.failedFuture(invalidToken());
    }
    long removalsBefore = removals.get();
    return checkSignature(token)
        .map(user -> requireEveryClaim(user.attributes().getJsonObject("accessToken")))
        .recover(failure -> Future.failedFuture(invalidToken()))
        .compose(this::requireExistingMember)
        .map(claims -> remember(token, claims, removalsBefore));
  }

  /** The library throws, rather than fails, on some malformed claims (an exp that is text). */
  private Future<User> checkSignature(String token) {
    try {
      return jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException malformed) {
      return Future.failedFuture(malformed);
    }
  }

  /**
   * The JWT library checks exp, iat and iss only when they are present, so a signed token without
   * exp would open the API forever: every claim we issue is required. The claims are read from the
   * decoded payload: the library's principal leaves exp and iat out.
   */
  private VerifiedToken requireEveryClaim(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number expiresAt)
        || !(claims.getValue("iat") instanceof Number)
        || !issuer.equals(claims.getValue("iss"))
        || !(claims.getValue("sub") instanceof String memberId) || !MEMBER_ID.matcher(memberId).matches()
        || !(claims.getValue("role") instanceof String role) || !ROLES.contains(role)) {
      throw invalidToken();
    }
    return new VerifiedToken(new Caller(Long.parseLong(memberId), Role.valueOf(role)),
        Instant.ofEpochSecond(expiresAt.longValue()));
  }

  /**
   * Features trust the caller's id, and their inserts would meet a foreign-key error (500) or be
   * dropped silently: an unknown member is refused here, once per token thanks to the cache.
   */
  private Future<VerifiedToken> requireExistingMember(VerifiedToken claims) {
    return memberExists(claims.caller().memberId())
        .compose(exists -> exists ? Future.succeededFuture(claims) : Future.failedFuture(invalidToken()));
  }

  /** The one event-bus call here (the edge holds no SQL): the auth feature looks the member up. */
  private Future<Boolean> memberExists(long memberId) {
    return features.ask(AuthAddresses.MEMBER_STATUS, new MemberStatusQuery(memberId), CallContext.anonymous(null))
        .map(answer -> answer.getBoolean("exists", false));
  }

  private VerifiedToken remember(String token, VerifiedToken claims, long removalsBefore) {
    if (verified.size() >= CACHE_MAX) {
      verified.clear(); // crude but bounded; tokens are cheap to verify again
    }
    // A removal published while this token was being checked may concern its member: not cached.
    if (removals.get() == removalsBefore) {
      verified.put(token, claims);
    }
    return claims;
  }

  private void forgetRemovedMember(Message<JsonObject> removal) {
    Long memberId = removal.body() == null ? null : removal.body().getLong("memberId");
    if (memberId != null) {
      removals.incrementAndGet();
      verified.values().removeIf(known -> known.caller().memberId() == memberId);
    }
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
    return Failure.unauthorized("invalid-token", MessageId.ACCESS_TOKEN_INVALID);
  }
}
