package app.freety.media;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Drops the eXIf chunk and the text chunks (where XMP lives) of a PNG. */
final class PngMetadataFilter implements MetadataFilter {
  private static final int SIGNATURE = 8;
  private static final Set<String> METADATA = Set.of("eXIf", "tEXt", "zTXt", "iTXt");

  private int signatureLeft = SIGNATURE;
  private final byte[] header = new byte[8];
  private int headerLength;
  private long bodyLeft;
  private boolean dropping;

  @Override
  public Buffer apply(Buffer chunk) {
    Buffer kept = Buffer.buffer(chunk.length());
    int i = 0;
    while (i < chunk.length()) {
      if (signatureLeft > 0) {
        int take = Math.min(signatureLeft, chunk.length() - i);
        kept.appendBuffer(chunk, i, take);
        signatureLeft -= take;
        i += take;
      } else if (bodyLeft > 0) {
        int take = (int) Math.min(bodyLeft, chunk.length() - i);
        if (!dropping) {
          kept.appendBuffer(chunk, i, take);
        }
        bodyLeft -= take;
        i += take;
      } else {
        header[headerLength++] = chunk.getByte(i++);
        if (headerLength == header.length) {
          long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
          dropping = METADATA.contains(new String(header, 4, 4, StandardCharsets.ISO_8859_1));
          if (!dropping) {
            kept.appendBytes(header);
          }
          bodyLeft = length + 4; // data and CRC
          headerLength = 0;
        }
      }
    }
    return kept;
  }
}
