package app.freety.auth;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The frames between a node and its hashing process, over the process's stdin and stdout: a
 * greeting once, then requests and replies matched by id (replies come in the order hashes end).
 */
final class HashingProtocol {
  static final String GREETING = "freety-bcrypt/1";
  private static final int NICE_UNKNOWN = Integer.MIN_VALUE;

  enum Operation { HASH, CHECK }

  /** For HASH the argument is the cost, for CHECK the stored hash. */
  record Request(long id, Operation operation, String argument, String password) {
  }

  enum Outcome { HASHED, CHECKED, FAILED }

  /** HASHED: value is the hash; CHECKED: "true" or "false"; FAILED: bcrypt's message. */
  record Reply(long id, Outcome outcome, String value) {
    static Reply hashed(long id, String hash) {
      return new Reply(id, Outcome.HASHED, hash);
    }

    static Reply checked(long id, boolean matches) {
      return new Reply(id, Outcome.CHECKED, Boolean.toString(matches));
    }

    static Reply failed(long id, String message) {
      return new Reply(id, Outcome.FAILED, message);
    }
  }

  private HashingProtocol() {
  }

  static void writeGreeting(DataOutputStream out, OptionalInt nice) throws IOException {
    out.writeUTF(GREETING);
    out.writeInt(nice.orElse(NICE_UNKNOWN));
  }

  /** The nice value the process hashes at; fails unless the stream starts with the greeting. */
  static OptionalInt readGreeting(DataInputStream in) throws IOException {
    String greeting = in.readUTF();
    if (!GREETING.equals(greeting)) {
      throw new IOException("the hashing process greeted with " + greeting.length() + " unexpected characters");
    }
    int nice = in.readInt();
    return nice == NICE_UNKNOWN ? OptionalInt.empty() : OptionalInt.of(nice);
  }

  static void writeRequest(DataOutputStream out, Request request) throws IOException {
    out.writeLong(request.id());
    out.writeByte(request.operation().ordinal());
    out.writeUTF(request.argument());
    out.writeUTF(request.password());
  }

  static Request readRequest(DataInputStream in) throws IOException {
    long id = in.readLong();
    Operation operation = Operation.values()[in.readUnsignedByte()];
    return new Request(id, operation, in.readUTF(), in.readUTF());
  }

  static void writeReply(DataOutputStream out, Reply reply) throws IOException {
    out.writeLong(reply.id());
    out.writeByte(reply.outcome().ordinal());
    out.writeUTF(reply.value());
  }

  static Reply readReply(DataInputStream in) throws IOException {
    long id = in.readLong();
    Outcome outcome = Outcome.values()[in.readUnsignedByte()];
    return new Reply(id, outcome, in.readUTF());
  }
}
