package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends plain-text mails through the SMTP server in {@code mail.*}. With no {@code mail.host} (the
 * embedded default) nothing is sent: in development mode the mail is logged whole, so a developer
 * can follow its link; in production only the fact is logged, since the text may hold a secret.
 */
public final class Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

  private final MailClient client;
  private final String from;
  private final boolean development;

  private Mailer(MailClient client, String from, boolean development) {
    this.client = client;
    this.from = from;
    this.development = development;
  }

  public static Mailer create(Vertx vertx, JsonObject config) {
    JsonObject mail = config.getJsonObject("mail");
    boolean development = "development".equals(config.getString("mode"));
    String host = mail.getString("host");
    if (host.isBlank()) {
      return new Mailer(null, mail.getString("from"), development);
    }
    String username = mail.getString("username");
    MailConfig smtp = new MailConfig()
        .setHostname(host)
        .setPort(mail.getInteger("port"))
        .setStarttls(StartTLSOptions.valueOf(mail.getString("startTls")))
        .setSsl(mail.getBoolean("ssl"))
        .setConnectTimeout(mail.getInteger("connectTimeoutMs"))
        .setLogin(username.isEmpty() ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setUsername(username.isEmpty() ? null : username)
        .setPassword(username.isEmpty() ? null : mail.getString("password"));
    return new Mailer(MailClient.create(vertx, smtp), mail.getString("from"), development);
  }

  public Future<Void> send(String to, String subject, String text) {
    if (client == null) {
      if (development) {
        LogEvent.info(LOG, "mail-not-sent").addKeyValue("reason", "mail.host is empty").addKeyValue("to", to)
            .addKeyValue("subject", subject).addKeyValue("text", text).log();
      } else {
        LogEvent.warn(LOG, "mail-not-sent").addKeyValue("reason", "mail.host is empty").log();
      }
      return Future.succeededFuture();
    }
    MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text);
    return client.sendMail(message).mapEmpty();
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
