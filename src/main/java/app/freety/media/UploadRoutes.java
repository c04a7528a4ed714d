package app.freety.media;

import app.freety.http.Edge;
import app.freety.media.PhotoRequests.ChooseMain;
import app.freety.media.PhotoRequests.Delete;
import app.freety.media.UploadRequests.Abort;
import app.freety.media.UploadRequests.Begin;
import app.freety.media.UploadRequests.Commit;
import app.freety.http.LingeringClose;
import app.freety.http.Responses;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.ObjectStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Photo routes. Uploads have no body handler: the edge asks the media feature to authorise and
 * reserve the upload (begin), streams the bytes straight into S3, then asks it to attach them
 * (commit) or to forget them (abort) when anything went wrong.
 */
public final class UploadRoutes {
  /**
   * A multipart body carries boundaries and part headers besides the file (nginx's
   * client_max_body_size in deploy/ allows for it too).
   */
  public static final long MULTIPART_OVERHEAD = 64 * 1024;
  private static final Set<String> HAIR_SIDES = Set.of("front", "side", "back");

  private final Edge edge;
  private final ObjectStorage storage;
  private final UploadSlots slots;
  private final long maxBytes;
  private final Counter storedBytes;

  public UploadRoutes(Edge edge, ObjectStorage storage, UploadSlots slots, JsonObject media, MeterRegistry metrics) {
    this.edge = edge;
    this.storage = storage;
    this.slots = slots;
    this.maxBytes = media.getLong("maxBytes");
    this.storedBytes = Counter.builder("freety.uploads.stored").baseUnit("bytes")
        .description("Image bytes of uploads stored (committed)").register(metrics);
  }

  public void mount(Router router, String base) {
    upload(router.put(base + "/me/photo")).handler(ctx -> upload(ctx, MediaPurpose.PROFILE_PHOTO, null, null));
    upload(router.post(base + "/me/portfolio")).handler(edge::acceptIdempotencyKey).handler(ctx ->
        upload(ctx, MediaPurpose.PORTFOLIO, null, photo -> base + "/me/portfolio/" + photo.getLong("id")));
    router.delete(base + "/me/portfolio/:photoId").handler(edge::authenticate).handler(this::deletePortfolioPhoto);
    upload(router.put(base + "/me/hair-photos/:side")).handler(this::uploadHairPhoto);
    upload(router.put(base + "/reviews/:reviewId/photo")).handler(ctx ->
        upload(ctx, MediaPurpose.REVIEW_PHOTO, Edge.pathId(ctx, "reviewId"), null));
    upload(router.post(base + "/posts/:postId/photos")).handler(edge::acceptIdempotencyKey).handler(ctx -> {
      long postId = Edge.pathId(ctx, "postId");
      upload(ctx, MediaPurpose.POST_PHOTO, postId, photo -> base + "/posts/" + postId + "/photos/" + photo.getLong("id"));
    });
    router.delete(base + "/posts/:postId/photos/:photoId").handler(edge::authenticate).handler(this::deletePostPhoto);
    router.put(base + "/posts/:postId/photos/:photoId/main").handler(edge::authenticate).handler(this::chooseMain);
  }

