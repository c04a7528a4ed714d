package app.freety.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket spoken by hand over a blocking socket, for the clients no library lets us be: one
 * that never answers a ping, one that stops reading at the TCP level. Frames are read only when
 * the test asks, so a test that asks for nothing leaves the server's bytes in the kernel buffers.
 */
public final class RawWebSocket implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** A frame from the server (never fragmented by this server, never masked). */
  public record Frame(int opcode, byte[] payload) {
    public boolean isText() {
      return opcode == 0x1;
    }

    public boolean isClose() {
      return opcode == 0x8;
    }

    public boolean isPing() {
      return opcode == 0x9;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame (1005 when it carries none). */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects and upgrades. A small receive buffer makes the kernel hold little for a client that
   * stops reading, so the server meets its full write queue sooner.
   */
  public static RawWebSocket open(int port, String path, int receiveBufferBytes) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(receiveBufferBytes);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      RawWebSocket ws = new RawWebSocket(socket);
      ws.upgrade(path);
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void upgrade(String path) throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    socket.setSoTimeout(5_000);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    String statusLine = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    if (!statusLine.contains(" 101 ")) {
      throw new AssertionError("the upgrade was refused: " + head.toString(StandardCharsets.ISO_8859_1));
    }
  }

  /** Sends one final text frame, masked as every client frame must be. */
  public void sendText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | 0x1);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame; fails the test when none comes in time or the connection ends. */
  public Frame read(Duration within) {
    try {
      socket.setSoTimeout((int) within.toMillis());
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[Math.toIntExact(length)];
      in.readFully(payload);
      return new Frame(first & 0x0f, payload);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame within " + within.toMillis() + " ms");
    } catch (IOException e) {
      throw new AssertionError("the connection ended without a frame: " + e, e);
    }
  }

  /** Reads (and drops) frames until a close frame comes. */
  public Frame readUntilClose(Duration eachWithin) {
    Frame frame = read(eachWithin);
    while (!frame.isClose()) {
      frame = read(eachWithin);
    }
    return frame;
  }

  /**
   * Reads until the connection ends: the close frame's code, or 1006 when it ended without one
   * (a server that closes while the client still writes may reset the connection, and the reset
   * takes the unread close frame with it).
   */
  public int readUntilEnd(Duration eachWithin) {
    try {
      return readUntilClose(eachWithin).closeCode();
    } catch (AssertionError ended) {
      if (ended.getMessage().startsWith("no frame within")) {
        throw ended;
      }
      return 1006;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
