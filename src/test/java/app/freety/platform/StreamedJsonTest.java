package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class StreamedJsonTest {
  @Test
  void aBufferIsSizedForTheLargestRecentAnswerAndForgetsItSlowly() {
    StreamedJson.SizeHint hint = new StreamedJson.SizeHint();
    Buffer large = StreamedJson.write(hint, json -> json.writeString("x".repeat(33_000)));

    assertTrue(hint.expectedBytes() >= large.length(), "the next buffer holds the last large answer");

    StreamedJson.write(hint, json -> json.writeString(""));
    assertTrue(hint.expectedBytes() >= large.length() * 15 / 16, "one small answer barely lowers it");

    for (int i = 0; i < 200; i++) {
      StreamedJson.write(hint, json -> json.writeString(""));
    }
    assertEquals(1_024, hint.expectedBytes(), "a run of small answers brings it down to the floor");
  }

  @Test
  void whatIsWrittenIsTheSameWhateverTheBufferStartedAt() {
    StreamedJson.SizeHint hint = new StreamedJson.SizeHint();
    String text = "모델 ".repeat(10_000);

    String first = StreamedJson.write(hint, json -> json.writeString(text)).toString();
    String second = StreamedJson.write(hint, json -> json.writeString(text)).toString();

    assertEquals(new io.vertx.core.json.JsonArray().add(text).encode(), "[" + first + "]");
    assertEquals(first, second);
  }
}
