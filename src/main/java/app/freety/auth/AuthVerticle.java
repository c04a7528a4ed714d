package app.freety.auth;

import app.freety.platform.ClusterLocks;
import app.freety.platform.FeatureClient;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.LogEvent;
import app.freety.platform.Mailer;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumers of freety.auth.*: accounts, passwords and tokens. */
public final class AuthVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  private static final String REVOCATION_LOCK = "freety.auth.sns-revocations";
  private final Pool pool;
  private final JsonObject config;
  private PasswordHasher hasher;
  private Mailer mailer;
  private ProviderCalls providerCalls;
  private SnsRevocations revocations;

  private final Clock clock;

  public AuthVerticle(Pool pool, JsonObject config, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    JsonObject auth = config.getJsonObject("auth");
    JsonObject jwt = config.getJsonObject("jwt");
    return PasswordHasher.create(vertx, auth)
        .compose(created -> {
          hasher = created;
          FeatureClient features = FeatureClient.create(vertx, config);
          mailer = Mailer.create(vertx, config);
          AuthService accounts = new AuthService(pool, features, hasher, AccessTokens.create(vertx, jwt, features),
              RefreshTokens.fromConfig(jwt), new PasswordResets(pool, mailer, config, clock), clock);
          JsonObject sns = config.getJsonObject("sns");
          providerCalls = new ProviderCalls(vertx, sns);
          SealedTokens sealedTokens = new SealedTokens(jwt.getString("secret"));
          SnsAccounts snsAccounts = new SnsAccounts(pool, accounts, new SnsVerifier(providerCalls, clock),
              new SignupTokens(jwt.getString("secret"), Duration.ofMinutes(sns.getInteger("signupTokenMinutes")), clock),
              sealedTokens, clock);
          revocations = new SnsRevocations(pool, new SnsRevoker(providerCalls, clock), sealedTokens, clock);
          long every = sns.getLong("revocationIntervalSeconds") * 1000;
          if (every > 0) {
            vertx.setPeriodic(every, every, id -> runRevocations());
          }
          return registerConsumers(accounts, snsAccounts);
        });
  }

  private Future<?> registerConsumers(AuthService accounts, SnsAccounts sns) {
    return new FeatureConsumers(vertx)
        .on(AuthAddresses.SIGN_UP, Replies.withContext(accounts::signUp))
        .on(AuthAddresses.LOGIN, Replies.withContext(accounts::login))
        .on(AuthAddresses.REFRESH, Replies.forAnyone(accounts::refresh))
        .on(AuthAddresses.LOGOUT, Replies.forAnyone(accounts::logout))
        .on(AuthAddresses.EMAIL_AVAILABILITY, Replies.forAnyone(accounts::emailAvailability))
        .on(AuthAddresses.PASSWORD_RESET, Replies.forAnyone(accounts::requestPasswordReset))
        .on(AuthAddresses.PASSWORD_RESET_CONFIRM, Replies.forAnyone(accounts::confirmPasswordReset))
        .on(AuthAddresses.MEMBER_STATUS, Replies.forAnyone(accounts::memberStatus))
        .on(AuthAddresses.SNS_SIGN_IN, Replies.withContext(sns::signIn))
        .on(AuthAddresses.SNS_SIGN_UP, Replies.withContext(sns::signUp))
        .on(AuthAddresses.SNS_LINK, Replies.forCaller(sns::link))
        .on(AuthAddresses.SNS_UNLINK, Replies.forCaller(sns::unlink))
        .on(AuthAddresses.SNS_CONFIRM_OWNER, Replies.forCaller(sns::confirmOwner))
        .on(AuthAddresses.SNS_REVOCATIONS_DUE, due -> runRevocations())
        .registered();
  }

  /** One run of the revocation job, unless another instance or node is running one. */
  private void runRevocations() {
    ClusterLocks.runAlone(vertx, REVOCATION_LOCK, revocations::runDue, 0)
        .onFailure(failure -> LogEvent.warn(LOG, "sns-revocations-failed")
            .addKeyValue("reason", failure.getClass().getSimpleName()).log());
  }

  @Override
  public Future<?> stop() {
    if (providerCalls != null) {
      providerCalls.close();
    }
    Future<Void> mails = mailer == null ? Future.succeededFuture() : mailer.close();
    return hasher == null ? mails : Future.join(mails, hasher.close());
  }
}
