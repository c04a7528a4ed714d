package app.freety.auth;

import app.freety.http.Edge;
import app.freety.http.Responses;
import app.freety.http.Throttle;
import app.freety.platform.Language;
import app.freety.platform.RateLimiter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of /api/v1/auth: validates at the edge, then asks the auth feature over the bus. */
public final class AuthRoutes {
  private final Edge edge;
  private final Throttle signUpThrottle;
  private final Throttle loginThrottle;
  private final Throttle emailCheckThrottle;
  private final Throttle resetThrottle;
  private final Throttle resetConfirmThrottle;

  public AuthRoutes(Edge edge, RateLimiter limiter, JsonObject rateLimits) {
    this.edge = edge;
    this.signUpThrottle = new Throttle(limiter, "signup", rateLimits.getJsonObject("signup"));
    this.loginThrottle = new Throttle(limiter, "login", rateLimits.getJsonObject("login"));
    this.emailCheckThrottle = new Throttle(limiter, "email-availability",
        rateLimits.getJsonObject("emailAvailability"));
    this.resetThrottle = new Throttle(limiter, "password-reset", rateLimits.getJsonObject("passwordReset"));
    // Confirmations have no email to count by: per address only, so tokens cannot be tried in bulk.
    this.resetConfirmThrottle = new Throttle(limiter, "password-reset-confirm",
        rateLimits.getJsonObject("passwordReset"));
  }

  public void mount(Router router, String base) {
    jsonRoute(router, base + "/auth/signup").handler(this::signUp);
    jsonRoute(router, base + "/auth/login").handler(this::login);
    jsonRoute(router, base + "/auth/refresh").handler(this::refresh);
    jsonRoute(router, base + "/auth/logout").handler(this::logout);
    jsonRoute(router, base + "/auth/password-reset").handler(this::requestPasswordReset);
    jsonRoute(router, base + "/auth/password-reset/confirm").handler(this::confirmPasswordReset);
    router.get(base + "/auth/email-availability").handler(this::emailAvailability);
    jsonRoute(router, base + "/auth/sns/:provider").handler(this::snsSignIn);
    router.post(base + "/auth/sns/:provider/signup").handler(edge::acceptIdempotencyKey).handler(edge::requireJson)
        .handler(edge::readBody).handler(edge::parseJsonObject).handler(this::snsSignUp);
    router.post(base + "/me/sns/:provider").handler(edge::authenticate).handler(edge::requireJson)
        .handler(edge::readBody).handler(edge::parseJsonObject).handler(this::linkSns);
    router.delete(base + "/me/sns/:provider").handler(edge::authenticate).handler(this::unlinkSns);
  }

  private io.vertx.ext.web.Route jsonRoute(Router router, String path) {
    return router.post(path).handler(edge::requireJson).handler(edge::readBody).handler(edge::parseJsonObject);
  }

  private void signUp(RoutingContext ctx) {
    SignUp request = SignUp.from(Edge.json(ctx));
    signUpThrottle.attempt(ctx, edge.clientIp(ctx), request.email())
        .compose(allowed -> edge.ask(ctx, AuthAddresses.SIGN_UP, request))
        .onSuccess(session -> Responses.created(ctx, "/api/v1/me", session))
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    Login request = Login.from(Edge.json(ctx));
    loginThrottle.attempt(ctx, edge.clientIp(ctx), request.email())
        .compose(allowed -> edge.ask(ctx, AuthAddresses.LOGIN, request))
        .onSuccess(session -> Responses.ok(ctx, session))
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    RefreshTokenRequest request = RefreshTokenRequest.from(Edge.json(ctx));
    edge.answerOk(ctx, AuthAddresses.REFRESH, request);
  }

  private void logout(RoutingContext ctx) {
    Logout request = Logout.from(Edge.json(ctx));
    edge.answerNoContent(ctx, AuthAddresses.LOGOUT, request);
  }

  private void requestPasswordReset(RoutingContext ctx) {
    PasswordResetRequest request = PasswordResetRequest.from(Edge.json(ctx),
        Language.preferred(ctx.acceptableLanguages()));
    resetThrottle.attempt(ctx, edge.clientIp(ctx), request.email())
        .compose(allowed -> edge.ask(ctx, AuthAddresses.PASSWORD_RESET, request))
        .onSuccess(accepted -> Responses.send(ctx, 202, accepted))
        .onFailure(ctx::fail);
  }

  private void confirmPasswordReset(RoutingContext ctx) {
    PasswordResetConfirm request = PasswordResetConfirm.from(Edge.json(ctx));
    resetConfirmThrottle.attempt(ctx, edge.clientIp(ctx), null)
        .compose(allowed -> edge.ask(ctx, AuthAddresses.PASSWORD_RESET_CONFIRM, request))
        .onSuccess(ignored -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** Sign-in with a provider's token counts against the login limits of the client's address. */
  private void snsSignIn(RoutingContext ctx) {
    SnsCredential request = SnsCredential.from(provider(ctx), Edge.json(ctx));
    loginThrottle.attempt(ctx, edge.clientIp(ctx), null)
        .compose(allowed -> edge.ask(ctx, AuthAddresses.SNS_SIGN_IN, request))
        .onSuccess(session -> Responses.ok(ctx, session))
        .onFailure(ctx::fail);
  }

  private void snsSignUp(RoutingContext ctx) {
    SnsSignUp request = SnsSignUp.from(provider(ctx), Edge.json(ctx));
    signUpThrottle.attempt(ctx, edge.clientIp(ctx), null)
        .compose(allowed -> edge.ask(ctx, AuthAddresses.SNS_SIGN_UP, request))
        .onSuccess(session -> Responses.created(ctx, "/api/v1/me", session))
        .onFailure(ctx::fail);
  }

  private void linkSns(RoutingContext ctx) {
    edge.answerNoContent(ctx, AuthAddresses.SNS_LINK, SnsCredential.from(provider(ctx), Edge.json(ctx)));
  }

  private void unlinkSns(RoutingContext ctx) {
    edge.answerNoContent(ctx, AuthAddresses.SNS_UNLINK, new SnsUnlink(provider(ctx)));
  }

  private static SnsProvider provider(RoutingContext ctx) {
    return SnsProvider.fromPath(ctx.pathParam("provider"));
  }

  private void emailAvailability(RoutingContext ctx) {
    EmailQuery query = EmailQuery.from(Edge.queryAsJson(ctx));
    emailCheckThrottle.attempt(ctx, edge.clientIp(ctx), null)
        .compose(allowed -> edge.ask(ctx, AuthAddresses.EMAIL_AVAILABILITY, query))
        .onSuccess(answer -> Responses.ok(ctx, answer))
        .onFailure(ctx::fail);
  }
}
