package app.freety.media;

import io.vertx.core.buffer.Buffer;

/** Drops APP1 segments (EXIF, XMP) between the start of a JPEG and its first scan. */
final class JpegMetadataFilter implements MetadataFilter {
  private static final int APP1 = 0xE1;
  private static final int START_OF_SCAN = 0xDA;

  private enum State { SOI, MARKER, PAYLOAD, PASS_THROUGH }

  private State state = State.SOI;
  private final byte[] header = new byte[4];
  private int headerLength;
  private int payloadLeft;
  private boolean dropping;

  @Override
  public Buffer apply(Buffer chunk) {
    Buffer kept = Buffer.buffer(chunk.length());
    int i = 0;
    while (i < chunk.length()) {
      switch (state) {
        case PASS_THROUGH -> {
          kept.appendBuffer(chunk, i, chunk.length() - i);
          i = chunk.length();
        }
        case SOI -> {
          header[headerLength++] = chunk.getByte(i++);
          if (headerLength == 2) {
            kept.appendBytes(header, 0, 2);
            headerLength = 0;
            state = State.MARKER;
          }
        }
        case MARKER -> i = readMarker(chunk, i, kept);
        case PAYLOAD -> {
          int take = Math.min(payloadLeft, chunk.length() - i);
          if (!dropping) {
            kept.appendBuffer(chunk, i, take);
          }
          i += take;
          payloadLeft -= take;
          if (payloadLeft == 0) {
            state = State.MARKER;
          }
        }
      }
    }
    return kept;
  }

  private int readMarker(Buffer chunk, int i, Buffer kept) {
    byte next = chunk.getByte(i);
    if (headerLength == 1 && next == (byte) 0xFF) {
      return i + 1; // fill byte between segments
    }
    header[headerLength++] = next;
    if (headerLength == 2) {
      int marker = header[1] & 0xFF;
      if (marker == START_OF_SCAN || (header[0] & 0xFF) != 0xFF) {
        kept.appendBytes(header, 0, 2);
        headerLength = 0;
        state = State.PASS_THROUGH;
      } else if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        kept.appendBytes(header, 0, 2);
        headerLength = 0;
      }
    } else if (headerLength == 4) {
      int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
      dropping = (header[1] & 0xFF) == APP1;
      if (!dropping) {
        kept.appendBytes(header, 0, 4);
      }
      payloadLeft = Math.max(0, length - 2);
      headerLength = 0;
      state = payloadLeft == 0 ? State.MARKER : State.PAYLOAD;
    }
    return i + 1;
  }
}
