package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * The one shared MySQL pool, the read replica's pool when db.readUri is set, and the Flyway
 * migrations that run before any verticle deploys (on the primary only: a replica gets the
 * schema by replication).
 */
public final class Database {
  /** The pool's name in the metrics (vertx_pool_*{pool_type="sql",pool_name="freety-db"}). */
  public static final String POOL_NAME = "freety-db";
  /** The read replica's pool in the metrics. */
  public static final String READ_POOL_NAME = "freety-db-read";

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
    return createPool(vertx, dbConfig, DatabaseUri.parse(dbConfig.getString("uri")), POOL_NAME,
        dbConfig.getInteger("poolSize"));
  }

  /**
   * The read replica's pool (db.readUri), with the primary's time-outs and db.readPoolSize
   * connections (0: as many as db.poolSize); empty when db.readUri is empty.
   */
  public static Optional<Pool> createReadPool(Vertx vertx, JsonObject dbConfig) {
    return readSettings(dbConfig).map(read -> createPool(vertx, dbConfig, read.uri(), READ_POOL_NAME, read.poolSize()));
  }

  /**
   * Refuses settings that the pools would refuse (db.eventLoops, db.keepWarm, db.readUri,
   * db.readPoolSize), naming the key; before any work.
   */
  public static void checkSettings(JsonObject dbConfig) {
    eventLoops(dbConfig);
    keepWarm(dbConfig);
    readSettings(dbConfig);
  }

  /**
   * Keeps db.keepWarm connections per event loop of the pool, and of the read replica's pool when
   * there is one, open while the node is quiet: {@link WarmConnections}.
   */
  public static Future<?> keepWarm(Vertx vertx, Pool pool, Optional<Pool> readPool, JsonObject dbConfig) {
    int keepWarm = keepWarm(dbConfig);
    long queryTimeoutMs = dbConfig.getInteger("queryTimeoutMs");
    Future<?> primary = WarmConnections.deploy(vertx, pool, dbConfig.getInteger("poolSize"), keepWarm, queryTimeoutMs);
    return readPool.<Future<?>>map(read -> primary.compose(ignored -> WarmConnections.deploy(vertx, read,
        readSettings(dbConfig).orElseThrow().poolSize(), keepWarm, queryTimeoutMs))).orElse(primary);
  }

  private static int keepWarm(JsonObject dbConfig) {
    int keepWarm = dbConfig.getInteger("keepWarm", 0);
    int poolSize = dbConfig.getInteger("poolSize");
    if (keepWarm < 0 || keepWarm > poolSize) {
      throw new IllegalArgumentException("db.keepWarm must be between 0 and db.poolSize (" + poolSize + "), got "
          + keepWarm);
    }
    return keepWarm;
  }

  /**
   * 0: a connection lives on the event loop that opened it, the caller's. Measured on the
   * benchmark's post details, 2 dedicated loops answered 5,650-5,920 req/s against 6,440-7,150
   * with 0 (two runs each, same jar): each statement on a connection of another loop is handed over
   * to that loop and its rows back, two wake-ups of a sleeping thread per statement.
   */
  private static int eventLoops(JsonObject dbConfig) {
    int eventLoops = dbConfig.getInteger("eventLoops", 0);
    if (eventLoops < 0) {
      throw new IllegalArgumentException("db.eventLoops must be 0 (the caller's event loop) or more, got " + eventLoops);
    }
    return eventLoops;
  }

  private record ReadSettings(DatabaseUri uri, int poolSize) {
  }

  private static Optional<ReadSettings> readSettings(JsonObject dbConfig) {
    String readUri = dbConfig.getString("readUri", "");
    if (readUri.isBlank()) {
      return Optional.empty();
    }
    DatabaseUri uri = DatabaseUri.parse(readUri, "db.readUri");
    int readPoolSize = dbConfig.getInteger("readPoolSize", 0);
    if (readPoolSize < 0) {
      throw new IllegalArgumentException("db.readPoolSize must be 0 (as many as db.poolSize) or more, got "
          + readPoolSize);
    }
    return Optional.of(new ReadSettings(uri, readPoolSize == 0 ? dbConfig.getInteger("poolSize") : readPoolSize));
  }

  private static Pool createPool(Vertx vertx, JsonObject dbConfig, DatabaseUri uri, String name, int poolSize) {
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
    PoolOptions pool = new PoolOptions()
        .setName(name)
        // The pool retires idle connections itself, well before the read-idle rule would close
        // one under a request that has just taken it.
        .setIdleTimeout(Math.max(1, queryTimeoutMs * 2 / 3))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setPoolCleanerPeriod(Math.max(1, queryTimeoutMs / 6))
        .setMaxSize(poolSize)
        .setMaxWaitQueueSize(poolSize * 64)
        .setConnectionTimeout(connectTimeoutMs)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setEventLoopSize(eventLoops(dbConfig));
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
