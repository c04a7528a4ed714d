package app.freety.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.Database;
import app.freety.platform.DatabaseUri;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo data set, made small in a database and S3 of its own, then browsed through the real
 * server the way the app would: sign in with the demo password, search posts, open a designer's
 * page, load the images the answers point at.
 */
class DemoDataTest {
  private static final SeoulData.Plan SMALL = new SeoulData.Plan(6, 12, 24, 30, 0.3, DemoData.EMAIL_DOMAIN, false, false);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String adminJdbc;
  private static DatabaseUri admin;
  private static String database;
  private static EmbeddedS3 s3;
  private static TestServer server;
  private static DemoData.Summary made;

  @BeforeAll
  static void fillAScratchDatabase() throws Exception {
    admin = DatabaseUri.parse(TestDatabase.get().uri());
    adminJdbc = "jdbc:mariadb://" + admin.host() + ":" + admin.port() + "/";
    database = "freety_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      TestDatabase.execute(adminJdbc, admin, "CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (IllegalStateException e) {
      Assumptions.abort("the demo data needs an empty database of its own, and the test database's user cannot "
          + "create one: " + e.getMessage());
    }
    String uri = "mysql://" + admin.user() + (admin.password().isEmpty() ? "" : ":" + admin.password())
        + "@" + admin.host() + ":" + admin.port() + "/" + database;
    Database.migrate(new JsonObject().put("uri", uri).put("connectTimeoutMs", 5_000));
    s3 = EmbeddedS3.inMemory("freety-demo-test");
    try (Connection db = DemoData.connect(uri)) {
      made = DemoData.fill(db, s3, SMALL);
    }
    server = TestServer.start(new JsonObject()
        .put("db", new JsonObject().put("uri", uri))
        .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("bucket", s3.bucket())));
  }

  @AfterAll
  static void dropIt() throws Exception {
    if (server != null) {
      server.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (database != null) {
      TestDatabase.execute(adminJdbc, admin, "DROP DATABASE IF EXISTS `" + database + "`");
    }
  }

  @Test
  void everyMemberSignsInWithTheDemoPassword() {
    assertEquals(SMALL.designers() + SMALL.models(), made.members());
    for (String email : List.of("designer1@" + DemoData.EMAIL_DOMAIN, "model" + made.members() + "@" + DemoData.EMAIL_DOMAIN)) {
      var answer = Await.result(server.api().post("/auth/login", new JsonObject().put("email", email)
          .put("password", DemoData.PASSWORD)));
      assertEquals(200, answer.statusCode(), email + ": " + answer.bodyAsString());
    }
  }

  @Test
  void openPostsAreFoundWithTheirMainPhotoAndItsThumbnail() throws Exception {
    JsonArray items = Await.result(server.api().get("/posts?limit=50", signIn("model7@" + DemoData.EMAIL_DOMAIN)))
        .bodyAsJsonObject().getJsonArray("items");
    assertFalse(items.isEmpty(), "the search found no open post");
    assertEquals(made.openPosts(), items.size(), "every open post of the demo is found (all are ahead)");
    JsonObject first = items.getJsonObject(0);
    assertImage(first.getString("mainPhotoUrl"), DemoPhotos.ORIGINAL_PIXELS);
    assertImage(first.getString("mainPhotoThumbnailUrl"), DemoPhotos.THUMBNAIL_PIXELS);
  }

  @Test
  void aDesignersPageShowsTheirPortfolio() throws Exception {
    JsonObject page = Await.result(server.api().get("/members/1", signIn("model8@" + DemoData.EMAIL_DOMAIN)))
        .bodyAsJsonObject();
    List<String> portfolio = urlsContaining(page, "/portfolio/1/");
    assertTrue(portfolio.size() >= 6, "a portfolio of 3 to 6 photos, each with a thumbnail: " + portfolio);
    for (String url : portfolio) {
      assertImage(url, url.contains(".thumb.jpg") ? DemoPhotos.THUMBNAIL_PIXELS : DemoPhotos.ORIGINAL_PIXELS);
    }
  }

  @Test
  void everyPhotoRowNamesObjectsThatExistAndEveryObjectHasItsRow() throws Exception {
    List<String> keys = new ArrayList<>();
    try (Connection db = DemoData.connect(uriOf(database));
         Statement s = db.createStatement();
         ResultSet rows = s.executeQuery("SELECT object_key, thumbnail_key FROM media_object WHERE state = 'ATTACHED'")) {
      while (rows.next()) {
        keys.add(rows.getString(1));
        keys.add(rows.getString(2));
      }
    }
    assertEquals(made.photos() * 2, keys.size());
    assertFalse(keys.contains(null), "every photo has a thumbnail");
    assertEquals(new HashSet<>(keys), new HashSet<>(s3.keys()),
        "the bucket holds exactly the objects the rows name (the sweeper would remove any other)");
  }

  private static String uriOf(String name) {
    return "mysql://" + admin.user() + (admin.password().isEmpty() ? "" : ":" + admin.password())
        + "@" + admin.host() + ":" + admin.port() + "/" + name;
  }

  private static String signIn(String email) {
    return Await.result(server.api().post("/auth/login", new JsonObject().put("email", email)
        .put("password", DemoData.PASSWORD))).bodyAsJsonObject().getString("accessToken");
  }

  private static void assertImage(String url, int longestSide) throws Exception {
    assertNotNull(url, "no image URL");
    HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, answer.statusCode(), url);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
    assertNotNull(image, "not an image: " + url);
    assertEquals(longestSide, Math.max(image.getWidth(), image.getHeight()), url);
  }

  private static List<String> urlsContaining(Object json, String part) {
    List<String> found = new ArrayList<>();
    if (json instanceof JsonObject object) {
      object.forEach(entry -> found.addAll(urlsContaining(entry.getValue(), part)));
    } else if (json instanceof JsonArray array) {
      array.forEach(value -> found.addAll(urlsContaining(value, part)));
    } else if (json instanceof String text && text.contains(part)) {
      found.add(text);
    }
    return found;
  }
}
