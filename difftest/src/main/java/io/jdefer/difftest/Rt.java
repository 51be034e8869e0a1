package io.jdefer.difftest;

import io.jdefer.Action;
import io.jdefer.Go;
import io.jdefer.Group;
import io.jdefer.Panic;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * What generated Java programs call besides jdefer: output, the runtime errors Go has built in,
 * and the names of recovered values (Go's {@code show} in the generated Go prelude names them the
 * same way). Not a frame and never rewritten: nothing here calls {@code Go.defer}.
 */
public final class Rt {
    private Rt() {
    }

    /** A generated program: its Go main function. */
    public interface Program {
        void run();
    }

    /** A Go {@code error} value made by {@code errors.New}. */
    public static final class Err extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Err(String text) {
            super(text, null, false, false);
        }

        /** What Go prints for an error: its Error() text. */
        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Go's nil pointer target. */
    public static final class Box {
        public int x;
    }

    public static int sink;
    public static int zero = 0;
    public static final int[] ARR3 = {1, 2, 3};

    private static final StringBuilder OUT = new StringBuilder();
    /** Soak runs: each goroutine's program writes here (its own goroutines inherit it). */
    private static final InheritableThreadLocal<StringBuilder> CAPTURE = new InheritableThreadLocal<>();

    /** Sends this thread's output, and that of goroutines it starts from now on, to {@code sb} (null: back to the shared output). */
    public static void capture(StringBuilder sb) {
        if (sb == null) {
            CAPTURE.remove();
        } else {
            CAPTURE.set(sb);
        }
    }

    public static Box nilBox() {
        return null;
    }

    public static Map<String, Integer> nilMap() {
        return null;
    }

    /** Go's fmt.Println of one string. Goroutines are joined in order, so the lines are too. */
    public static void p(String line) {
        StringBuilder own = CAPTURE.get();
        if (own != null) {
            own.append(line).append('\n');   // the program's goroutines run one at a time, joined
            return;
        }
        synchronized (OUT) {
            OUT.append(line).append('\n');
        }
    }

    /** The output so far, cleared. */
    public static String take() {
        synchronized (OUT) {
            String s = OUT.toString();
            OUT.setLength(0);
            return s;
        }
    }

    /** A result slot or reference result as Go's int: null is the zero value. */
    public static int i(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Character c) {
            return c;
        }
        if (v instanceof Boolean b) {
            return b2i(b);
        }
        return ((Number) v).intValue();
    }

    /** Go's bool read as an int by the generated programs: true is 1, the zero value false is 0. */
    public static int b2i(boolean b) {
        return b ? 1 : 0;
    }

    /** An int made a bool result the way the Go rendering's i2b does. */
    public static boolean i2b(int n) {
        return n % 2 != 0;
    }

    /** The name of a recovered (or caught) value, as the Go prelude's show() names it. */
    public static String show(Object r) {
        if (r instanceof Panic p) {
            r = p.value();
        }
        if (r instanceof ArithmeticException) {
            return "runtime:divide";
        }
        if (r instanceof ArrayIndexOutOfBoundsException) {
            return "runtime:index";
        }
        if (r instanceof NullPointerException) {
            return "runtime:nil";
        }
        if (r instanceof Err e) {
            return "error:" + e.getMessage();
        }
        if (r instanceof String s) {
            return "string:" + s;
        }
        if (r instanceof Integer n) {
            return "int:" + n;
        }
        return "other:" + r;
    }

    /** Not called by a deferred action directly, so its recover() is null. */
    public static String helperRecover() {
        Object r = Go.recover();
        return r == null ? "nil" : show(r);
    }

    /** {@code go f()} followed by waiting for it (Go: a WaitGroup of one). */
    public static void go(Action body) {
        Thread t = Go.go(body);
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs each task on a virtual thread of its own once the task submitted before it has finished. */
    private static final class InOrder implements Executor {
        private CountDownLatch last = new CountDownLatch(0);

        @Override
        public synchronized void execute(Runnable task) {
            CountDownLatch before = last;
            CountDownLatch mine = new CountDownLatch(1);
            last = mine;
            Thread.ofVirtual().start(() -> {
                boolean interrupted = false;
                while (true) {
                    try {
                        before.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                try {
                    task.run();
                } finally {
                    mine.countDown();
                }
            });
        }
    }

    /**
     * A Group of the members, awaited: the first member's panic is rethrown here. The members
     * start together; each runs once the one before it has ended (the Group has taken its panic
     * by then), as in the Go prelude's groupJoin, so output and the first panic are deterministic.
     */
    public static void group(Action... members) {
        Group g = new Group(new InOrder());
        for (Action m : members) {
            g.go(m);
        }
        try {
            g.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting a Group", e);
        }
    }
}
