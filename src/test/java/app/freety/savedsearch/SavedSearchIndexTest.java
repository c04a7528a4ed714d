package app.freety.savedsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.Database;
import app.freety.platform.DatabaseUri;
import app.freety.platform.Times;
import app.freety.post.HairService;
import app.freety.post.PostSearchQuery;
import app.freety.profile.AffiliationKind;
import app.freety.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a few thousand saved searches filed as the server files them, EXPLAIN of the statement that
 * finds a post's candidates: the keys are read by ranges of saved_search_key's primary key (never
 * the whole table), and each candidate by saved_search's primary key.
 */
class SavedSearchIndexTest {
  private static final int SEARCHES = 3_000;
  private static final String[] DISTRICTS = {"강남구", "마포구", "서초구", "송파구", "중구", "관악구", "성동구", "용산구"};
  private static Connection db;
  private static long memberId;
  private static long keyRows;

  @BeforeAll
  static void seed() throws SQLException {
    DatabaseUri uri = DatabaseUri.parse(TestDatabase.get().uri());
    db = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
    // The server's migrations create the tables; make sure they ran even when this class runs alone.
    Database.migrate(new JsonObject().put("uri", TestDatabase.get().uri()).put("connectTimeoutMs", 3000));
    try (Statement sql = db.createStatement()) {
      sql.executeUpdate("INSERT INTO member (role, email, name, created_at, updated_at) VALUES ('MODEL', 'explain-"
          + UUID.randomUUID() + "@example.com', 'Seeder', NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = sql.getGeneratedKeys()) {
        keys.next();
        memberId = keys.getLong(1);
      }
    }
    Random random = new Random(7);
    List<Tuple> keys = new ArrayList<>();
    db.setAutoCommit(false);
    try (PreparedStatement insert = db.prepareStatement(SavedSearchSql.INSERT, Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < SEARCHES; i++) {
        SaveSearch search = new SaveSearch(null, randomFilters(random));
        bind(insert, SavedSearch.insertValues(memberId, search, LocalDateTime.now()));
        insert.executeUpdate();
        try (ResultSet generated = insert.getGeneratedKeys()) {
          generated.next();
          keys.addAll(SavedSearchService.keyRows(generated.getLong(1), search));
        }
      }
    }
    keyRows = keys.size();
    insertKeys(keys);
    db.commit();
    db.setAutoCommit(true);
    try (Statement sql = db.createStatement()) {
      sql.execute("ANALYZE TABLE saved_search, saved_search_key");
    }
  }

  /**
   * Multi-row INSERTs of the server's own key rows: MariaDB's bulk protocol (the JDBC driver's
   * batches) refused these rows with "Incorrect arguments to mysqld_stmt_bulk_execute".
   */
  private static void insertKeys(List<Tuple> keys) throws SQLException {
    String row = "(" + "?, ".repeat(keys.get(0).size() - 1) + "?)";
    String head = SavedSearchSql.INSERT_KEY.substring(0, SavedSearchSql.INSERT_KEY.indexOf("VALUES") + 6);
    for (int from = 0; from < keys.size(); from += 500) {
      List<Tuple> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
      try (PreparedStatement insert = db.prepareStatement(head + " " + String.join(", ",
          java.util.Collections.nCopies(chunk.size(), row)))) {
        int at = 1;
        for (Tuple key : chunk) {
          for (int i = 0; i < key.size(); i++) {
            insert.setObject(at++, key.getValue(i));
          }
        }
        insert.executeUpdate();
      }
    }
  }

  @AfterAll
  static void close() throws SQLException {
    try (Statement sql = db.createStatement()) {
      sql.executeUpdate("DELETE FROM saved_search WHERE member_id = " + memberId);
      sql.executeUpdate("DELETE FROM member WHERE id = " + memberId);
    }
    db.close();
  }

  @Test
  void aPostsCandidatesAreReadByRangesOfTheKeyIndexAndEachSearchByItsId() throws SQLException {
    List<String[]> plan = plan(PostMatcher.candidateValues(gangnamPost(), Instant.now().minus(Duration.ofHours(1))));
    String[] keys = row(plan, "k");
    assertEquals("range", keys[1], "keys by ranges: " + describe(plan));
    assertEquals("PRIMARY", keys[2], "keys by the primary key: " + describe(plan));
    assertTrue(Long.parseLong(keys[3]) < keyRows / 4, "reads a small share of " + keyRows + " keys: " + describe(plan));
    String[] searches = row(plan, "s");
    assertEquals("eq_ref", searches[1], "each candidate by its id: " + describe(plan));
    assertEquals("PRIMARY", searches[2], describe(plan));
  }

