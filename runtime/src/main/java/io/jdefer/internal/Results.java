package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.ActionWith;
import io.jdefer.internal.Callers.Kind;
import java.lang.StackWalker.StackFrame;
import java.util.List;

/**
 * The runtime side of {@code Go.defer}, {@code Go.recover}, {@code Go.result} and
 * {@code Go.setResult} when they are reached as real calls, i.e. not rewritten by the agent.
 * Each finds the frame it binds to from its caller and fails loudly where Go would not compile
 * or would bind elsewhere.
 */
public final class Results {
    private Results() {
        throw new AssertionError();
    }

    private static final String FIX = "annotate the method with @io.jdefer.annotation.Defer and run with"
            + " -javaagent:path/to/jdefer-agent.jar (or weave at build time), or put the code in a"
            + " Go.run(() -> ...) / Go.call(() -> ...) body";

    // ------------------------------------------------------------------ defer

    /**
     * {@code Go.defer} from code the agent did not rewrite: binds only to the frame whose body
     * contains the call, which without the agent means a {@code Go.run}/{@code Go.call}/goroutine
     * body or a deferred action.
     *
     * @param fn the action
     * @param arg its argument, or the no-argument marker
     */
    public static void deferUnbound(Object fn, Object arg) {
        GoroutineState g = GoroutineState.peek();
        List<StackFrame> fs = Callers.callers(2);
        Kind k2 = Callers.kind(fs, 1);
        boolean direct = Callers.kind(fs, 0) == Kind.USER
                && (k2 == Kind.RUN || k2 == Kind.CALL || Callers.isInvoke(k2));
        if (g == null || !direct) {
            String who = fs.isEmpty() ? "this method" : Callers.describe(fs.get(0));
            String why = insideSomeFrame(g)
                    ? "is not in a defer frame of its own: Go binds defer to the function that contains"
                    + " it, and this method was only called from inside another frame"
                    : "is not inside any defer frame";
            throw new IllegalStateException("Go.defer in " + who + " " + why + ". To fix it: " + FIX
                    + ". (" + notRewritten(Callers.frameAnnotationOfCaller()) + ")");
        }
        g.push(fn, arg);
    }

    /** Why a method that reaches the self-check was not rewritten, as far as the runtime can tell. */
    private static String notRewritten(String annotation) {
        String why = AgentCheck.agentInstalled()
                ? "the agent is attached, so the class was loaded before it attached or failed to transform"
                        + " (look for a [jdefer] WARNING line naming it)"
                : "no jdefer agent is attached to this JVM and the class was not woven at build time";
        return annotation != null
                ? "The method is annotated " + annotation + " but was not rewritten: " + why
                : "A @Defer or @Recover method that reaches this message was not rewritten: " + why;
    }

