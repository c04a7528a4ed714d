package app.freety.platform;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque keyset cursors: the last row's sort values, bound to the list they came from, signed so a
 * client can neither forge nor edit one. A cursor that fails any check is a 400 naming `cursor`.
 */
public final class CursorCodec {
  private static final int SIGNATURE_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Hmac.Signer signer;

  public CursorCodec(String secret) {
    this.signer = Hmac.signer(Hmac.derivedKey(secret, "freety-cursor-v1"));
  }

  public static CursorCodec fromConfig(JsonObject config) {
    return new CursorCodec(config.getJsonObject("jwt").getString("secret"));
  }

  /** A cursor for the list named by kind and fingerprint, resuming after the given sort values. */
  public String encode(String kind, String fingerprint, JsonArray lastValues) {
    byte[] payload = new JsonObject().put("k", kind).put("f", fingerprintHash(fingerprint)).put("v", lastValues)
        .encode().getBytes(StandardCharsets.UTF_8);
    byte[] signature = Arrays.copyOf(signer.sign(payload), SIGNATURE_BYTES);
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(signature);
  }

  /** The sort values inside a cursor, after checking its signature and that it belongs to this list. */
  /**
   * The cursor of a list ordered by (time DESC, id DESC): the last row's time and id, for
   * "time < ? OR (time = ? AND id < ?)".
   */
  public String encodeTimeAndId(String kind, String fingerprint, LocalDateTime time, long id) {
    return encode(kind, fingerprint, new JsonArray().add(Times.fromDb(time).toEpochMilli()).add(id));
  }

  /** Binds a cursor made by {@link #encodeTimeAndId} as (time, time, id). */
  public Tuple bindTimeAndId(Tuple values, String cursor, String kind, String fingerprint) {
    JsonArray last = decode(cursor, kind, fingerprint);
    LocalDateTime time = Times.toDb(Instant.ofEpochMilli(last.getLong(0)));
    return values.addValue(time).addValue(time).addValue(last.getLong(1));
  }

  public JsonArray decode(String cursor, String kind, String fingerprint) {
    int dot = cursor.indexOf('.');
    try {
      if (dot <= 0) {
        throw invalid();
      }
      byte[] payload = DECODER.decode(cursor.substring(0, dot));
      byte[] signature = DECODER.decode(cursor.substring(dot + 1));
      if (!MessageDigest.isEqual(Arrays.copyOf(signer.sign(payload), SIGNATURE_BYTES), signature)) {
        throw invalid();
      }
      JsonObject content = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      if (!kind.equals(content.getString("k")) || !fingerprintHash(fingerprint).equals(content.getString("f"))) {
        throw Failure.invalid("cursor", MessageId.CURSOR_OF_OTHER_QUERY);
      }
      return content.getJsonArray("v");
    } catch (IllegalArgumentException | DecodeException | ClassCastException malformed) {
      throw invalid();
    }
  }

  private static Failure invalid() {
    return Failure.invalid("cursor", MessageId.CURSOR_NOT_ISSUED);
  }

  private static String fingerprintHash(String fingerprint) {
    byte[] digest = Sha256.of(fingerprint.getBytes(StandardCharsets.UTF_8));
    return ENCODER.encodeToString(Arrays.copyOf(digest, 9));
  }
}
