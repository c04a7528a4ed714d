package app.freety.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON written straight into a Buffer with Jackson's streaming generator (which Vert.x ships), for
 * lists: building a JsonObject per item only to encode it at once costs more than writing it.
 */
public final class StreamedJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int INITIAL_BYTES = 8_192;

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

  public static Buffer write(Writing writing) {
    Buffer buffer = Buffer.buffer(INITIAL_BYTES);
    try (JsonGenerator json = FACTORY.createGenerator(new BufferOutput(buffer))) {
      writing.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer;
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
