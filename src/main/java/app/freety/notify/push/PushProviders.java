package app.freety.notify.push;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The enabled providers by platform (FCM for Android, APNs for iOS), made from the push settings,
 * with the HTTP clients and circuit breakers they own: {@link #close()} releases them. A platform
 * without an enabled provider is absent from the map.
 */
public final class PushProviders extends AbstractMap<Platform, PushProvider> implements AutoCloseable {
  /** FCM answers in tens of milliseconds over HTTP/1.1: this many connections carry several hundred pushes a second. */
  private static final int FCM_CONNECTIONS = 32;

  private final Map<Platform, PushProvider> providers;
  private final Runnable release;

  private PushProviders(Map<Platform, PushProvider> providers, Runnable release) {
    this.providers = Collections.unmodifiableMap(providers);
    this.release = release;
  }

  /**
   * Checks push.* and reads the key files: a provider that is enabled but cannot work (a setting
   * missing, a file unreadable, a key of the wrong kind) throws IllegalArgumentException naming the
   * setting and its variable. Blocking file reads: call it at start-up, not on an event loop.
   */
  public static PushProviders fromConfig(Vertx vertx, JsonObject push) {
    return fromConfig(vertx, push, Clock.systemUTC());
  }

  /** As above, with the clock tokens are dated by (tests move it to age them). */
  public static PushProviders fromConfig(Vertx vertx, JsonObject push, Clock clock) {
    SettingsSection section = new SettingsSection(push, "push");
    PushSettings settings = PushSettings.from(section);
    FcmSettings fcm = section.child("fcm").enabled() ? FcmSettings.from(section.child("fcm")) : null;
    ApnsSettings apns = section.child("apns").enabled() ? ApnsSettings.from(section.child("apns")) : null;

    Map<Platform, PushProvider> providers = new EnumMap<>(Platform.class);
    Runnable release = () -> { };
    if (fcm != null) {
      WebClient client = WebClient.create(vertx, new WebClientOptions().setUserAgent("freety-server")
          .setConnectTimeout((int) settings.timeoutMs()).setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(FCM_CONNECTIONS));
      ProviderGuard guard = new ProviderGuard(vertx, FcmProvider.NAME, settings);
      FcmAccessTokens tokens = new FcmAccessTokens(client, fcm.key(), clock, settings.timeoutMs());
      providers.put(Platform.ANDROID, new FcmProvider(client, tokens, guard, fcm.baseUrl(), fcm.projectId(),
          settings.timeoutMs(), clock));
      release = and(release, client, guard);
    }
    if (apns != null) {
      WebClient client = WebClient.create(vertx, apnsClientOptions(apns, settings));
      ProviderGuard guard = new ProviderGuard(vertx, ApnsProvider.NAME, settings);
      ApnsProviderTokens tokens = new ApnsProviderTokens(apns.teamId(), apns.keyId(), apns.key(), clock);
      providers.put(Platform.IOS, new ApnsProvider(client, tokens, guard, apns.baseUrl(), apns.topic(),
          settings.timeoutMs(), clock));
      release = and(release, client, guard);
    }
    return new PushProviders(providers, release);
  }

  /** Checks push.* as {@link #fromConfig} does, without making clients: for start-up, before anything is deployed. */
  public static void check(JsonObject push) {
    SettingsSection section = new SettingsSection(push, "push");
    PushSettings.from(section);
    if (section.child("fcm").enabled()) {
      FcmSettings.from(section.child("fcm"));
    }
    if (section.child("apns").enabled()) {
      ApnsSettings.from(section.child("apns"));
    }
  }

  /** APNs speaks HTTP/2 only, over TLS, negotiated by ALPN. */
  private static WebClientOptions apnsClientOptions(ApnsSettings apns, PushSettings settings) {
    WebClientOptions options = new WebClientOptions().setUserAgent("freety-server")
        .setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setSsl(true)
        .setConnectTimeout((int) settings.timeoutMs()).setKeepAlive(true);
    if (!apns.trustedCertFile().isEmpty()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(apns.trustedCertFile()));
    }
    return options;
  }

  private static Runnable and(Runnable before, WebClient client, ProviderGuard guard) {
    return () -> {
      before.run();
      guard.close();
      client.close();
    };
  }

  @Override
  public Set<Entry<Platform, PushProvider>> entrySet() {
    return providers.entrySet();
  }

  @Override
  public PushProvider get(Object platform) {
    return providers.get(platform);
  }

  /** Closes the providers' HTTP clients and circuit breakers; pushes in flight fail as RETRY. */
  @Override
  public void close() {
    release.run();
  }
}