  /** Holds the body back until the upload is authorised; nothing is read before that. */
  private Route upload(Route route) {
    return route.handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    }).handler(edge::authenticate);
  }

  private void uploadHairPhoto(RoutingContext ctx) {
    String side = ctx.pathParam("side").toLowerCase(Locale.ROOT);
    if (!HAIR_SIDES.contains(side)) {
      throw Failure.invalid("side", MessageId.FIELD_ONE_OF, "front, side, back");
    }
    upload(ctx, MediaPurpose.hair(side.toUpperCase(Locale.ROOT)), null, null);
  }

  /** Answers 201 with a Location when locate is given, else 200. */
  private void upload(RoutingContext ctx, MediaPurpose purpose, Long targetId,
      java.util.function.Function<JsonObject, String> locate) {
    HttpServerRequest request = ctx.request();
    // Watched from the start: a client may leave while the upload is being authorised. The
    // response's close, not the connection's: over HTTP/2 one connection carries many uploads (each
    // would replace the last one's handler), and a client may reset one stream and keep the rest.
    Promise<Void> clientGone = Promise.promise();
    ctx.response().closeHandler(closed -> clientGone.tryComplete());
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > maxBytes + MULTIPART_OVERHEAD) {
      ctx.fail(Failure.payloadTooLarge(MessageId.IMAGE_TOO_LARGE, maxBytes));
      return;
    }
    storage.checkReachable()
        .compose(reachable -> openImage(ctx))
        .compose(source -> {
          ImageType type = ImageType.detect(source.head());
          if (type == null) {
            return Future.failedFuture(Failure.unsupportedMediaType(MessageId.IMAGE_TYPE_UNSUPPORTED));
          }
          Begin begin = new Begin(purpose, targetId, type);
          return slots.acquire(ctx.vertx()).compose(slot -> edge.ask(ctx, MediaAddresses.BEGIN, begin)
              .compose(reserved -> stream(ctx, source, begin, reserved, clientGone.future()))
              .andThen(done -> slots.release()));
        })
        .onSuccess(photo -> {
          if (locate == null) {
            Responses.ok(ctx, photo);
          } else {
            Responses.created(ctx, locate.apply(photo), photo);
          }
        })
        .onFailure(failure -> {
          if (!ctx.response().closed()) {
            ctx.fail(failure);
          }
        });
  }

  /** Tells a client waiting on Expect: 100-continue to send its body, then reads the image's first bytes. */
  private static Future<ImageSource> openImage(RoutingContext ctx) {
    LingeringClose.continueIfExpected(ctx);
    return ImageSource.open(ctx.request());
  }

  private Future<JsonObject> stream(RoutingContext ctx, ImageSource source, Begin begin, JsonObject reserved,
      Future<Void> clientGone) {
    long mediaId = reserved.getLong("mediaId");
    ImageType type = begin.type();
    UploadPublisher bytes = new UploadPublisher(ctx.vertx().getOrCreateContext(), source.stream(), source.head(),
        source.ended(), maxBytes, type);
    clientGone.onComplete(closed -> bytes.failFromOutside(new ClientGone()));
    source.restOfBody().onFailure(bytes::failFromOutside);
    Future<Void> stored = storage.upload(reserved.getString("key"), type.contentType(), bytes);
    stored.onFailure(bytes::failFromOutside); // refused before reading a byte (S3 is down): stop waiting for it
    // join, not all: on failure wait until the S3 call has settled too, so the abort's delete
    // cannot run before a late write lands. A malformed body after the image refuses it too.
    return Future.join(stored, bytes.outcome())
        .compose(both -> source.restOfBody())
        .compose(wellFormed -> edge.ask(ctx, MediaAddresses.COMMIT, new Commit(mediaId, begin.purpose(),
            begin.targetId(), bytes.outcome().result().sizeBytes(), bytes.outcome().result().sha256())))
        .onSuccess(committed -> storedBytes.increment(bytes.outcome().result().sizeBytes()))
        .recover(failure -> edge.ask(ctx, MediaAddresses.ABORT, new Abort(mediaId))
            .transform(aborted -> Future.failedFuture(explain(failure, bytes))));
  }

  /** Why an upload failed, as the client should hear it. */
  private static Throwable explain(Throwable failure, UploadPublisher bytes) {
    if (bytes.outcome().failed() && bytes.outcome().cause() instanceof Failure refused) {
      return refused;
    }
    if (failure instanceof Failure typed) {
      return typed;
    }
    return Failure.unavailable(5, MessageId.PHOTO_STORE_UNREACHABLE);
  }

  private void deletePortfolioPhoto(RoutingContext ctx) {
    edge.answerNoContent(ctx, MediaAddresses.DELETE_PHOTO, new Delete(null, Edge.pathId(ctx, "photoId")));
  }

  private void deletePostPhoto(RoutingContext ctx) {
    Delete request = new Delete(Edge.pathId(ctx, "postId"), Edge.pathId(ctx, "photoId"));
    edge.answerNoContent(ctx, MediaAddresses.DELETE_PHOTO, request);
  }

  private void chooseMain(RoutingContext ctx) {
    ChooseMain request = new ChooseMain(Edge.pathId(ctx, "postId"), Edge.pathId(ctx, "photoId"));
    edge.answerNoContent(ctx, MediaAddresses.CHOOSE_MAIN, request);
  }

  /** The client closed the connection mid-upload. */
  private static final class ClientGone extends RuntimeException {
    ClientGone() {
      super("The client closed the connection during the upload", null, false, false);
    }
  }
}
