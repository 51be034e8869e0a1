package io.jdefer.internal;

import io.jdefer.Panic;
import io.jdefer.PanicNilError;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of a panic that escaped a goroutine, printed as Go 1.25 prints it
 * ({@code runtime.printpanics}), then exit status 2 without running anything else.
 */
final class CrashReport {
    private CrashReport() {
        throw new AssertionError();
    }

    private static final Object ONE_AT_A_TIME = new Object();

    /** The default uncaught-panic handler. Never returns. */
    static void crash(Thread thread, Throwable t) {
        GoroutineState g = GoroutineState.peek();
        long goid = g != null ? g.goid : thread.threadId();
        PanicRecord p = g != null ? g.escapedRecordFor(t) : new PanicRecord(t, null);
        String text;
        try {
            text = panics(p) + "\n" + goroutine(goid, t);
        } catch (RenderFailure f) {
            text = "fatal error: panic while printing panic value: " + f.what + "\n\n" + goroutine(goid, t);
        }
        die(text);
    }

    /** Go's {@code fatal}: a message that no deferred call can intercept, then exit status 2. */
    static void fatal(String message, Throwable where) {
        die("fatal error: " + message + "\n");
    }

    private static void die(String text) {
        synchronized (ONE_AT_A_TIME) {
            System.out.flush();
            System.err.print(text);
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
    }

    /** {@code panic: ...} lines, oldest first (printpanics), with Go 1.25's repanic merging. */
    static String panics(PanicRecord newest) throws RenderFailure {
        List<PanicRecord> chain = new ArrayList<>();
        for (PanicRecord q = newest; q != null; q = q.link) {
            chain.add(q);
        }
        // preprintpanics: the older entry of an identical re-panic is marked, the newer one skipped.
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (chain.get(i + 1).value == chain.get(i).value) {
                chain.get(i + 1).repanicked = true;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            PanicRecord p = chain.get(i);
            PanicRecord older = i + 1 < chain.size() ? chain.get(i + 1) : null;
            if (older != null) {
                if (older.repanicked) {
                    continue;
                }
                if (!older.goexit) {
                    out.append('\t');
                }
            }
            if (p.goexit) {
                continue;
            }
            out.append("panic: ").append(value(p.throwable));
            if (p.recovered && p.repanicked) {
                out.append(" [recovered, repanicked]");
            } else if (p.recovered) {
                out.append(" [recovered]");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Go's printpanicval: the value's text; since Go 1.23 continuation lines are tab-indented. */
    static String value(Throwable t) throws RenderFailure {
        String s;
        try {
            if (t instanceof PanicNilError) {
                s = t.getMessage();
            } else if (t instanceof Panic p) {
                s = String.valueOf(p.value());
            } else {
                s = t.toString();
            }
        } catch (Throwable e) {
            String m;
            try {
                m = e.getMessage();
            } catch (Throwable e2) {
                m = null;
            }
            throw new RenderFailure(m != null ? m : "type " + e.getClass().getName());
        }
        return s.replace("\n", "\n\t");
    }

    static String goroutine(long goid, Throwable t) {
        StringBuilder out = new StringBuilder("goroutine ").append(goid).append(" [running]:\n");
        for (StackTraceElement e : t.getStackTrace()) {
            out.append(e.getClassName()).append('.').append(e.getMethodName()).append("(...)\n\t")
                    .append(e.getFileName() != null ? e.getFileName() : "?")
                    .append(':').append(e.getLineNumber()).append('\n');
        }
        return out.toString();
    }

    static final class RenderFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String what;

        RenderFailure(String what) {
            super(what, null, false, false);
            this.what = what;
        }
    }
}
