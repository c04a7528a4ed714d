package app.freety.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.Language;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The rules of quiet hours, back-off and words, without a server. */
class QuietHoursTest {
  private static final QuietHours SEOUL_NIGHT = QuietHours.DEFAULT;

  @Test
  void theDefaultNightSpansMidnightInSeoul() {
    // 22:30 in Seoul is 13:30 UTC; the quiet stretch ends at 08:00 Seoul, 23:00 UTC.
    Instant lateEvening = Instant.parse("2026-12-01T13:30:00Z");
    assertTrue(SEOUL_NIGHT.holds(lateEvening));
    assertEquals(Instant.parse("2026-12-01T23:00:00Z"), SEOUL_NIGHT.endAfter(lateEvening));
    Instant earlyMorning = Instant.parse("2026-12-01T21:00:00Z"); // 06:00 in Seoul, the next day
    assertTrue(SEOUL_NIGHT.holds(earlyMorning));
    assertEquals(Instant.parse("2026-12-01T23:00:00Z"), SEOUL_NIGHT.endAfter(earlyMorning));
    assertFalse(SEOUL_NIGHT.holds(Instant.parse("2026-12-01T23:00:00Z")), "the end is not quiet");
    assertTrue(SEOUL_NIGHT.holds(Instant.parse("2026-12-01T13:00:00Z")), "the start is");
    assertFalse(SEOUL_NIGHT.holds(Instant.parse("2026-12-01T05:00:00Z")), "14:00 in Seoul");
  }

  @Test
  void aStretchWithinOneDayAndOneAcrossASummerTimeChange() {
    QuietHours afternoon = new QuietHours(LocalTime.of(13, 0), LocalTime.of(15, 30), ZoneId.of("UTC"));
    assertTrue(afternoon.holds(Instant.parse("2026-06-01T14:00:00Z")));
    assertFalse(afternoon.holds(Instant.parse("2026-06-01T15:30:00Z")));
    assertFalse(afternoon.holds(Instant.parse("2026-06-01T12:59:00Z")));
    assertEquals(Instant.parse("2026-06-01T15:30:00Z"), afternoon.endAfter(Instant.parse("2026-06-01T14:00:00Z")));

    // New York moves to summer time on 2026-03-08 at 02:00: 08:00 that morning is 12:00 UTC, not 13:00.
    QuietHours newYork = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0), ZoneId.of("America/New_York"));
    Instant saturdayNight = Instant.parse("2026-03-08T04:00:00Z"); // 23:00 EST
    assertTrue(newYork.holds(saturdayNight));
    assertEquals(Instant.parse("2026-03-08T12:00:00Z"), newYork.endAfter(saturdayNight));
  }

  @Test
  void aMessageAboutAnAppointmentWithinThreeHoursIsUrgent() {
    Instant now = Instant.parse("2026-12-01T14:00:00Z");
    assertTrue(PushSender.aboutAnAppointmentSoon(message(now.plus(Duration.ofHours(2))), now));
    assertTrue(PushSender.aboutAnAppointmentSoon(message(now.plus(Duration.ofHours(3))), now));
    assertFalse(PushSender.aboutAnAppointmentSoon(message(now.plus(Duration.ofHours(4))), now));
    assertFalse(PushSender.aboutAnAppointmentSoon(message(now.minus(Duration.ofMinutes(1))), now));
    assertFalse(PushSender.aboutAnAppointmentSoon(new Notification(1, 2, NotificationKind.MESSAGE_RECEIVED,
        new JsonObject(), 0), now), "no appointment");
    assertFalse(PushSender.aboutAnAppointmentSoon(new Notification(1, 2, NotificationKind.APPLICATION_ACCEPTED,
        new JsonObject().put("appointmentAt", "2026-12-01T15:00:00.000Z"), 0), now), "messages only");
  }

  @Test
  void backOffDoublesUpToItsCeilingWithJitterBelowIt() {
    assertEquals(Duration.ofMillis(1000), PushSender.backoff(1, 2000, 600_000, 0.0));
    assertEquals(Duration.ofMillis(2000), PushSender.backoff(1, 2000, 600_000, 1.0));
    assertEquals(Duration.ofMillis(8000), PushSender.backoff(3, 2000, 600_000, 1.0));
    assertEquals(Duration.ofMillis(600_000), PushSender.backoff(12, 2000, 600_000, 1.0));
    assertEquals(Duration.ofMillis(300_000), PushSender.backoff(60, 2000, 600_000, 0.0), "no overflow");
  }

  @Test
  void aDeviceSetToEnglishGetsEnglishAndEveryOtherKorean() {
    assertEquals(Language.EN, PushTexts.language("en"));
    assertEquals(Language.EN, PushTexts.language("en-GB"));
    assertEquals(Language.KO, PushTexts.language("ko-KR"));
    assertEquals(Language.KO, PushTexts.language("ja"));
  }

  private static Notification message(Instant appointmentAt) {
    return new Notification(1, 2, NotificationKind.MESSAGE_RECEIVED,
        new JsonObject().put("appointmentAt", app.freety.platform.Times.toApi(appointmentAt)), 0);
  }
}
