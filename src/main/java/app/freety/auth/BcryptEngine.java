package app.freety.auth;

import java.util.OptionalInt;

/** Where bcrypt runs. Every method blocks: call them from the hashing worker threads only. */
interface BcryptEngine {
  String hash(String password, int cost);

  boolean check(String password, String storedHash);

  /** The nice value hashing runs at, empty where the OS does not tell. */
  OptionalInt nice();

  /** For the start-up log line: "in its own process (pid 1234)" or "on the node's worker threads". */
  String where();

  void close();

  /** bcrypt could not run (its process died or would not start): the caller may retry shortly. */
  final class Unavailable extends RuntimeException {
    Unavailable(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }
}
