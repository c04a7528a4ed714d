package app.freety.notify;

import app.freety.http.Edge;
import app.freety.http.Responses;
import app.freety.notify.DeviceRequests.DeviceRef;
import app.freety.notify.DeviceRequests.RegisterDevice;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of /api/v1/me/devices: the signed-in member's phones that get pushes. */
public final class DeviceRoutes {
  private static final String INSTALLATION_ID = "installationId";
  private final Edge edge;

  public DeviceRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    router.put(base + "/me/devices/:installationId").handler(edge::authenticate).handler(edge::requireJson)
        .handler(edge::readBody).handler(edge::parseJsonObject).handler(this::register);
    router.delete(base + "/me/devices/:installationId").handler(edge::authenticate).handler(this::forget);
  }

  /** 201 the first time the installation registers for the caller, 200 after (same body). */
  private void register(RoutingContext ctx) {
    RegisterDevice request = RegisterDevice.from(ctx.pathParam(INSTALLATION_ID), Edge.json(ctx));
    edge.ask(ctx, NotifyAddresses.REGISTER_DEVICE, request)
        .onSuccess(registered -> {
          JsonObject device = registered.getJsonObject("device");
          if (registered.getBoolean("created")) {
            Responses.created(ctx, "/api/v1/me/devices/" + request.installationId(), device);
          } else {
            Responses.ok(ctx, device);
          }
        })
        .onFailure(ctx::fail);
  }

  private void forget(RoutingContext ctx) {
    edge.answerNoContent(ctx, NotifyAddresses.FORGET_DEVICE, DeviceRef.from(ctx.pathParam(INSTALLATION_ID)));
  }
}
