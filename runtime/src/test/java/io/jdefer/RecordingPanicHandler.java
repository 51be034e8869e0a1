package io.jdefer;

import java.util.ArrayList;
import java.util.List;

/**
 * Installs an uncaught-panic handler that records instead of halting the JVM, and restores the
 * previous one on {@link #close()}. Test JVMs must never reach the default handler.
 */
final class RecordingPanicHandler implements Thread.UncaughtExceptionHandler, AutoCloseable {
    /** One uncaught panic: the thread it escaped from, the throwable, and who delivered it. */
    record Escaped(Thread thread, Throwable throwable, Thread reportedOn) {
    }

    private final List<Escaped> escaped = new ArrayList<>();
    private final Thread.UncaughtExceptionHandler previous;

    RecordingPanicHandler() {
        previous = Go.setUncaughtPanicHandler(this);
    }

    @Override
    public synchronized void uncaughtException(Thread t, Throwable e) {
        escaped.add(new Escaped(t, e, Thread.currentThread()));
    }

    synchronized List<Escaped> escaped() {
        return List.copyOf(escaped);
    }

    @Override
    public void close() {
        Go.setUncaughtPanicHandler(previous);
    }
}