    /** Failure path only: is any frame open on this thread, for the message? */
    private static boolean insideSomeFrame(GoroutineState g) {
        if (g == null) {
            return false;
        }
        if (g.top > 0) {
            return true;
        }
        for (StackFrame f : Callers.callers(512)) {
            Kind k = Callers.kind(f);
            if (k == Kind.RUN || k == Kind.CALL || Callers.isInvoke(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code Go.defer(action)} as the runtime sees it.
     *
     * @param action the action (may be null: fails at exit)
     */
    public static void defer(Action action) {
        deferUnbound(action, GoroutineState.NO_ARG);
    }

    /**
     * {@code Go.defer(action, arg)} as the runtime sees it.
     *
     * @param action the action (may be null: fails at exit)
     * @param arg the argument
     */
    public static void defer(ActionWith<?> action, Object arg) {
        deferUnbound(action, arg);
    }

    // ------------------------------------------------------------------ recover

    /**
     * Go's {@code recover()}: non-null only when called directly by a deferred call that the
     * current panic invoked (or as Go's {@code defer recover()} registered inside such a call).
     *
     * @return the panic value, or null
     */
    public static Object recover() {
        PanicRecord p = recoverDirect();
        return p != null ? p.value : null;
    }

    /**
     * {@code Go.recoverThrowable()}: the same recover, answering with what carried the panic.
     *
     * @return the panic's throwable (a {@code Panic} for a value that is not one), or null
     */
    public static Throwable recoverThrowable() {
        PanicRecord p = recoverDirect();
        return p != null ? p.throwable : null;
    }

    /** The recovered panic when the entry point's caller may recover, else null. */
    private static PanicRecord recoverDirect() {
        GoroutineState g = GoroutineState.peek();
        if (g == null || !g.mayRecover()) {
            return null;
        }
        List<StackFrame> fs = Callers.callers(2);
        Kind k1 = Callers.kind(fs, 0);
        if (k1 == Kind.USER) {
            return Callers.kind(fs, 1) == Kind.INVOKE_PANICKING ? g.recoverRecord(Callers.describe(fs.get(0))) : null;
        }
        if (k1 == Kind.INVOKE_NORMAL) {
            // `defer recover()` registered by a deferred call D: it recovers when D's own frame
            // exits normally, as if D had called it (Go test/recover.go test4, recover1.go test5).
            fs = Callers.callers(16);
            int i = 1;
            while (Callers.kind(fs, i) == Kind.EXIT) {
                i++;
            }
            if (i < fs.size() && Callers.kind(fs, i) == Kind.USER) {
                i++;
            }
            return i < fs.size() && Callers.kind(fs, i) == Kind.INVOKE_PANICKING
                    ? g.recoverRecord("defer(Go::recover) in " + Callers.firstUser(fs, 1)) : null;
        }
        return null;
    }

    // ------------------------------------------------------------------ result slot

    /**
     * {@code Go.result()} from code the agent did not rewrite.
     *
     * @return the boxed result slot of the frame the caller belongs to
     */
    public static Object result() {
        GoroutineState g = GoroutineState.peek();
        List<StackFrame> fs = Callers.callers(2);
        return switch (slotOwner(g, fs, () -> "Go.result()")) {
            case CALL -> g.callFrame.value;
            default -> box(g.slotType(), g.slotBits, g.slotRef);
        };
    }

    /**
     * {@code Go.setResult(v)} from code the agent did not rewrite.
     *
     * @param value the new result
     */
    public static void setResult(Object value) {
        GoroutineState g = GoroutineState.peek();
        List<StackFrame> fs = Callers.callers(2);
        if (slotOwner(g, fs, () -> "Go.setResult(" + preview(value) + ")") == Kind.CALL) {
            g.callFrame.value = value;
            return;
        }
        Class<?> type = g.slotType();
        if (type == void.class) {
            IllegalStateException e = new IllegalStateException("Go.setResult(" + preview(value)
                    + ") in a deferred action of " + exitingFrame(Callers.callers(16)) + ", which returns void:"
                    + " only a frame with a result has a result slot (use Go.call instead of Go.run, or a"
                    + " non-void @Defer method)");
            String more = replacing(g, fs);
            throw more == null ? e : new IllegalStateException(e.getMessage() + more, g.panic.throwable);
        }
        Object v;
        try {
            v = convert(type, value, "the exiting frame");
        } catch (IllegalArgumentException e) {
            // Name the method only on failure: finding it costs another, deeper stack walk.
            try {
                v = convert(type, value, exitingFrame(Callers.callers(16)));
            } catch (IllegalArgumentException named) {
                throw replacingPanic(g, fs, named);
            }
        }
        if (type.isPrimitive()) {
            g.slotBits = bits(type, v);
        } else {
            g.slotRef = v;
        }
    }

    /** Frame {@code i} is the open-coded method whose normal exit is calling its deferred actions. */
    private static boolean isOpenExit(GoroutineState g, List<StackFrame> fs, int i) {
        return i < fs.size()
                && OpenCodedSupport.isOpenExit(g, fs.get(i).getClassName(), fs.get(i).getMethodName());
    }

    /**
     * Which slot the caller's frame owns: the exiting frame's (deferred action, returns
     * {@link Kind#INVOKE_NORMAL}) or a Go.call body's ({@link Kind#CALL}).
     */
    private static Kind slotOwner(GoroutineState g, List<StackFrame> fs, java.util.function.Supplier<String> lazyWhat) {
        Kind k1 = Callers.kind(fs, 0);
        if (g != null && (Callers.isInvoke(k1) || isOpenExit(g, fs, 0)) && g.slotType() != null) {
            return Kind.INVOKE_NORMAL;                       // Go.defer(Go::setResult, v)
        }
        Kind k2 = Callers.kind(fs, 1);
        String who = fs.isEmpty() ? "this method" : Callers.describe(fs.get(0));
        if (g != null && k1 == Kind.USER) {
            if ((Callers.isInvoke(k2) || isOpenExit(g, fs, 1)) && g.slotType() != null) {
                return Kind.INVOKE_NORMAL;
            }
            if (k2 == Kind.CALL && g.callFrame != null) {
                return Kind.CALL;
            }
            if (k2 == Kind.RUN) {
                throw new IllegalStateException(lazyWhat.get() + " in " + who + ": this is the body of a Go.run"
                        + " frame or goroutine, which has no result; use Go.call(() -> ...) for a frame"
                        + " with a result");
            }
        }
        throw new IllegalStateException(lazyWhat.get() + " in " + who + ": a result slot belongs to a frame, so"
                + " call it directly in a deferred action (it then means the frame whose exit runs that"
                + " action) or in the body of a Go.call or a non-void @Defer method rewritten by the agent;"
                + " not from a helper method (Go: only the function and its closures see named results)");
    }

    /**
     * A failing {@code setResult} in a deferred action that a panic runs becomes the newer panic
     * and replaces that one (rule 10), and a {@code @Recover} frame may then recover it: the
     * exception must say so and carry the panic it replaces, so a handler that logs what it
     * recovered still sees the original failure.
     */
    private static IllegalArgumentException replacingPanic(GoroutineState g, List<StackFrame> fs,
            IllegalArgumentException wrong) {
        String more = replacing(g, fs);
        if (more == null) {
            return wrong;
        }
        IllegalArgumentException e = new IllegalArgumentException(wrong.getMessage() + more, g.panic.throwable);
        e.setStackTrace(wrong.getStackTrace());
        return e;
    }

    /** The message's tail when the caller is a deferred action run by a live panic, else null. */
    private static String replacing(GoroutineState g, List<StackFrame> fs) {
        PanicRecord p = g.panic;
        boolean runByPanic = Callers.kind(fs, 0) == Kind.INVOKE_PANICKING
                || (Callers.kind(fs, 0) == Kind.USER && Callers.kind(fs, 1) == Kind.INVOKE_PANICKING);
        if (!runByPanic || p == null || p.goexit || p.recovered) {
            return null;
        }
        return ". This deferred action runs because the frame is panicking with " + describePanic(p.throwable)
                + "; thrown from here, this exception replaces that panic (a panic in a deferred call"
                + " replaces the one unwinding) and carries it as its cause";
    }

    private static String describePanic(Throwable t) {
        String s;
        try {
            s = t.toString();
        } catch (RuntimeException e) {
            s = t.getClass().getName();
        }
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    private static String exitingFrame(List<StackFrame> fs) {
        GoroutineState g = GoroutineState.peek();
        int i = 0;
        while (i < fs.size() && Callers.kind(fs.get(i)) != Kind.INVOKE_NORMAL
                && Callers.kind(fs.get(i)) != Kind.INVOKE_PANICKING) {
            if (i > 0 && g != null && isOpenExit(g, fs, i)) {
                return Callers.describe(fs.get(i));             // an open-coded exit calls its actions itself
            }
            i++;
        }
        while (i < fs.size() && Callers.kind(fs.get(i)) != Kind.USER
                && Callers.kind(fs.get(i)) != Kind.CALL && Callers.kind(fs.get(i)) != Kind.RUN) {
            i++;
        }
        if (i < fs.size() && Callers.kind(fs.get(i)) == Kind.CALL) {
            return "a Go.call frame";
        }
        if (i < fs.size() && Callers.kind(fs.get(i)) == Kind.RUN) {
            return "a Go.run frame";
        }
        return i < fs.size() ? Callers.describe(fs.get(i)) : "the exiting frame";
    }

    private static String preview(Object v) {
        if (v == null) {
            return "null";
        }
        String s;
        try {
            s = String.valueOf(v);
        } catch (RuntimeException e) {
            s = "?";
        }
        if (s.length() > 40) {
            s = s.substring(0, 37) + "...";
        }
        return (v instanceof String ? "\"" + s + "\"" : s) + " : " + v.getClass().getSimpleName();
    }

    /**
     * Converts {@code value} for a result slot of {@code type} by Java's assignment rules
     * (widening primitives, no narrowing, no null for a primitive).
     *
     * @param type the declared return type (primitive or reference, not void)
     * @param value the value passed to setResult
     * @param where the frame, for the message
     * @return the value, boxed as {@code type}'s wrapper when {@code type} is primitive
     * @throws IllegalArgumentException if the return type cannot take the value
     */
    public static Object convert(Class<?> type, Object value, String where) {
        if (!type.isPrimitive()) {
            if (value == null || type.isInstance(value)) {
                return value;
            }
            throw wrongType(type, value, where);
        }
        if (value == null) {
            throw new IllegalArgumentException("Go.setResult(null) for " + where + ", which returns "
                    + type.getName() + ": a primitive result cannot be null; store a " + type.getName()
                    + " value (the zero value is " + zero(type) + ")");
        }
        Object v = value instanceof Character c && type != char.class && type != boolean.class ? (int) c : value;
        if (type == int.class) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).intValue();
            }
        } else if (type == long.class) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
        } else if (type == double.class) {
            if (isJavaPrimitiveWrapper(v)) {
                return ((Number) v).doubleValue();
            }
        } else if (type == float.class) {
            if (v instanceof Float || v instanceof Long || v instanceof Integer || v instanceof Short
                    || v instanceof Byte) {
                return ((Number) v).floatValue();
            }
        } else if (type == short.class) {
            if (v instanceof Short || v instanceof Byte) {
                return ((Number) v).shortValue();
            }
        } else if (type == byte.class) {
            if (v instanceof Byte) {
                return v;
            }
        } else if (type == char.class) {
            if (value instanceof Character) {
                return value;
            }
        } else if (type == boolean.class) {
            if (value instanceof Boolean) {
                return value;
            }
        }
        throw wrongType(type, value, where);
    }

