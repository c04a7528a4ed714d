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
  private Database() {
  }

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
    NetClientOptions tcp = new NetClientOptions().setConnectTimeout(dbConfig.getInteger("connectTimeoutMs"));
    int poolSize = dbConfig.getInteger("poolSize");
    PoolOptions pool = new PoolOptions()
        .setMaxSize(poolSize)
        .setMaxWaitQueueSize(poolSize * 64)
        .setConnectionTimeout(dbConfig.getInteger("connectTimeoutMs"))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setEventLoopSize(Math.max(1, Runtime.getRuntime().availableProcessors()));
    return MySQLBuilder.pool().with(pool).with(tcp).connectingTo(connect).using(vertx).build();
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
