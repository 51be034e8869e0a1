package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.Goexit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
    /**
     * Live goroutines that have panicked at least once. Those whose {@code panicking} flag is set
     * make up Go's {@code runningPanicDefers}; the exit of {@code Go.main} waits for them.
     */
    private static final Set<GoroutineState> PANICKED = ConcurrentHashMap.newKeySet();
    /**
     * How long a panicking goroutine may stay parked (blocked in a deferred call) before the exit
     * of {@code Go.main} stops waiting for it. Go's main gives up after 1000 yields; a parked
     * goroutine is one that yielding cannot help.
     */
    static final long PARKED_GIVE_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
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

    /**
     * {@code Go.go(executor, body)}: starts {@code body} as a goroutine on a thread the executor
     * provides, so that an executor which wraps its tasks carries the caller's context along.
     *
     * @param executor runs the goroutine; it should give each task a thread of its own
     * @param body the goroutine body
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses it: the body never runs
     */
    public static void go(Executor executor, Action body) {
        Objects.requireNonNull(executor, "Go.go(null, body): pass the Executor to run the goroutine on, or use"
                + " Go.go(body) for a new virtual thread");
        Objects.requireNonNull(body, "Go.go(executor, null): go of nil func value; pass the goroutine's body");
        submit(executor, body, null);
    }

    /**
     * Starts a Group member on {@code executor}. {@code member} is told exactly once: when the
     * member ends, or, if the executor refuses the task, before the refusal is rethrown.
     *
     * @param executor runs the member
     * @param body the member's body
     * @param member told once when the member ends
     */
    public static void goMember(Executor executor, Action body, MemberExit member) {
        submit(executor, body, member);
    }

    private static void submit(Executor executor, Action body, MemberExit member) {
        Task task = new Task(nextId(), body, member);
        LIVE.incrementAndGet();
        try {
            executor.execute(task);
        } catch (RuntimeException | Error e) {
            // A refused task never runs, even if the executor kept it: claim it. If it already
            // ran (an executor that runs the task and then fails), its end was counted by itself.
            if (task.compareAndSet(false, true)) {
                exited();
                if (member != null) {
                    member.exited(null);
                }
            }
            throw e;
        }
    }

    /** A goroutine handed to an executor; runs at most once. */
    @SuppressWarnings("serial")
    private static final class Task extends AtomicBoolean implements Runnable {
        private final long id;
        private final Action body;
        private final MemberExit member;

        Task(long id, Action body, MemberExit member) {
            this.id = id;
            this.body = body;
            this.member = member;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                runGoroutine(id, body, member);
            }
        }

        @Override
        public String toString() {
            return "goroutine " + id;
        }
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
        GoroutineState g = null;
        // An executor may run the goroutine on a thread that has jdefer state already (a pool
        // thread, or the caller's own thread): the goroutine gets its own, the thread's comes back.
        GoroutineState outer = GoroutineState.peek();
        try {
            g = GoroutineState.attach(id);
            g.crashes = member == null;
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
                if (g != null) {
                    g.stopPanicking();
                    unregister(g);
                }
                GoroutineState.restore(outer);
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

    /** A panic escaped a goroutine body: the handler gets it while the goroutine still counts as panicking. */
    static void uncaught(Thread thread, Throwable t) {
        GoroutineState g = GoroutineState.peek();
        if (g != null) {
            // A panic that left no frame with deferred actions has not been counted yet.
            g.startPanicking();
        }
        Events.uncaught(t, g != null ? g.goid : thread.threadId());
        try {
            handler.uncaughtException(thread, t);
        } finally {
            if (g != null) {
                g.stopPanicking();
            }
        }
    }

    static void register(GoroutineState g) {
        PANICKED.add(g);
    }

    private static void unregister(GoroutineState g) {
        if (g.registered != null) {
            g.registered = null;
            PANICKED.remove(g);
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
        boolean outerCrashes = g.crashes;
        g.goid = 1;
        g.crashes = true;
        try {
            Frames.run(body);
        } catch (Goexit e) {
            mainGoexit();
        } catch (Throwable t) {
            uncaught(Thread.currentThread(), t);
        } finally {
            // main returned, so its own panics are over (recovered or stopped by Java code).
            g.stopPanicking();
            unregister(g);
            g.goid = outerId;
            g.crashes = outerCrashes;
        }
        awaitPanickingGoroutines();
    }

    /**
     * Go's runtime.main before exit(0): while another goroutine is running deferred calls for a
     * panic, let it finish; the crash report it then prints ends the program with status 2. Go
     * yields a bounded number of times; here the wait lasts as long as the goroutine makes
     * progress, and ends only for one that has been parked for {@link #PARKED_GIVE_UP_NANOS}.
     */
    private static void awaitPanickingGoroutines() {
        Map<Thread, Long> parkedSince = new HashMap<>();
        while (true) {
            boolean waiting = false;
            long now = System.nanoTime();
            for (GoroutineState g : PANICKED) {
                Thread t = g.registered;
                if (t == null || !g.isPanicking() || !t.isAlive()) {
                    continue;
                }
                Thread.State s = t.getState();
                if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                    Long since = parkedSince.putIfAbsent(t, now);
                    if (since != null && now - since >= PARKED_GIVE_UP_NANOS) {
                        continue;
                    }
                } else {
                    parkedSince.remove(t);
                }
                waiting = true;
            }
            if (!waiting) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
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
        CrashReport.fatal("no goroutines (main called runtime.Goexit) - deadlock!");
    }

    /** Records the JFR event for {@code Go.goexit()}; called just before it unwinds. */
    public static void goexitStarted() {
        GoroutineState g = GoroutineState.peek();
        Events.goexit(g != null ? g.goid : Thread.currentThread().threadId());
    }
}
