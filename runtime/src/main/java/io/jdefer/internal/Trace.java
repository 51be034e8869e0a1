package io.jdefer.internal;

import java.io.PrintStream;

/**
 * {@code -Djdefer.trace=true} (agent option {@code trace=true}): one line per frame exit, defer
 * registered and run, panic and recover, on stderr, like Go's runtime tracing; for debugging.
 * {@link #ON} is a compile-time constant to the JIT, so the checks vanish when tracing is off.
 */
final class Trace {
    private Trace() {
        throw new AssertionError();
    }

    static final boolean ON = Boolean.getBoolean("jdefer.trace");
    private static final PrintStream OUT = System.err;

    static void line(GoroutineState g, String what) {
        OUT.println("jdefer: goroutine " + g.goid + ": " + what);
    }

    /** A frame entry: every frame fetches its goroutine once, on entry. */
    static void enter(GoroutineState g) {
        String who = StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().startsWith("io.jdefer."))
                .findFirst().map(f -> f.getClassName() + "." + f.getMethodName()).orElse("?"));
        line(g, "frame enter at #" + g.top + " " + who);
    }

    static String fn(Object fn) {
        if (fn == null) {
            return "nil";
        }
        if (fn instanceof ImplicitRecover r) {
            return r.toString();
        }
        String n = fn.getClass().getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda > 0 ? n.substring(0, lambda) + " lambda" : n;
    }
}
