package app.freety.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * JSON written straight into a Buffer with Jackson's streaming generator (which Vert.x ships), for
 * lists: building a JsonObject per item only to encode it at once costs more than writing it.
 */
public final class StreamedJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes one JSON value; the generator's IOExceptions cannot happen when writing to memory. */
  @FunctionalInterface
  public interface Writing {
    void writeTo(JsonGenerator json) throws IOException;
  }

  /** Writes fields of the object the generator is in, from a value (a row). */
  @FunctionalInterface
  public interface Fields<T> {
    void write(JsonGenerator json, T value) throws IOException;
  }

  private StreamedJson() {
  }

  /**
   * Into a buffer sized as the recent answers of this kind were: a buffer that doubles its way up
   * copies and zeroes every size below (a 33 KB page of 20 items grew 8, 16, 32 and 64 KB).
   */
  public static Buffer write(SizeHint hint, Writing writing) {
    Buffer buffer = Buffer.buffer(hint.expectedBytes());
    try (JsonGenerator json = FACTORY.createGenerator(new BufferOutput(buffer))) {
      writing.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    hint.wrote(buffer.length());
    return buffer;
  }

  /**
   * The size of the largest recent answer of one kind, forgetting an old peak slowly (by a
   * sixteenth each answer). Shared by event loops without a lock: a lost update only costs one
   * buffer a doubling.
   */
  public static final class SizeHint {
    private static final int MINIMUM_BYTES = 1_024;
    private static final int HEADROOM_DIVISOR = 8;
    private static final int FORGETTING_DIVISOR = 16;
    private static final int FIRST_GUESS_BYTES = 8_192;
    private volatile int largestRecent = FIRST_GUESS_BYTES;

    int expectedBytes() {
      int largest = largestRecent;
      return Math.max(MINIMUM_BYTES, largest + largest / HEADROOM_DIVISOR);
    }

    void wrote(int bytes) {
      int largest = largestRecent;
      largestRecent = Math.max(bytes, largest - largest / FORGETTING_DIVISOR);
    }
  }

  /**
   * The first fields of an object, written once to be kept and written again into many objects
   * ({@link #writeLeadingFields}): the bytes between the object's brace and its next field, each
   * field followed by its comma.
   */
  public static <T> byte[] leadingFields(Fields<T> fields, T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
      json.writeStartObject();
      fields.write(json, value);
      json.writeRaw(',');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] written = out.toByteArray();
    return Arrays.copyOfRange(written, 1, written.length);
  }

  /**
   * Writes fields kept by {@link #leadingFields} as the first fields of the object just started.
   * The generator counts no field for them, so the field it writes next takes no comma: that is
   * why each kept field carries its own, and why at least one field must follow.
   */
  public static void writeLeadingFields(JsonGenerator json, byte[] fields) throws IOException {
    json.flush();
    ((OutputStream) json.getOutputTarget()).write(fields);
  }

  /** A number field that may be null, as JsonObject encodes it. */
  public static void numberField(JsonGenerator json, String name, Integer value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value.intValue());
    }
  }

  /** A number field that may be null, as JsonObject encodes it. */
  public static void numberField(JsonGenerator json, String name, Double value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value.doubleValue());
    }
  }

  /** Jackson flushes its own buffer (about 8 KB) here in chunks. */
  private static final class BufferOutput extends OutputStream {
    private final Buffer buffer;

    BufferOutput(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
