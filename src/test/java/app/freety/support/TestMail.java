package app.freety.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server on loopback (GreenMail) that keeps what it receives, for tests of mails. */
public final class TestMail implements AutoCloseable {
  private final GreenMail smtp;
  private final int port;

  private TestMail(GreenMail smtp, int port) {
    this.smtp = smtp;
    this.port = port;
  }

  public static TestMail start() {
    int port = TestServer.freePort();
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return new TestMail(smtp, port);
  }

  /** The server's mail settings pointing at this SMTP server (plain, no login). */
  public JsonObject config() {
    return new JsonObject().put("host", "127.0.0.1").put("port", port).put("startTls", "DISABLED")
        .put("from", "Freety <no-reply@freety.test>");
  }

  /** The mails received for one address, after waiting (at most 10 s) until at least {@code count} arrived. */
  public List<MimeMessage> awaitMailsTo(String address, int count) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      List<MimeMessage> mails = mailsTo(address);
      if (mails.size() >= count || System.currentTimeMillis() > deadline) {
        return mails;
      }
      smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
    }
  }

  public List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(mail -> isTo(mail, address)).toList();
  }

  public static String text(MimeMessage mail) {
    try {
      return mail.getContent().toString();
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isTo(MimeMessage mail, String address) {
    try {
      return Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
          .anyMatch(to -> to.toString().equalsIgnoreCase(address));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    smtp.stop();
  }
}
