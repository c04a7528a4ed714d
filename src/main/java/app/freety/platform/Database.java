package app.freety.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/** The one shared MySQL pool, and the Flyway migrations that run before any verticle deploys. */
public final class Database {
  /** The pool's name in the metrics (vertx_pool_*{pool_type="sql",pool_name="freety-db"}). */
  public static final String POOL_NAME = "freety-db";

  private Database() {
  }

  /**
   * A dead database host (connections open, no answer) is noticed after db.queryTimeoutMs: a
   * connection that reads nothing for that long is closed, and what ran on it fails with a 503.
   * The same read-idle rule closes connections idle in the pool, so a quiet node reconnects
   * (a few ms) on its next request. Lock waits end after db.lockWaitSeconds with an error the
   * features retry once, before the read-idle rule would cut the connection.
   */
  public static Pool createPool(Vertx vertx, JsonObject dbConfig) {
    DatabaseUri uri = DatabaseUri.parse(dbConfig.getString("uri"));
    MySQLConnectOptions connect = new MySQLConnectOptions()
        .setHost(uri.host())
        .setPort(uri.port())
        .setUser(uri.user())
        .setPassword(uri.password())
        .setDatabase(uri.database())
        .setCharset("utf8mb4")
        .setCollation("utf8mb4_unicode_ci")
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256);
    int connectTimeoutMs = dbConfig.getInteger("connectTimeoutMs");
    int queryTimeoutMs = dbConfig.getInteger("queryTimeoutMs");
    NetClientOptions tcp = new NetClientOptions()
        .setConnectTimeout(connectTimeoutMs)
        .setReadIdleTimeout(queryTimeoutMs)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    int poolSize = dbConfig.getInteger("poolSize");
    PoolOptions pool = new PoolOptions()
        .setName(POOL_NAME)
        // The pool retires idle connections itself, well before the read-idle rule would close
        // one under a request that has just taken it.
        .setIdleTimeout(Math.max(1, queryTimeoutMs * 2 / 3))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setPoolCleanerPeriod(Math.max(1, queryTimeoutMs / 6))
        .setMaxSize(poolSize)
        .setMaxWaitQueueSize(poolSize * 64)
        .setConnectionTimeout(connectTimeoutMs)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setEventLoopSize(Math.max(1, Runtime.getRuntime().availableProcessors()));
    String sessionSettings = "SET SESSION innodb_lock_wait_timeout = " + dbConfig.getInteger("lockWaitSeconds");
    return MySQLBuilder.pool().with(pool).with(tcp).connectingTo(connect).using(vertx)
        .withConnectHandler(conn -> conn.query(sessionSettings).execute().onComplete(done -> conn.close()))
        .build();
  }

  /** Blocking: call from main or a worker, never from an event loop. */
  public static void migrate(JsonObject dbConfig) {
    DatabaseUri uri = DatabaseUri.parse(dbConfig.getString("uri"));
    Flyway.configure()
        .dataSource(uri.jdbcUrl() + "?connectTimeout=" + dbConfig.getInteger("connectTimeoutMs"),
            uri.user(), uri.password())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load()
        .migrate();
  }
}
