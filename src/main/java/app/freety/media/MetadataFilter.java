package app.freety.media;

import io.vertx.core.buffer.Buffer;

/**
 * Removes metadata from an image as it streams past, chunk by chunk, without holding the image:
 * EXIF (which carries the phone's GPS position) and XMP. JPEG and PNG put metadata in segments
 * or chunks before the pixels, each with its own length, so they can be skipped in passing.
 * WebP and HEIC record sizes or offsets that metadata removal would change, so they pass unchanged
 * (README, "Photos").
 */
interface MetadataFilter {

  /** The bytes to keep from this chunk; possibly empty. */
  Buffer apply(Buffer chunk);

  static MetadataFilter forType(ImageType type) {
    return switch (type) {
      case JPEG -> new JpegMetadataFilter();
      case PNG -> new PngMetadataFilter();
      default -> chunk -> chunk;
    };
  }
}