  /**
   * notified_at is part of the range: the searches told within the hour are not even read. Counted
   * in rows the statement really read (EXPLAIN's estimate still counts the rows an update moved
   * until InnoDB purges their old versions).
   */
  @Test
  void searchesToldWithinTheHourAreSkippedByTheRange() throws SQLException {
    Tuple values = PostMatcher.candidateValues(gangnamPost(), Instant.now().minus(Duration.ofHours(1)));
    long before = rowsRead(values);
    try (PreparedStatement tell = db.prepareStatement("UPDATE saved_search_key k JOIN saved_search s "
        + "ON s.id = k.saved_search_id SET k.notified_at = ? WHERE s.member_id = ? AND s.id % 20 <> 0")) {
      tell.setObject(1, Times.toDb(Instant.now().minus(Duration.ofMinutes(5))));
      tell.setLong(2, memberId);
      assertTrue(tell.executeUpdate() > keyRows / 2);
    }
    long after = rowsRead(values);
    assertTrue(before > 200 && after * 5 < before, "rows read with 95 % told: " + after + ", before: " + before);
  }

  /** Handler reads (index lookups and next rows) of one run of the candidates statement. */
  private static long rowsRead(Tuple values) throws SQLException {
    long before = handlerReads();
    try (PreparedStatement candidates = db.prepareStatement(SavedSearchSql.CANDIDATES)) {
      bind(candidates, values);
      try (ResultSet rows = candidates.executeQuery()) {
        while (rows.next()) {
          rows.getLong("id");
        }
      }
    }
    return handlerReads() - before;
  }

  private static long handlerReads() throws SQLException {
    try (Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_key', 'Handler_read_next')")) {
      long reads = 0;
      while (rows.next()) {
        reads += rows.getLong(2);
      }
      return reads;
    }
  }

  private static OpenedPost gangnamPost() {
    return new OpenedPost(1, 1, "post", EnumSet.of(HairService.CUT, HairService.DYE), 10_000,
        Instant.now().plus(Duration.ofDays(3)), "OPEN", "서울특별시", "강남구", null, 37.5172, 127.0473, 24,
        AffiliationKind.SALON);
  }

  private static List<String[]> plan(Tuple values) throws SQLException {
    try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + SavedSearchSql.CANDIDATES)) {
      bind(explain, values);
      List<String[]> plan = new ArrayList<>();
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          plan.add(new String[] {rows.getString("table"), rows.getString("type"), rows.getString("key"),
              rows.getString("rows")});
        }
      }
      return plan;
    }
  }

  private static String[] row(List<String[]> plan, String table) {
    return plan.stream().filter(row -> table.equals(row[0])).findFirst()
        .orElseThrow(() -> new AssertionError("no " + table + " in " + describe(plan)));
  }

  private static String describe(List<String[]> plan) {
    StringBuilder text = new StringBuilder();
    plan.forEach(row -> text.append(String.join(":", row)).append("  "));
    return text.toString();
  }

  private static void bind(PreparedStatement statement, Tuple values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setObject(i + 1, values.getValue(i));
    }
  }

  /** Mostly a district, some near-me, a few anywhere; services and prices as models ask. */
  private static PostSearchQuery randomFilters(Random random) {
    JsonObject params = new JsonObject();
    int area = random.nextInt(10);
    if (area < 6) {
      params.put("sido", "서울특별시").put("sigungu", DISTRICTS[random.nextInt(DISTRICTS.length)]);
    } else if (area < 9) {
      params.put("near", (37.45 + random.nextDouble() * 0.2) + "," + (126.9 + random.nextDouble() * 0.25))
          .put("radiusKm", Integer.toString(1 + random.nextInt(5)));
    }
    if (random.nextBoolean()) {
      params.put("services", HairService.values()[random.nextInt(4)].name());
    }
    if (random.nextBoolean()) {
      params.put("priceMax", Integer.toString(random.nextInt(4) * 10_000));
    }
    return PostSearchQuery.from(params);
  }
}
