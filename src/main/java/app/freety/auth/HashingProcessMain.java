package app.freety.auth;

import app.freety.platform.CpuBudget;
import app.freety.platform.CpuPriority;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The separate JVM in which a node runs bcrypt (HashingProcess starts it, at nice 19). Its threads
 * may starve under load without stopping the node: a starved thread holds up only its own JVM's
 * safepoints. It reads requests on stdin and answers on stdout in HashingProtocol's frames, logs
 * nothing (passwords pass through it), and exits when its stdin closes, i.e. when the node is gone.
 */
public final class HashingProcessMain {
  private HashingProcessMain() {
  }

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    CpuBudget budget = new CpuBudget(Integer.parseInt(args[1]));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    // stdout carries the answers: anything printed by accident goes to stderr instead.
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    ExecutorService hashing = Executors.newFixedThreadPool(threads, work -> {
      Thread thread = new Thread(work, "freety-bcrypt-hashing");
      thread.setDaemon(true);
      return thread;
    });
    greet(out, niceOf(hashing));
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
    try {
      while (true) {
        HashingProtocol.Request request = HashingProtocol.readRequest(in);
        hashing.execute(() -> answer(out, budget, request));
      }
    } catch (EOFException nodeGone) {
      System.exit(0);
    }
  }

  private static OptionalInt niceOf(ExecutorService hashing) throws InterruptedException, ExecutionException {
    return hashing.submit(() -> {
      CpuPriority.lowerCurrentThread();
      return CpuPriority.currentNice();
    }).get();
  }

  private static void greet(DataOutputStream out, OptionalInt nice) throws IOException {
    synchronized (out) {
      HashingProtocol.writeGreeting(out, nice);
      out.flush();
    }
  }

  private static void answer(DataOutputStream out, CpuBudget budget, HashingProtocol.Request request) {
    CpuPriority.lowerCurrentThread();
    HashingProtocol.Reply reply;
    try {
      reply = budget.spend(() -> switch (request.operation()) {
        case HASH -> HashingProtocol.Reply.hashed(request.id(),
            BCrypt.hashpw(request.password(), BCrypt.gensalt(Integer.parseInt(request.argument()))));
        case CHECK -> HashingProtocol.Reply.checked(request.id(), BCrypt.checkpw(request.password(), request.argument()));
      });
    } catch (RuntimeException refused) {
      reply = HashingProtocol.Reply.failed(request.id(), String.valueOf(refused.getMessage()));
    }
    try {
      synchronized (out) {
        HashingProtocol.writeReply(out, reply);
        out.flush();
      }
    } catch (IOException nodeGone) {
      System.exit(0);
    }
  }
}
