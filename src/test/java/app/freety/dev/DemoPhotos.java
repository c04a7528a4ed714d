package app.freety.dev;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Drawn hair portraits for the demo data: no photo library ships with the project, and a few dozen
 * drawings (cuts, bobs, long dyed hair, perms, updos in a range of colours) make the app's lists,
 * portfolios and post pages look like the real thing. Each comes as a JPEG original and a JPEG
 * thumbnail of the size the server makes (media.thumbnailPixels).
 */
final class DemoPhotos {
  static final int ORIGINAL_PIXELS = 640;
  static final int THUMBNAIL_PIXELS = 400;

  /** One drawing, encoded twice. */
  record Photo(byte[] original, byte[] thumbnail, String sha256) {
  }

  private enum Look { SHORT_CUT, BOB, LONG, PERM, UPDO }

  private static final Color[] HAIR = {
      new Color(0x2b, 0x22, 0x1e), new Color(0x4a, 0x32, 0x25), new Color(0x8a, 0x6a, 0x55),
      new Color(0x6b, 0x3a, 0x2a), new Color(0xb8, 0x9a, 0x7a), new Color(0x1f, 0x2a, 0x44),
      new Color(0x9c, 0x5b, 0x3c), new Color(0xd8, 0xc3, 0xa5), new Color(0x5b, 0x4b, 0x63)};
  private static final Color[] SKIN = {
      new Color(0xf3, 0xd7, 0xc2), new Color(0xea, 0xc6, 0xa8), new Color(0xdb, 0xb0, 0x8c)};
  private static final Color[] BACKGROUND = {
      new Color(0xf6, 0xe8, 0xe1), new Color(0xe4, 0xee, 0xf2), new Color(0xef, 0xf0, 0xe2),
      new Color(0xee, 0xe5, 0xf3), new Color(0xf4, 0xee, 0xdf)};
  private static final Color[] CLOTHES = {
      new Color(0x33, 0x33, 0x3a), new Color(0xf2, 0xf2, 0xf2), new Color(0x7d, 0x8f, 0xa8),
      new Color(0xc9, 0x8b, 0x8b), new Color(0x6f, 0x86, 0x6a)};

  private DemoPhotos() {
  }

  /** count different portraits, the same ones for the same seed. */
  static List<Photo> make(int count, long seed) {
    Random random = new Random(seed);
    List<Photo> photos = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Portrait portrait = new Portrait(Look.values()[i % Look.values().length], HAIR[random.nextInt(HAIR.length)],
          random.nextInt(3) == 0 ? HAIR[random.nextInt(HAIR.length)].brighter() : null,
          SKIN[random.nextInt(SKIN.length)], BACKGROUND[random.nextInt(BACKGROUND.length)],
          CLOTHES[random.nextInt(CLOTHES.length)], random.nextBoolean());
      byte[] original = jpeg(portrait.draw(ORIGINAL_PIXELS));
      photos.add(new Photo(original, jpeg(portrait.draw(THUMBNAIL_PIXELS)), sha256(original)));
    }
    return photos;
  }

  /** What a drawing looks like; drawn on a 100 × 100 grid scaled to the picture. */
  private record Portrait(Look look, Color hair, Color tips, Color skin, Color background, Color clothes,
      boolean facingLeft) {

    BufferedImage draw(int pixels) {
      BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(pixels / 100.0, pixels / 100.0);
        g.setPaint(new GradientPaint(0, 0, background, 0, 100, background.darker()));
        g.fillRect(0, 0, 100, 100);
        g.setColor(clothes);
        g.fill(new Ellipse2D.Double(14, 76, 72, 50));
        g.setColor(skin.darker());
        g.fill(new RoundRectangle2D.Double(43, 56, 14, 20, 6, 6));
        g.setPaint(hairPaint());
        drawBackHair(g);
        g.setColor(skin);
        g.fill(new Ellipse2D.Double(33, 24, 34, 40));
        drawFace(g);
        g.setPaint(hairPaint());
        drawFrontHair(g);
        drawShine(g);
      } finally {
        g.dispose();
      }
      return image;
    }

    /** Dyed hair fades to lighter tips (ombré, balayage). */
    private java.awt.Paint hairPaint() {
      return tips == null ? hair : new GradientPaint(0, 30, hair, 0, 85, tips);
    }

    private void drawBackHair(Graphics2D g) {
      switch (look) {
        case LONG -> g.fill(new RoundRectangle2D.Double(25, 20, 50, 66, 30, 16));
        case BOB -> g.fill(new RoundRectangle2D.Double(27, 20, 46, 40, 26, 12));
        case PERM -> {
          for (int ring = 0; ring < 26; ring++) {
            double angle = Math.PI * 2 * ring / 26;
            double x = 50 + Math.cos(angle) * 22;
            double y = 46 + Math.sin(angle) * 26;
            g.fill(new Ellipse2D.Double(x - 8, y - 8, 16, 16));
          }
        }
        case UPDO -> g.fill(new Ellipse2D.Double(41, 6, 18, 18));
        case SHORT_CUT -> {
        }
      }
    }

    private void drawFrontHair(Graphics2D g) {
      switch (look) {
        case SHORT_CUT -> {
          g.fill(new Arc2D.Double(31, 18, 38, 30, 0, 180, Arc2D.CHORD));
          g.fill(new Arc2D.Double(facingLeft ? 32 : 44, 26, 24, 14, 180, 180, Arc2D.CHORD));
        }
        case BOB, LONG -> {
          g.fill(new Arc2D.Double(30, 18, 40, 28, 0, 180, Arc2D.CHORD));
          g.fill(new Arc2D.Double(facingLeft ? 31 : 39, 25, 30, 16, 180, 180, Arc2D.CHORD));
        }
        case PERM -> g.fill(new Arc2D.Double(30, 17, 40, 26, 0, 180, Arc2D.CHORD));
        case UPDO -> g.fill(new Arc2D.Double(32, 20, 36, 24, 0, 180, Arc2D.CHORD));
      }
    }

    private void drawFace(Graphics2D g) {
      g.setColor(new Color(0x3a, 0x2c, 0x28));
      g.fill(new Ellipse2D.Double(41, 44, 3.2, 3.2));
      g.fill(new Ellipse2D.Double(55.8, 44, 3.2, 3.2));
      g.setStroke(new BasicStroke(1.1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(new Color(0xb5, 0x6a, 0x60));
      g.draw(new Arc2D.Double(45, 50, 10, 6, 200, 140, Arc2D.OPEN));
    }

    private void drawShine(Graphics2D g) {
      g.setColor(new Color(255, 255, 255, 60));
      g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new Arc2D.Double(35, 21, 30, 22, 40, 100, Arc2D.OPEN));
    }
  }

  private static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(output);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.85f);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
