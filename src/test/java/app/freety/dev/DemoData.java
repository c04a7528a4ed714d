package app.freety.dev;

import app.freety.media.PhotoKeys;
import app.freety.platform.Database;
import app.freety.platform.DatabaseUri;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mindrot.jbcrypt.BCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data set of the embedded default (`-Dexec.args=demo`): Seoul from the benchmark's
 * generator ({@link SeoulData}) at a size a newcomer can browse, every member able to sign in with
 * {@link #PASSWORD}, and photos — profile pictures, portfolios, post photos, models' hair photos —
 * stored in the dev S3 with thumbnails, each named by its row, as uploads leave them.
 */
public final class DemoData {
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
  public static final String PASSWORD = "freety-demo";
  public static final String EMAIL_DOMAIN = "demo.freety.test";
  static final SeoulData.Plan PLAN = new SeoulData.Plan(40, 150, 300, 1_200, 0.3, EMAIL_DOMAIN, false, false);
  private static final int DISTINCT_PORTRAITS = 30;
  private static final String JPEG = "image/jpeg";

  /** What was made, for the log line and the tests. */
  record Summary(long members, long designers, long posts, long openPosts, long picks, long applications, int photos) {
  }

  private final Connection db;
  private final EmbeddedS3 s3;
  private final List<DemoPhotos.Photo> portraits;
  private final Random random = new Random(20261129L);
  private final LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  private int photos;

  private DemoData(Connection db, EmbeddedS3 s3) {
    this.db = db;
    this.s3 = s3;
    this.portraits = DemoPhotos.make(DISTINCT_PORTRAITS, 7L);
  }

  /** Migrates the database, then fills it when it has no members yet; otherwise says why not. */
  public static void fillIfEmpty(String dbUri, EmbeddedS3 s3) throws Exception {
    Database.migrate(new JsonObject().put("uri", dbUri).put("connectTimeoutMs", 5_000));
    try (Connection db = connect(dbUri)) {
      long members = count(db, "SELECT COUNT(*) FROM member");
      if (members > 0 && count(db, "SELECT COUNT(*) FROM member WHERE email = 'designer1@" + EMAIL_DOMAIN + "'") == 1) {
        LOG.info("Demo data already here: designer1@{} … model{}@{}, password {}", EMAIL_DOMAIN,
            PLAN.designers() + PLAN.models(), EMAIL_DOMAIN, PASSWORD);
        return;
      }
      if (members > 0) {
        LOG.warn("Demo data not added: the database already has {} members, and the demo data set goes into an "
            + "empty one. Start it in another directory: FREETY_DEV_DATA_DIR=demo-data", members);
        return;
      }
      long started = System.nanoTime();
      Summary made = fill(db, s3, PLAN);
      LOG.info("Demo data added in {} s: {} designers and {} models (designer1@{} … model{}@{}, password {}), "
              + "{} posts ({} open), {} picks, {} applications, {} photos",
          String.format("%.1f", (System.nanoTime() - started) / 1e9), made.designers(),
          made.members() - made.designers(), EMAIL_DOMAIN, made.members(), EMAIL_DOMAIN, PASSWORD, made.posts(),
          made.openPosts(), made.picks(), made.applications(), made.photos());
    }
  }

  /** Fills an empty, migrated database: the generator's rows, credentials, then photos. */
  static Summary fill(Connection db, EmbeddedS3 s3, SeoulData.Plan plan) throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    SeoulData.fill(db, plan, new PrintStream(progress, true, StandardCharsets.UTF_8));
    LOG.debug("SeoulData:\n{}", progress.toString(StandardCharsets.UTF_8));
    DemoData demo = new DemoData(db, s3);
    db.setAutoCommit(false);
    try (Statement session = db.createStatement()) {
      session.execute("SET SESSION foreign_key_checks = 1, unique_checks = 1");
    }
    demo.addCredentials();
    demo.addPhotos(plan);
    db.commit();
    db.setAutoCommit(true);
    return new Summary(count(db, "SELECT COUNT(*) FROM member"), plan.designers(), count(db, "SELECT COUNT(*) FROM post"),
        count(db, "SELECT COUNT(*) FROM post WHERE status = 'OPEN'"), count(db, "SELECT COUNT(*) FROM pick"),
        count(db, "SELECT COUNT(*) FROM application"), demo.photos);
  }

  /** One bcrypt hash for everyone: the demo's single password, hashed as sign-up hashes it. */
  private void addCredentials() throws SQLException {
    try (PreparedStatement insert = db.prepareStatement(
        "INSERT INTO credential (member_id, password_hash, updated_at) SELECT id, ?, ? FROM member")) {
      insert.setString(1, BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10)));
      insert.setObject(2, now);
      insert.executeUpdate();
    }
  }

  private void addPhotos(SeoulData.Plan plan) throws SQLException {
    for (long designer = 1; designer <= plan.designers(); designer++) {
      setProfilePhoto(designer);
      int portfolio = 3 + random.nextInt(4);
      for (int i = 0; i < portfolio; i++) {
        link("INSERT INTO portfolio_photo (member_id, media_id, created_at) VALUES (?, ?, ?)",
            designer, store("PORTFOLIO", designer, null), now);
      }
    }
    for (long[] post : posts()) {
      int count = 1 + random.nextInt(2);
      for (int i = 0; i < count; i++) {
        link("INSERT INTO post_photo (post_id, media_id, is_main, created_at) VALUES (?, ?, ?, ?)",
            post[0], store("POST_PHOTO", post[1], post[0]), i == 0, now);
      }
    }
    SeoulData.copyListColumnsToPosts(db);
    for (long model = plan.designers() + 1L; model <= plan.designers() + plan.models(); model++) {
      if (random.nextInt(10) < 6) {
        setProfilePhoto(model);
      }
      if (random.nextInt(10) < 3) {
        for (String side : List.of("FRONT", "SIDE", "BACK")) {
          link("INSERT INTO hair_photo (member_id, side, media_id) VALUES (?, ?, ?)",
              model, side, store("HAIR_" + side, model, null));
        }
      }
    }
  }

  private void setProfilePhoto(long member) throws SQLException {
    link("UPDATE member SET photo_media_id = ? WHERE id = ?", store("PROFILE_PHOTO", member, null), member);
  }

  /** {post id, designer id} of every post. */
  private List<long[]> posts() throws SQLException {
    List<long[]> posts = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("SELECT id, designer_id FROM post ORDER BY id")) {
      while (rows.next()) {
        posts.add(new long[] {rows.getLong(1), rows.getLong(2)});
      }
    }
    return posts;
  }

  /** Stores a portrait and its thumbnail in S3 and the row naming both, as an attached upload; → its id. */
  private long store(String purpose, long owner, Long target) throws SQLException {
    DemoPhotos.Photo photo = portraits.get(random.nextInt(portraits.size()));
    String key = PhotoKeys.newJpegKey(purpose, owner);
    String thumbnailKey = PhotoKeys.thumbnailKeyOf(key);
    s3.put(key, JPEG, photo.original());
    s3.put(thumbnailKey, JPEG, photo.thumbnail());
    try (PreparedStatement insert = db.prepareStatement("""
        INSERT INTO media_object (object_key, owner_id, purpose, target_id, state, content_type, size_bytes, sha256,
                                  thumbnail_key, created_at, attached_at)
        VALUES (?, ?, ?, ?, 'ATTACHED', ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
      bind(insert, key, owner, purpose, target, JPEG, photo.original().length, photo.sha256(), thumbnailKey, now, now);
      insert.executeUpdate();
      try (ResultSet id = insert.getGeneratedKeys()) {
        id.next();
        photos++;
        return id.getLong(1);
      }
    }
  }

  private void link(String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      bind(statement, values);
      statement.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
  }

  static Connection connect(String dbUri) throws SQLException {
    DatabaseUri uri = DatabaseUri.parse(dbUri);
    return DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
  }

  static long count(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
