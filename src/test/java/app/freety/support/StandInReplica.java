package app.freety.support;

import app.freety.platform.Database;
import app.freety.platform.DatabaseUri;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A second database beside the tests' common one, standing in for a read replica of it: made by
 * {@link TestDatabase#ofItsOwn}, given the schema by the server's own Flyway migrations when the
 * test says so, and filled by copying rows from the primary when the test says so. Replication is
 * played by hand, so a test chooses exactly when the replica has caught up and when it lags.
 * Blocking JDBC: the JUnit thread only.
 */
public final class StandInReplica {
  private final TestDatabase.Chosen database;
  private final DatabaseUri replica;
  private final String primaryName;

  private StandInReplica(TestDatabase.Chosen database) {
    this.database = database;
    this.replica = DatabaseUri.parse(database.uri());
    this.primaryName = DatabaseUri.parse(TestDatabase.get().uri()).database();
  }

  /** An empty one, or none where the test account may not create databases. */
  public static Optional<StandInReplica> create() {
    return TestDatabase.ofItsOwn("replica").map(StandInReplica::new);
  }

  public String uri() {
    return database.uri();
  }

  /** Its URI with the host and port of a relay in front of it (a TcpProxy), so a test can take it away. */
  public String uriThrough(int relayPort) {
    return "mysql://" + replica.user() + (replica.password().isEmpty() ? "" : ":" + replica.password())
        + "@127.0.0.1:" + relayPort + "/" + replica.database();
  }

  public String host() {
    return replica.host();
  }

  public int port() {
    return replica.port();
  }

  /** The schema the primary has, by the same migrations, as replication would have brought it. */
  public void migrate() {
    Database.migrate(new JsonObject().put("uri", uri()).put("connectTimeoutMs", 5000));
  }

  /** How many tables it holds (none before {@link #migrate}). */
  public long tables() {
    return count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?", replica.database());
  }

  public long count(String sqlReturningOneNumber, Object... params) {
    return database.count(sqlReturningOneNumber, params);
  }

  public void execute(String sql) {
    database.execute(sql);
  }

  /**
   * Brings the rows of the primary's table that the condition selects over as they are there,
   * versions included (what replication does): new rows are added, rows already here are
   * overwritten. Generated columns are left to this database to compute; foreign keys are not
   * checked, so tables may be copied in any order.
   */
  public void copy(String table, String condition) {
    try (Connection connection = DriverManager.getConnection(replica.jdbcUrl(), replica.user(), replica.password());
         Statement statement = connection.createStatement()) {
      List<String> columns = storedColumns(connection, table);
      String list = String.join(", ", columns);
      List<String> updates = new ArrayList<>();
      for (String column : columns) {
        updates.add(column + " = VALUES(" + column + ")");
      }
      statement.execute("SET SESSION foreign_key_checks = 0");
      statement.execute("INSERT INTO `" + replica.database() + "`." + table + " (" + list + ") SELECT " + list
          + " FROM `" + primaryName + "`." + table + " WHERE " + condition
          + " ON DUPLICATE KEY UPDATE " + String.join(", ", updates));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not copy " + table + " where " + condition + ": " + e.getMessage(), e);
    }
  }

  private List<String> storedColumns(Connection connection, String table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = ? AND table_name = ? AND COALESCE(generation_expression, '') = ''"
        + " ORDER BY ordinal_position")) {
      query.setString(1, replica.database());
      query.setString(2, table);
      List<String> columns = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.add("`" + rows.getString(1) + "`");
        }
      }
      if (columns.isEmpty()) {
        throw new IllegalStateException("No table " + table + " in the stand-in replica: migrate it first");
      }
      return columns;
    }
  }
}
