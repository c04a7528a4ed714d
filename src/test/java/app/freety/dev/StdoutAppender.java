package app.freety.dev;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * The dev launcher's lines, written to the process's standard output itself. `mvn exec:java` runs
 * the launcher inside Maven, whose System.out is Jansi's stream; logback's console appender writes
 * through whatever System.out is at the moment, and Maven's own shutdown hook swaps it back while
 * ours logs the stop: part of "Freety is stopping" went to the stream being dropped and was lost.
 */
public final class StdoutAppender extends OutputStreamAppender<ILoggingEvent> {
  @Override
  public void start() {
    setOutputStream(new FileOutputStream(FileDescriptor.out));
    super.start();
  }
}
