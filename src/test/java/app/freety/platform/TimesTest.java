package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {
  private static final DateTimeFormatter RFC_3339_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  @Test
  void writesWhatTheFormatterWritesForEveryStoredYear() {
    Random random = new Random(20261130L);
    long first = LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long last = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)),
          random.nextInt(1_000_000_000));
      String expected = RFC_3339_MILLIS.format(instant.atOffset(ZoneOffset.UTC));
      assertEquals(expected, Times.toApi(instant), instant.toString());
      assertEquals(expected, Times.toApi(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)), instant.toString());
    }
  }

  @Test
  void keepsSecondsAndMillisecondsWhenTheyAreZero() {
    assertEquals("2026-12-20T05:00:00.000Z", Times.toApi(Instant.parse("2026-12-20T05:00:00Z")));
    assertEquals("0999-01-02T03:04:05.006Z", Times.toApi(LocalDateTime.of(999, 1, 2, 3, 4, 5, 6_999_999)));
    assertEquals("+10000-01-01T00:00:00.000Z", Times.toApi(LocalDateTime.of(10_000, 1, 1, 0, 0)));
    assertNull(Times.toApi((Instant) null));
    assertNull(Times.toApi((LocalDateTime) null));
  }
}
