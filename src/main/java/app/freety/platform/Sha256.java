package app.freety.platform;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** SHA-256 with a digest kept per thread: looking the algorithm up costs more than hashing a few fields. */
final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {
  }

  static byte[] of(byte[] data) {
    return DIGESTS.get().digest(data);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
