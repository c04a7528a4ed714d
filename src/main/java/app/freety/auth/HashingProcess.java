package app.freety.auth;

import app.freety.platform.CpuPriority;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mindrot.jbcrypt.BCrypt;

/**
 * One running hashing process (HashingProcessMain) as the node sees it: requests written to its
 * stdin, replies read from its stdout by a reader thread and handed to the worker thread waiting
 * for each. When the process dies every waiting call fails with Unavailable. Blocking throughout:
 * used from the hashing worker threads only.
 */
final class HashingProcess {
  private static final List<Path> NICE_COMMANDS = List.of(Path.of("/usr/bin/nice"), Path.of("/bin/nice"));
  private static final long GREETING_SECONDS = 60;
  // Far above a hash even at nice 19 under load; a process silent that long is stuck.
  private static final long REPLY_SECONDS = 120;

  private final Process process;
  private final DataOutputStream requests;
  private final OptionalInt nice;
  private final Map<Long, CompletableFuture<HashingProtocol.Reply>> waiting = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean gone;

  private HashingProcess(Process process, OptionalInt nice) {
    this.process = process;
    this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
    this.nice = nice;
  }

  /** Starts a process with that many hashing threads, each within its CPU share, and waits for its greeting. */
  static HashingProcess start(int threads, int cpuPercentPerThread) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(threads, cpuPercentPerThread)).redirectError(ProcessBuilder.Redirect.INHERIT);
    // Flags meant for the node (a debugger's port, an agent) must not start a second time here.
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    Process process = builder.start();
    DataInputStream replies = new DataInputStream(new BufferedInputStream(process.getInputStream()));
    CompletableFuture<OptionalInt> greeting = CompletableFuture.supplyAsync(() -> {
      try {
        return HashingProtocol.readGreeting(replies);
      } catch (IOException unreadable) {
        throw new Unreadable(unreadable);
      }
    }, runnable -> daemon("freety-bcrypt-greeting", runnable).start());
    try {
      HashingProcess started = new HashingProcess(process, greeting.get(GREETING_SECONDS, TimeUnit.SECONDS));
      daemon("freety-bcrypt-replies", () -> started.readReplies(replies)).start();
      return started;
    } catch (InterruptedException | ExecutionException | TimeoutException failed) {
      process.destroyForcibly();
      throw new IOException("the hashing process did not start (exit " + exitOf(process) + ")", failed);
    }
  }

  private static List<String> command(int threads, int cpuPercentPerThread) {
    List<String> command = new ArrayList<>();
    NICE_COMMANDS.stream().filter(Files::isExecutable).findFirst()
        .ifPresent(nice -> command.addAll(List.of(nice.toString(), "-n", "19")));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError",
        // Where `nice` is missing, the hashing threads lower their own priority; the JVM's warnings
        // about it must not land in the replies' stream.
        "-XX:+DisplayVMOutputToStderr"));
    command.addAll(List.of(CpuPriority.JVM_FLAGS.split(" ")));
    command.addAll(List.of("-cp", classPath(), HashingProcessMain.class.getName(),
        Integer.toString(threads), Integer.toString(cpuPercentPerThread)));
    return command;
  }

  /**
   * Where this code and jBCrypt were loaded from: the one jar in production, target/classes and the
   * jBCrypt jar under Maven (whose own java.class.path, with exec:java, is Maven's launcher).
   */
  private static String classPath() {
    return Stream.of(HashingProcessMain.class, BCrypt.class)
        .map(HashingProcess::loadedFrom)
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String loadedFrom(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | RuntimeException unknown) {
      throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", unknown);
    }
  }

  private static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }

  private static String exitOf(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private void readReplies(DataInputStream replies) {
    try {
      while (true) {
        HashingProtocol.Reply reply = HashingProtocol.readReply(replies);
        CompletableFuture<HashingProtocol.Reply> caller = waiting.remove(reply.id());
        if (caller != null) {
          caller.complete(reply);
        }
      }
    } catch (IOException | RuntimeException ended) {
      gone = true;
      process.destroyForcibly();
      waiting.values().forEach(caller -> caller.completeExceptionally(ended));
      waiting.clear();
    }
  }

  boolean alive() {
    return !gone && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  int awaitingReplies() {
    return waiting.size();
  }

  OptionalInt nice() {
    return nice;
  }

  /** The process's reply to one request; Unavailable if the process dies or stays silent meanwhile. */
  HashingProtocol.Reply call(HashingProtocol.Operation operation, String argument, String password) {
    long id = ids.incrementAndGet();
    CompletableFuture<HashingProtocol.Reply> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    try {
      synchronized (requests) {
        HashingProtocol.writeRequest(requests, new HashingProtocol.Request(id, operation, argument, password));
        requests.flush();
      }
      if (gone) {
        // The reader may have failed the callers before this one was waiting.
        reply.completeExceptionally(new IOException("the hashing process has exited"));
      }
      return reply.get(REPLY_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException stuck) {
      process.destroyForcibly();
      throw new BcryptEngine.Unavailable("the hashing process answered nothing in " + REPLY_SECONDS + " s", stuck);
    } catch (IOException | ExecutionException failed) {
      throw new BcryptEngine.Unavailable("the hashing process has exited (" + exitOf(process) + ")", failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BcryptEngine.Unavailable("interrupted while waiting for the hashing process", interrupted);
    } finally {
      waiting.remove(id);
    }
  }

  /** Closing stdin ends the process (it exits on end of input); it is killed if it lingers. */
  void close() {
    try {
      synchronized (requests) {
        requests.close();
      }
    } catch (IOException alreadyGone) {
      // Nothing left to end.
    }
    process.onExit().orTimeout(5, TimeUnit.SECONDS).whenComplete((exited, lingered) -> process.destroyForcibly());
  }

  private static final class Unreadable extends RuntimeException {
    Unreadable(IOException cause) {
      super(cause);
    }
  }
}
