package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Await;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster section as start-up reads it: the defaults, the variables, and each value it refuses. */
class ClusterSettingsTest {

  @Test
  void theDefaultsAreANodeAloneThatWouldJoinOnLoopback() {
    ClusterSettings settings = FreetyConfig.cluster(defaults());
    assertFalse(settings.enabled());
    assertEquals(new ClusterSettings(false, "freety", "127.0.0.1", "", 5701, 0, List.of("127.0.0.1")), settings);
  }

  @Test
  void everyKeyHasItsVariable() {
    JsonObject config = EnvOverrides.apply(defaults(), new JsonObject()
        .put("FREETY_CLUSTER_ENABLED", "true").put("FREETY_CLUSTER_NAME", "freety-prod")
        .put("FREETY_CLUSTER_HOST", "0.0.0.0").put("FREETY_CLUSTER_PUBLIC_HOST", "node-1")
        .put("FREETY_CLUSTER_PORT", "5801").put("FREETY_CLUSTER_EVENT_BUS_PORT", "5802")
        .put("FREETY_CLUSTER_MEMBERS", "node-1, node-2:5801,10.0.0.3"));
    assertEquals(new ClusterSettings(true, "freety-prod", "0.0.0.0", "node-1", 5801, 5802,
        List.of("node-1", "node-2:5801", "10.0.0.3")), FreetyConfig.cluster(config));
  }

  @Test
  void hazelcastJoinsByTheMemberListOnlyAndStaysOnItsHost() {
    ClusterSettings settings = new ClusterSettings(true, "freety-prod", "10.0.0.5", "", 5701, 0,
        List.of("10.0.0.5", "10.0.0.6:5701"));
    Config config = settings.hazelcastConfig();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertEquals("freety-prod", config.getClusterName());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("10.0.0.5", "10.0.0.6:5701"), join.getTcpIpConfig().getMembers());
    assertEquals(List.of("10.0.0.5"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertTrue(config.getNetworkConfig().isPortAutoIncrement());
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
    assertEquals("10.0.0.5", settings.eventBusOptions().getClusterPublicHost());

    ClusterSettings behindNames = new ClusterSettings(true, "freety-prod", "0.0.0.0", "node-1", 5701, 0,
        List.of("node-1", "node-2"));
    assertFalse(behindNames.hazelcastConfig().getNetworkConfig().getInterfaces().isEnabled());
    assertEquals("node-1", behindNames.hazelcastConfig().getNetworkConfig().getPublicAddress());
    assertEquals("0.0.0.0", behindNames.eventBusOptions().getHost());
    assertEquals("node-1", behindNames.eventBusOptions().getClusterPublicHost());
  }

  @Test
  void aBadValueStopsStartUpNamingItsKeyAndVariable() {
    assertRefused("name", "", "FREETY_CLUSTER_NAME");
    assertRefused("host", "node-1", "FREETY_CLUSTER_HOST");
    assertRefused("host", "300.1.1.1", "FREETY_CLUSTER_HOST");
    assertRefused("host", "0.0.0.0", "FREETY_CLUSTER_PUBLIC_HOST");
    assertRefused("publicHost", "node 1", "FREETY_CLUSTER_PUBLIC_HOST");
    assertRefused("port", 0, "FREETY_CLUSTER_PORT");
    assertRefused("port", 70000, "FREETY_CLUSTER_PORT");
    assertRefused("eventBusPort", -1, "FREETY_CLUSTER_EVENT_BUS_PORT");
    assertRefused("members", "", "FREETY_CLUSTER_MEMBERS");
    assertRefused("members", "10.0.0.5:99999", "FREETY_CLUSTER_MEMBERS");
    assertRefused("members", "10.0.0.5,,node/2", "FREETY_CLUSTER_MEMBERS");
    String range = assertRefused("members", "127.0.0.1:5701-5703", "FREETY_CLUSTER_MEMBERS");
    assertTrue(range.contains("port ranges"), range);
  }

  private static String assertRefused(String key, Object value, String variable) {
    JsonObject config = defaults();
    config.getJsonObject("cluster").put(key, value);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> FreetyConfig.cluster(config), key + "=" + value);
    assertTrue(refused.getMessage().contains(variable), refused.getMessage());
    return refused.getMessage();
  }

  private static JsonObject defaults() {
    Vertx vertx = Vertx.vertx();
    try {
      return Await.result(FreetyConfig.load(vertx, new JsonObject()));
    } finally {
      Await.result(vertx.close());
    }
  }
}
