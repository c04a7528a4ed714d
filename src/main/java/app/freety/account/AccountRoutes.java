package app.freety.account;

import app.freety.http.Edge;
import app.freety.platform.EmptyRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of one's own account: GET /me/export and DELETE /me. */
public final class AccountRoutes {
  private final Edge edge;

  public AccountRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    router.get(base + "/me/export").handler(edge::authenticate).handler(this::export);
    router.delete(base + "/me").handler(edge::authenticate).handler(edge::requireJson).handler(edge::readBody)
        .handler(edge::parseJsonObject).handler(this::deleteAccount);
  }

  private void deleteAccount(RoutingContext ctx) {
    edge.answerNoContent(ctx, AccountAddresses.DELETE, DeleteAccount.from(Edge.json(ctx)));
  }

  private void export(RoutingContext ctx) {
    edge.answerOkNoStore(ctx, AccountAddresses.EXPORT, EmptyRequest.INSTANCE);
  }
}
