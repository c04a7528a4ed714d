package app.freety.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** multipart/form-data bodies written byte by byte, so tests can also write broken ones. */
public final class FormData {
  public static final String BOUNDARY = "freety-test-boundary-7d3a";
  public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  public FormData field(String name, String value) {
    return text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
  }

  public FormData file(String name, String fileName, String contentType, byte[] bytes) {
    text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    body.writeBytes(bytes);
    return text("\r\n");
  }

  /** Anything at all, as it is. */
  public FormData text(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  /** The body with its closing delimiter. */
  public byte[] end() {
    return text("--" + BOUNDARY + "--\r\n").body.toByteArray();
  }

  /** The body as written so far, without a closing delimiter. */
  public byte[] unfinished() {
    return body.toByteArray();
  }
}
