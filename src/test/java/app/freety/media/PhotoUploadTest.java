package app.freety.media;

import static app.freety.support.Uploads.fetch;
import static app.freety.support.Uploads.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every photo route's happy path, with the stored object read back through the URL the API returns. */
class PhotoUploadTest {
  private static TestServer server;
  private static JsonObject designer;
  private static String designerToken;
  private static JsonObject model;
  private static String modelToken;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    designerToken = designer.getString("accessToken");
    model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model")));
    modelToken = model.getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void profilePhotoIsStoredWithoutItsExifAndReplacingItRemovesTheOldObject() {
    byte[] plain = Images.jpeg(900, 600);
    byte[] fromPhone = Images.jpegWithExif(plain);
    JsonObject photo = ok(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", designerToken,
        "image/jpeg", fromPhone)), 200);
    assertEquals("image/jpeg", photo.getString("contentType"));
    assertEquals(plain.length, photo.getLong("sizeBytes"));
    byte[] stored = fetch(server.client(), photo.getString("url")).body().getBytes();
    assertArrayEquals(plain, stored, "stored bytes are the upload minus its EXIF segment");
    assertFalse(Images.contains(stored, "GPSLatitude"));

    JsonObject me = me(designerToken);
    assertNotNull(me.getString("photoUrl"));
    byte[] thumbnailBytes = awaitThumbnail(designerToken).body().getBytes();
    BufferedImage thumbnail = Images.decode(thumbnailBytes);
    assertEquals(400, Math.max(thumbnail.getWidth(), thumbnail.getHeight()));
    assertFalse(Images.contains(thumbnailBytes, "Exif"), "a thumbnail carries pixels only");

    String designerPrefix = "profile/" + designer.getJsonObject("member").getLong("id") + "/";
    List<String> before = TestS3.keys(designerPrefix);
    ok(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", designerToken, "image/png",
        Images.png(50, 50))), 200);
    awaitCondition(() -> TestS3.keys(designerPrefix).stream().noneMatch(before::contains),
        "the replaced photo and its thumbnail are deleted");
  }

  @Test
  void portfolioPhotosComeAndGo() {
    byte[] png = Images.png(320, 240);
    HttpResponse<Buffer> created = Await.result(Uploads.multipart(server.client(), "POST", "/api/v1/me/portfolio",
        designerToken, "work.png", "image/png", png));
    JsonObject photo = ok(created, 201);
    assertEquals("/api/v1/me/portfolio/" + photo.getLong("id"), created.getHeader("Location"));
    assertArrayEquals(png, fetch(server.client(), photo.getString("url")).body().getBytes());
    JsonArray portfolio = me(designerToken).getJsonArray("portfolio");
    assertTrue(portfolio.stream().anyMatch(item -> ((JsonObject) item).getLong("id").equals(photo.getLong("id"))));

    assertEquals(204, Await.result(server.client().delete("/api/v1/me/portfolio/" + photo.getLong("id"))
        .putHeader("Authorization", "Bearer " + designerToken).send()).statusCode());
    assertEquals(404, fetch(server.client(), photo.getString("url")).statusCode());
    assertEquals(404, Await.result(server.client().delete("/api/v1/me/portfolio/" + photo.getLong("id"))
        .putHeader("Authorization", "Bearer " + designerToken).send()).statusCode());
  }

  @Test
  void modelsUploadHairPhotosThatDesignersSee() {
    byte[] png = Images.pngWithExif(Images.png(200, 300));
    JsonObject front = ok(Await.result(Uploads.multipart(server.client(), "PUT", "/api/v1/me/hair-photos/front",
        modelToken, "front.png", "image/png", png)), 200);
    byte[] stored = fetch(server.client(), front.getString("url")).body().getBytes();
    assertFalse(Images.contains(stored, "GPSLatitude"), "the eXIf chunk is dropped");
    assertEquals(200, Images.decode(stored).getWidth());
    ok(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/hair-photos/back", modelToken, "image/png",
        Images.png(10, 10))), 200);

    JsonObject seenByDesigner = ok(Await.result(server.client().get("/api/v1/members/" + model.getJsonObject("member").getLong("id"))
        .putHeader("Authorization", "Bearer " + designerToken).send()), 200);
    JsonObject hair = seenByDesigner.getJsonObject("hairPhotos");
    assertNotNull(hair.getJsonObject("front").getString("url"));
    assertNull(hair.getValue("side"));
    assertNotNull(hair.getJsonObject("back").getString("url"));
  }

  @Test
  void aPngNamedAndTypedAsJpegIsStoredAsPng() {
    byte[] png = Images.png(64, 64);
    JsonObject photo = ok(Await.result(Uploads.multipart(server.client(), "POST", "/api/v1/me/portfolio",
        designerToken, "holiday.jpg", "image/jpeg", png)), 201);
    assertEquals("image/png", photo.getString("contentType"));
    HttpResponse<Buffer> download = fetch(server.client(), photo.getString("url"));
    assertEquals("image/png", download.getHeader("Content-Type"));
    assertArrayEquals(png, download.body().getBytes());
  }

  @Test
  void postPhotosHaveOneMainPhotoThatTheDesignerCanChange() {
    long postId = Posts.create(server, designerToken, Posts.post("Photo post", "with photos", List.of("CUT"), 0,
        Instant.now().plus(Duration.ofDays(3)), Posts.uniqueSido(), "중구", 37.56, 126.97)).getLong("id");
    String path = "/api/v1/posts/" + postId + "/photos";
    HttpResponse<Buffer> first = Await.result(Uploads.raw(server.client(), "POST", path, designerToken, "image/jpeg",
        Images.jpeg(400, 300)));
    JsonObject firstPhoto = ok(first, 201);
    assertEquals(path + "/" + firstPhoto.getLong("id"), first.getHeader("Location"));
    awaitCondition(() -> mainPhotoOf(post(postId)).getString("thumbnailUrl") != null, "the photo has its thumbnail");
    assertListShowsMainPhoto(postId, "after the main photo's thumbnail was made");
    JsonObject second = ok(Await.result(Uploads.raw(server.client(), "POST", path, designerToken, "image/png",
        Images.png(30, 30))), 201);

    JsonObject detail = post(postId);
    assertEquals(2, detail.getJsonArray("photos").size());
    JsonObject listed = listed(postId);
    assertArrayEquals(fetch(server.client(), detail.getString("mainPhotoUrl")).body().getBytes(),
        fetch(server.client(), listed.getString("mainPhotoUrl")).body().getBytes(), "search items show the main photo");
    assertTrue(detail.getJsonArray("photos").getJsonObject(0).getBoolean("isMain"));
    assertFalse(detail.getJsonArray("photos").getJsonObject(1).getBoolean("isMain"));
    assertNotNull(detail.getString("mainPhotoUrl"));
    awaitCondition(() -> post(postId).getJsonArray("photos").stream().map(JsonObject.class::cast)
        .allMatch(photo -> photo.getString("thumbnailUrl") != null), "both photos have their thumbnails");

    assertEquals(204, Await.result(server.client().put(path + "/" + second.getLong("id") + "/main")
        .putHeader("Authorization", "Bearer " + designerToken).send()).statusCode());
    assertTrue(post(postId).getJsonArray("photos").getJsonObject(1).getBoolean("isMain"));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM post_photo WHERE post_id = ? AND is_main", postId));
    assertListShowsMainPhoto(postId, "after another photo became main");

    assertEquals(204, Await.result(server.client().delete(path + "/" + second.getLong("id"))
        .putHeader("Authorization", "Bearer " + designerToken).send()).statusCode());
    JsonArray remaining = post(postId).getJsonArray("photos");
    assertEquals(1, remaining.size());
    assertTrue(remaining.getJsonObject(0).getBoolean("isMain"), "the oldest remaining photo becomes main");
    assertListShowsMainPhoto(postId, "after the main photo was deleted");

    assertEquals(204, Await.result(server.client().delete(path + "/" + firstPhoto.getLong("id"))
        .putHeader("Authorization", "Bearer " + designerToken).send()).statusCode());
    assertNull(listed(postId).getString("mainPhotoUrl"), "a post without photos lists none");
    assertNull(listed(postId).getString("mainPhotoThumbnailUrl"));
  }

  /**
   * A list item's main photo is the post's copy of it: it must name the object and thumbnail the
   * post's photo rows name, which the detail's photos are read from.
   */
  private static void assertListShowsMainPhoto(long postId, String when) {
    JsonObject main = mainPhotoOf(post(postId));
    JsonObject item = listed(postId);
    assertEquals(withoutSignature(main.getString("url")), withoutSignature(item.getString("mainPhotoUrl")), when);
    assertEquals(withoutSignature(main.getString("thumbnailUrl")),
        withoutSignature(item.getString("mainPhotoThumbnailUrl")), when + " (thumbnail)");
  }

  private static JsonObject mainPhotoOf(JsonObject detail) {
    return detail.getJsonArray("photos").stream().map(JsonObject.class::cast)
        .filter(photo -> photo.getBoolean("isMain")).findFirst().orElseThrow();
  }

  private static String withoutSignature(String url) {
    return url == null ? null : url.substring(0, url.indexOf('?'));
  }

  private static JsonObject listed(long postId) {
    return ok(Await.result(server.client().get("/api/v1/posts?designerId="
        + designer.getJsonObject("member").getLong("id")).putHeader("Authorization", "Bearer " + modelToken).send()), 200)
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(item -> item.getLong("id") == postId).findFirst().orElseThrow();
  }

  private static JsonObject post(long postId) {
    return ok(Await.result(server.client().get("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + modelToken).send()), 200);
  }

  private static JsonObject me(String token) {
    return ok(Await.result(server.api().get("/me", token)), 200);
  }

  private static HttpResponse<Buffer> awaitThumbnail(String token) {
    awaitCondition(() -> me(token).getString("photoThumbnailUrl") != null, "a thumbnail is made");
    return fetch(server.client(), me(token).getString("photoThumbnailUrl"));
  }

  private static void awaitCondition(BooleanSupplier condition, String what) {
    Eventually.await(server.vertx(), condition, what);
  }
}