    private static boolean isJavaPrimitiveWrapper(Object v) {
        return v instanceof Double || v instanceof Float || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte;
    }

    private static IllegalArgumentException wrongType(Class<?> type, Object value, String where) {
        return new IllegalArgumentException("Go.setResult(" + preview(value) + ") for " + where
                + ", which returns " + type.getName() + ": a " + value.getClass().getName()
                + " cannot be returned as " + type.getName() + "; store a value of the method's return type");
    }

    static String zero(Class<?> type) {
        return type == boolean.class ? "false" : type == char.class ? "'\\0'" : type.isPrimitive() ? "0" : "null";
    }

    /** Raw slot bits of a value already converted by {@link #convert}. */
    static long bits(Class<?> type, Object v) {
        if (type == boolean.class) {
            return (Boolean) v ? 1 : 0;
        }
        if (type == char.class) {
            return (Character) v;
        }
        if (type == float.class) {
            return Float.floatToRawIntBits((Float) v);
        }
        if (type == double.class) {
            return Double.doubleToRawLongBits((Double) v);
        }
        return ((Number) v).longValue();
    }

    /**
     * Boxes a slot for {@code Go.result()}.
     *
     * @param type slot type
     * @param bits primitive bits
     * @param ref reference value
     * @return the boxed value; null for void or an empty reference slot
     */
    static Object box(Class<?> type, long bits, Object ref) {
        if (type == null || type == void.class) {
            return null;
        }
        if (!type.isPrimitive()) {
            return ref;
        }
        if (type == int.class) {
            return (int) bits;
        }
        if (type == long.class) {
            return bits;
        }
        if (type == boolean.class) {
            return bits != 0;
        }
        if (type == double.class) {
            return Double.longBitsToDouble(bits);
        }
        if (type == float.class) {
            return Float.intBitsToFloat((int) bits);
        }
        if (type == short.class) {
            return (short) bits;
        }
        if (type == byte.class) {
            return (byte) bits;
        }
        return (char) bits;
    }
}
