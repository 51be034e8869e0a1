package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.Goexit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Goroutines on virtual threads: ids (the main goroutine is 1), the uncaught-panic handler, and
 * the end of {@code Go.main}. Mirrors the parts of {@code runtime/proc.go} that users can see.
 */
public final class Goroutines {
    private Goroutines() {
        throw new AssertionError();
    }

    private static final AtomicLong IDS = new AtomicLong(1);
    /** Goroutines started by Go.go or Group.go that have not finished. */
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** Goroutines handing an escaped panic to the handler right now (Go: runningPanicDefers). */
    private static final AtomicInteger REPORTING = new AtomicInteger();
    private static final Object EXITED = new Object();

    private static final Thread.UncaughtExceptionHandler DEFAULT_HANDLER = new Thread.UncaughtExceptionHandler() {
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            CrashReport.crash(t, e);
        }

        @Override
        public String toString() {
            return "jdefer default: Go's crash report on stderr, then exit status 2";
        }
    };
    private static volatile Thread.UncaughtExceptionHandler handler = DEFAULT_HANDLER;

    static long nextId() {
        return IDS.incrementAndGet();
    }

    /**
     * Replaces the handler of panics that escape a goroutine.
     *
     * @param h the new handler; null restores the default
     * @return the previous handler
     */
    public static Thread.UncaughtExceptionHandler setHandler(Thread.UncaughtExceptionHandler h) {
        Thread.UncaughtExceptionHandler old = handler;
        handler = h != null ? h : DEFAULT_HANDLER;
        return old;
    }

    /**
     * {@code Go.go}: starts {@code body} as a frame on a new virtual thread.
     *
     * @param body the goroutine body
     * @return the started thread
     */
    public static Thread go(Action body) {
        Objects.requireNonNull(body, "Go.go(null): go of nil func value; pass the goroutine's body");
        long id = nextId();
        return start(id, () -> runGoroutine(id, body, null));
    }

    /**
     * Starts a member of a Group: its escaping throwable goes to {@code member}, not the handler.
     *
     * @param body the member's body
     * @param member told once when the member ends, with the throwable that escaped or null
     * @return the started thread
     */
    public static Thread goMember(Action body, MemberExit member) {
        long id = nextId();
        return start(id, () -> runGoroutine(id, body, member));
    }

    /** Where a Group member's end is reported. */
    public interface MemberExit {
        /**
         * The member ended.
         *
         * @param escaped the throwable that escaped its body (not a Goexit), or null
         */
        void exited(Throwable escaped);
    }

    private static Thread start(long id, Runnable run) {
        LIVE.incrementAndGet();
        try {
            return Thread.ofVirtual().name("goroutine " + id).start(run);
        } catch (RuntimeException | Error e) {
            exited();
            throw e;
        }
    }

    private static void runGoroutine(long id, Action body, MemberExit member) {
        Throwable escaped = null;
        try {
            GoroutineState.attach(id);
            Frames.run(body);
        } catch (Goexit e) {
            // Goexit ends a goroutine quietly.
        } catch (Throwable t) {
            escaped = t;
            if (member == null) {
                uncaught(Thread.currentThread(), t);
            }
        } finally {
            try {
                if (member != null) {
                    member.exited(escaped);
                }
            } finally {
                GoroutineState.detach();
                exited();
            }
        }
    }

    private static void exited() {
        if (LIVE.decrementAndGet() == 0) {
            synchronized (EXITED) {
                EXITED.notifyAll();
            }
        }
    }

    static void uncaught(Thread thread, Throwable t) {
        GoroutineState g = GoroutineState.peek();
        Events.uncaught(t, g != null ? g.goid : thread.threadId());
        REPORTING.incrementAndGet();
        try {
            handler.uncaughtException(thread, t);
        } finally {
            REPORTING.decrementAndGet();
        }
    }

    /**
     * {@code Go.main}: runs {@code body} on this thread as goroutine 1.
     *
     * @param body the program
     */
    public static void main(Action body) {
        Objects.requireNonNull(body, "Go.main(null): pass the program's body");
        GoroutineState g = GoroutineState.current();
        long outerId = g.goid;
        g.goid = 1;
        try {
            Frames.run(body);
        } catch (Goexit e) {
            mainGoexit();
        } catch (Throwable t) {
            uncaught(Thread.currentThread(), t);
        } finally {
            g.goid = outerId;
        }
        // Go's runtime.main: a goroutine that is reporting a panic gets a moment to finish.
        for (int i = 0; i < 1000 && REPORTING.get() > 0; i++) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Go: main's Goexit lets the other goroutines run; when none is left, the program dies. */
    private static void mainGoexit() {
        synchronized (EXITED) {
            while (LIVE.get() > 0) {
                try {
                    EXITED.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        CrashReport.fatal("no goroutines (main called runtime.Goexit) - deadlock!", null);
    }

    /** Records the JFR event for {@code Go.goexit()}; called just before it unwinds. */
    public static void goexitStarted() {
        GoroutineState g = GoroutineState.peek();
        Events.goexit(g != null ? g.goid : Thread.currentThread().threadId());
    }
}
