package app.freety.platform;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cluster section of the configuration, checked once at start-up: how this node finds the
 * others (a fixed TCP-IP member list: no multicast, no discovery) and where Hazelcast and the event
 * bus listen. A bad value stops start-up with a message naming its key and variable.
 */
public record ClusterSettings(boolean enabled, String name, String host, String publicHost, int port,
    int eventBusPort, List<String> members) {

  /** Binds every interface: then the address other nodes reach this one at must be given. */
  public static final String ANY_HOST = "0.0.0.0";
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

  public ClusterSettings {
    members = List.copyOf(members);
  }

  /** Reads and checks the cluster section (cluster.* in conf/config.json). */
  public static ClusterSettings from(JsonObject cluster) {
    String name = cluster.getString("name", "").strip();
    require(!name.isEmpty(), "name", "must not be empty", name);
    String host = cluster.getString("host", "").strip();
    require(IPV4.matcher(host).matches(), "host",
        "must be an IPv4 address of this machine (or " + ANY_HOST + " for every interface)", host);
    String publicHost = cluster.getString("publicHost", "").strip();
    require(publicHost.isEmpty() || HOST_NAME.matcher(publicHost).matches(), "publicHost",
        "must be a host name or IPv4 address, or empty for the same as cluster.host", publicHost);
    require(!(host.equals(ANY_HOST) && publicHost.isEmpty()), "publicHost",
        "must be set when cluster.host is " + ANY_HOST + " (other nodes cannot reach " + ANY_HOST + ")", publicHost);
    int port = cluster.getInteger("port");
    require(port >= 1 && port <= 65535, "port", "must be a port (1-65535)", Integer.toString(port));
    int eventBusPort = cluster.getInteger("eventBusPort");
    require(eventBusPort >= 0 && eventBusPort <= 65535, "eventBusPort", "must be a port (0 = any free one)",
        Integer.toString(eventBusPort));
    return new ClusterSettings(cluster.getBoolean("enabled"), name, host, publicHost, port, eventBusPort,
        members(cluster.getString("members", "")));
  }

  private static List<String> members(String text) {
    List<String> members = new ArrayList<>();
    for (String entry : text.split(",")) {
      String member = entry.strip();
      if (member.isEmpty()) {
        continue;
      }
      // Hazelcast 5.3 takes "host:5701-5703" for a range in XML, not here: it fails at join time
      // with a NumberFormatException. The host alone tries the auto-increment ports.
      require(!member.matches(".*:\\d+-\\d+"), "members", "takes no port ranges: write the host alone, which "
          + "tries every auto-increment port from cluster.port", member);
      int colon = member.lastIndexOf(':');
      String memberHost = colon < 0 ? member : member.substring(0, colon);
      String memberPort = colon < 0 ? "5701" : member.substring(colon + 1);
      require(HOST_NAME.matcher(memberHost).matches() && memberPort.matches("\\d{1,5}")
          && Integer.parseInt(memberPort) >= 1 && Integer.parseInt(memberPort) <= 65535, "members",
          "must be \"host\" or \"host:port\" entries separated by commas", member);
      members.add(member);
    }
    require(!members.isEmpty(), "members", "must name at least one member (this node's own host will do for the "
        + "first)", text);
    return members;
  }

  private static void require(boolean valid, String key, String rule, String value) {
    if (!valid) {
      throw new IllegalArgumentException("cluster." + key + " (" + variable(key) + ") " + rule + ", got '" + value
          + "'");
    }
  }

  private static String variable(String key) {
    return "FREETY_CLUSTER_" + EnvOverrides.upperSnake(key);
  }

  /** The address other nodes reach this one at. */
  public String advertisedHost() {
    return publicHost.isEmpty() ? host : publicHost;
  }

  /**
   * Hazelcast as a member of this cluster: TCP-IP join to the listed members only, bound to
   * cluster.host (every interface for 0.0.0.0), the port counting up from cluster.port when taken,
   * logs through SLF4J (JSON lines like ours), and no phone-home call to Hazelcast's servers.
   */
  public Config hazelcastConfig() {
    Config config = new Config().setClusterName(name);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
    if (!publicHost.isEmpty()) {
      network.setPublicAddress(publicHost);
    }
    if (!host.equals(ANY_HOST)) {
      network.getInterfaces().setEnabled(true).addInterface(host);
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return config;
  }

  /** The clustered event bus: listens on cluster.host and cluster.eventBusPort, tells others advertisedHost. */
  public EventBusOptions eventBusOptions() {
    return new EventBusOptions().setHost(host).setPort(eventBusPort).setClusterPublicHost(advertisedHost());
  }
}
