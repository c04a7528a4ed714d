package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.DatabaseUri;
import app.freety.post.PostSearchSql.SearchStatement;
import app.freety.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a seeded table, EXPLAIN of the statements the search really runs: the post table is always
 * reached through an index, never by reading it whole.
 */
class SearchIndexTest {
  private static final int POSTS = 10_000;
  private static Connection db;
  private static long designerId;
  private static long firstSeededId;

  @BeforeAll
  static void seed() throws SQLException {
    DatabaseUri uri = DatabaseUri.parse(TestDatabase.get().uri());
    db = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
    // The server's migrations create the tables; make sure they ran even when this class runs alone.
    app.freety.platform.Database.migrate(new JsonObject().put("uri", TestDatabase.get().uri()).put("connectTimeoutMs", 3000));
    try (Statement sql = db.createStatement()) {
      String email = "explain-" + UUID.randomUUID() + "@example.com";
      sql.executeUpdate("INSERT INTO member (role, email, name, created_at, updated_at) "
          + "VALUES ('DESIGNER', '" + email + "', 'Seeder', NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = sql.getGeneratedKeys()) {
        keys.next();
        designerId = keys.getLong(1);
      }
      sql.executeUpdate("INSERT INTO designer_profile (member_id, affiliation_kind, affiliation_name, career_months) VALUES (" + designerId + ", 'SALON', 'Seed Salon', 30)");
      String digits = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
          + "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
      sql.executeUpdate("INSERT INTO post (designer_id, title, content, services, price, appointment_at, "
          + "duration_minutes, capacity, status, sido, sigungu, dong, address, lat, lng, pick_count, created_at, updated_at) "
          + "SELECT " + designerId + ", CONCAT('seed ', n), 'seeded', ELT(1 + n % 4, 'CUT', 'PERM', 'DYE', 'CUT,DYE'), "
          + "(n % 50) * 1000, UTC_TIMESTAMP(3) + INTERVAL (n % 170) DAY, 60, 2, "
          + "IF(n % 10 = 0, 'CLOSED', 'OPEN'), ELT(1 + n % 3, '서울특별시', '경기도', '인천광역시'), "
          + "CONCAT('구', n % 25), NULL, 'seed', 37.45 + (n % 997) / 5000, 126.85 + (n % 991) / 4000, n % 40, "
          + "UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) "
          + "FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n FROM " + digits + " a, " + digits + " b, "
          + digits + " c, " + digits + " e) numbers");
      sql.executeUpdate("UPDATE post SET career_months = 30, affiliation_kind = 'SALON' WHERE designer_id = " + designerId);
      sql.executeUpdate("INSERT IGNORE INTO post_term (term, post_id, pick_count) SELECT 'seed', id, pick_count FROM post WHERE designer_id = "
          + designerId + " AND id % 20 = 0");
      sql.executeUpdate("INSERT IGNORE INTO post_term (term, post_id, pick_count) SELECT 'seeds', id, pick_count FROM post WHERE designer_id = "
          + designerId + " AND id % 30 = 0");
      try (ResultSet first = sql.executeQuery("SELECT MIN(id) FROM post WHERE designer_id = " + designerId)) {
        first.next();
        firstSeededId = first.getLong(1);
      }
      sql.execute("ANALYZE TABLE post");
      sql.execute("ANALYZE TABLE post_term");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    try (Statement sql = db.createStatement()) {
      sql.executeUpdate("DELETE FROM post WHERE designer_id = " + designerId);
      sql.executeUpdate("DELETE FROM member WHERE id = " + designerId);
    }
    db.close();
  }

  @Test
  void mainFilterCombinationsUseAnIndexOnPost() throws SQLException {
    String soon = at(Duration.ofDays(10));
    String later = at(Duration.ofDays(20));
    String[] searches = {
        "",
        "sort=soonest",
        "sort=popular",
        "sort=priceAsc",
        "services=PERM,DYE&sido=서울특별시&sigungu=구7",
        "priceMin=1000&priceMax=20000&sort=priceAsc",
        "from=" + soon + "&to=" + later + "&sort=soonest",
        "near=37.5665,126.9780&radiusKm=3&sort=nearest",
        "near=37.5665,126.9780&radiusKm=3&services=CUT",
        "q=seed",
        "designerId=" + designerId,
        "careerMinMonths=24&affiliationKind=SALON",
        "status=CLOSED&sort=soonest",
    };
    for (String search : searches) {
      assertUsesIndexOnPost(search, firstPage(search));
    }
  }

  /**
   * The plans issue 14 chose, by counts of rows read on the benchmark's 50,000 posts (README,
   * "Searching"): each search reads post through the index named, by range where it says so.
   */
  @Test
  void searchesReadPostThroughTheIndexChosenForThem() throws SQLException {
    String[][] expected = {
        {"near=37.5665,126.9780&radiusKm=3&sort=nearest", "ix_post_fine_cell", "range"},
        {"near=37.5665,126.9780&radiusKm=0.5&services=CUT&priceMax=20000", "ix_post_fine_cell", "range"},
        {"priceMin=1000&priceMax=20000&sort=priceAsc", "ix_post_price", "range"},
        {"sigungu=구7&services=CUT&priceMax=20000&careerMinMonths=24&sort=soonest", "ix_post_sigungu_soonest", null},
        {"sigungu=구7&services=PERM", "ix_post_sigungu", null},
        {"services=CUT&priceMax=10000&affiliationKind=SALON&sort=soonest", "ix_post_soonest", null},
    };
    for (String[] search : expected) {
      String plan = postPlan(firstPage(search[0]));
      assertTrue(plan.contains(":" + search[1] + ":"), search[0] + " should read " + search[1] + ": " + plan);
      if (search[2] != null) {
        assertTrue(plan.startsWith(search[2] + ":"), search[0] + " should read by " + search[2] + ": " + plan);
      }
    }
  }

  /** Around a point, the candidates are tested and sorted on the cell index's entries, never read from post. */
  @Test
  void aCircleIsSearchedOnTheCellIndexAlone() throws SQLException {
    String near = "near=37.5665,126.9780&radiusKm=3&sort=nearest";
    String plan = plan(firstPage(near), "Extra");
    String candidates = plan.substring(plan.lastIndexOf("p:"));
    assertTrue(candidates.startsWith("p:range:ix_post_fine_cell:") && candidates.contains("Using index"),
        near + " should read ix_post_fine_cell alone (covering): " + plan);
  }

  /** A later page seeks to its cursor in the sort's index instead of skipping the earlier pages' rows. */
  @Test
  void aLaterPageSeeksToItsCursor() throws SQLException {
    String[][] pages = {
        {"sort=latest", "[5000]", "ix_post_latest"},
        {"q=seed&sort=latest", "[5000]", "ix_post_latest"},
        {"sort=popular", "[20, 5000]", "ix_post_popular"},
        {"sort=soonest", "[" + Instant.now().plus(Duration.ofDays(30)).toEpochMilli() + ", 5000]", "ix_post_soonest"},
    };
    for (String[] page : pages) {
      PostSearchQuery query = PostSearchQuery.from(params(page[0]));
      String plan = postPlan(PostSearchSql.build(query, new io.vertx.core.json.JsonArray(page[1]), Instant.now(), 0, 21,
          null));
      assertTrue(plan.startsWith("range:" + page[2] + ":"), page[0] + " after " + page[1] + " should seek in " + page[2]
          + ": " + plan);
    }
  }

  /** Newest first within a date window, a later page reads the window on the appointment index, as the first does. */
  @Test
  void aLaterPageOfADateWindowReadsTheWindow() throws SQLException {
    String window = "from=" + at(Duration.ofDays(10)) + "&to=" + at(Duration.ofDays(11));
    PostSearchQuery query = PostSearchQuery.from(params(window));
    // Halfway through the seeded posts, whatever ids earlier runs on this database used.
    long cursorId = firstSeededId + POSTS / 2;
    String plan = postPlan(PostSearchSql.build(query, new io.vertx.core.json.JsonArray("[" + cursorId + "]"),
        Instant.now(), 0, 21, null));
    assertTrue(plan.startsWith("range:ix_post_soonest:"), "the window's range, not a walk of every post: " + plan);
  }

  /** A word is checked post by post on (post_id, term): that post's terms of the word, not all of them. */
  @Test
  void aWordIsCheckedOnTheTermsOfThePostAndWord() throws SQLException {
    String plan = plan(firstPage("q=seed"));
    assertTrue(plan.contains("t:ref:ix_post_term_post_term:"), "the word check should use (post_id, term): " + plan);
  }

  /**
   * Newest or most picked first with a word of a few terms: each term's index entries are walked in
   * the page's order from its first post (or from the cursor), each joined to its post, and no walk
   * sorts anything (with several terms, only the union of their pages is sorted). Newest first on
   * the primary key (term, post_id); most picked first on (term, pick_count, post_id).
   */
  @Test
  void aWordOfFewTermsWalksEachTermsPostsInThePagesOrder() throws SQLException {
    String[][] walks = {
        {"latest", null, "PRIMARY"},
        {"latest", "[5000]", "PRIMARY"},
        {"popular", null, "ix_post_term_popular"},
        {"popular", "[20, 5000]", "ix_post_term_popular"},
    };
    for (List<String> terms : List.of(List.of("seed"), List.of("seed", "seeds"))) {
      PostSearchSql.WordDrive drive = PostSearchSql.WordDrive.walkOfTerms("see", terms);
      for (String[] walk : walks) {
        PostSearchQuery query = PostSearchQuery.from(params("q=see&services=CUT,DYE&sort=" + walk[0]));
        SearchStatement statement = PostSearchSql.build(query, walk[1] == null ? null
            : new io.vertx.core.json.JsonArray(walk[1]), Instant.now(), 0, 21, drive);
        String plan = plan(statement, "Extra");
        String where = terms + ", " + walk[0] + " after " + walk[1] + ": ";
        List<String> tables = List.of(plan.split("  "));
        int termWalks = 0;
        for (int i = 0; i < tables.size(); i++) {
          if (tables.get(i).startsWith("t:")) {
            termWalks++;
            String walked = tables.get(i);
            assertTrue(walked.startsWith("t:range:" + walk[2] + ":") || walked.startsWith("t:ref:" + walk[2] + ":"),
                where + "the walk should read the term's entries on " + walk[2] + ": " + plan);
            assertTrue(!walked.contains("filesort") && !walked.contains("temporary"), where + "the walk sorts: " + plan);
            assertTrue(i + 1 < tables.size() && tables.get(i + 1).startsWith("p:eq_ref:PRIMARY:"),
                where + "each entry's post by its id, right after: " + plan);
          }
        }
        assertEquals(terms.size(), termWalks, where + "one walk per term: " + plan);
        if (terms.size() == 1) {
          assertTrue(!plan.contains("filesort") && !plan.contains("temporary"), where + "nothing sorted: " + plan);
        }
      }
    }
  }

  /** post.fine_geo_cell is computed by the database; the search computes the same cells in Java. */
  @Test
  void theDatabaseAndTheSearchPutAPointInTheSameCell() throws SQLException {
    try (Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery("SELECT lat, lng, fine_geo_cell FROM post WHERE designer_id = " + designerId
            + " AND id % 37 = 0")) {
      int checked = 0;
      while (rows.next()) {
        assertEquals(Geo.cellOf(rows.getDouble(1), rows.getDouble(2)), rows.getLong(3),
            "cell of " + rows.getDouble(1) + "," + rows.getDouble(2));
        checked++;
      }
      assertTrue(checked > 100, "checked " + checked);
    }
  }

  /** The statement of a search's first page (a near search at its whole radius) of 20 rows. */
  private static SearchStatement firstPage(String search) {
    PostSearchQuery query = PostSearchQuery.from(params(search));
    double radius = query.near() == null ? 0 : query.near().radiusKm();
    return PostSearchSql.build(query, null, Instant.now(), radius, 21, null);
  }

  /**
   * "type:key:rows" of post where the search reads it: the last post in the plan, since a page
   * picked first (near, a rare word) reads post twice, the page's ids again by primary key first.
   */
  private static String postPlan(SearchStatement statement) throws SQLException {
    String plan = plan(statement);
    String post = null;
    for (String table : plan.split("  ")) {
      post = table.startsWith("p:") ? table.substring(2) : post;
    }
    assertTrue(post != null, "no post in the plan: " + plan);
    return post;
  }

  private static String plan(SearchStatement statement) throws SQLException {
    return plan(statement, null);
  }

  /** "table:type:key:rows" per table of the EXPLAIN, with the named column of EXPLAIN added when given. */
  private static String plan(SearchStatement statement, String extraColumn) throws SQLException {
    try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + statement.sql())) {
      for (int i = 0; i < statement.params().size(); i++) {
        explain.setObject(i + 1, statement.params().getValue(i));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          plan.append(rows.getString("table")).append(':').append(rows.getString("type")).append(':')
              .append(rows.getString("key")).append(':').append(rows.getString("rows"))
              .append(extraColumn == null ? "" : ":" + rows.getString(extraColumn)).append("  ");
        }
      }
      return plan.toString();
    }
  }

  private static void assertUsesIndexOnPost(String search, SearchStatement statement) throws SQLException {
    String[] post = postPlan(statement).split(":");
    assertNotEquals("ALL", post[0], "full scan of post for '" + search + "': " + plan(statement));
    assertNotEquals("null", post[1], "no index on post for '" + search + "': " + plan(statement));
  }

  private static JsonObject params(String search) {
    JsonObject params = new JsonObject();
    if (!search.isEmpty()) {
      for (String pair : search.split("&")) {
        String[] parts = pair.split("=", 2);
        params.put(parts[0], parts[1]);
      }
    }
    return params;
  }

  private static String at(Duration fromNow) {
    return OffsetDateTime.ofInstant(Instant.now().plus(fromNow), ZoneOffset.ofHours(9)).toString();
  }
}
