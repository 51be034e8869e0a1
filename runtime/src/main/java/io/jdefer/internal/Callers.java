package io.jdefer.internal;

import java.lang.StackWalker.StackFrame;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Who called a jdefer entry point, by stack walking: the exact form of Go's "called directly by a
 * deferred function" (runtime.gorecover) and of "the function that contains this defer". Lambda
 * proxies, method handles and reflection frames are hidden from {@link StackWalker} by default;
 * compiler bridge methods and {@link Proxy} methods are folded here. Used only off the hot path:
 * {@code recover} while a panic unwinds, and {@code Go.defer}/{@code setResult} in code the agent
 * did not rewrite.
 */
final class Callers {
    private Callers() {
        throw new AssertionError();
    }

    /**
     * What a stack frame is to jdefer, decided by its class alone: each kind but {@link #USER} is
     * one dedicated class, so no method name takes part in deciding {@code recover} or binding.
     */
    enum Kind {
        /** Application code. */
        USER,
        /** {@link Frames}: the caller of a Go.run or goroutine body. */
        RUN,
        /** {@link CallFrame}: the caller of a Go.call body. */
        CALL,
        /** {@link NormalDeferredCall}: the caller of a deferred call at a normal exit. */
        INVOKE_NORMAL,
        /** {@link PanicDeferredCall}: the caller of a deferred call run by a panic. */
        INVOKE_PANICKING,
        /** The frame-exit machinery between a frame and the deferred calls it runs. */
        EXIT
    }

    private static final String RUN_CLASS = Frames.class.getName();
    private static final String CALL_CLASS = CallFrame.class.getName();
    private static final String NORMAL_CLASS = NormalDeferredCall.class.getName();
    private static final String PANIC_CLASS = PanicDeferredCall.class.getName();
    private static final String STATE_CLASS = GoroutineState.class.getName();
    private static final String POOLED_CLASS = PooledState.class.getName();
    private static final String ALLOCATED_CLASS = AllocatedState.class.getName();

    /** No class references: several times cheaper; enough unless a proxy or bridge must be folded. */
    private static final StackWalker PLAIN = StackWalker.getInstance();
    private static final StackWalker WITH_CLASSES =
            StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final String API = "io.jdefer.Go";
    private static final String INTERNAL = "io.jdefer.internal.";

    /**
     * The frames above the jdefer entry point that was called, nearest first, at most {@code n}.
     * Element 0 is the code that called {@code Go.xxx}.
     */
    static List<StackFrame> callers(int n) {
        // The walk costs microseconds and grows with the frames it materialises: take only what the
        // caller asked for, without class references, and redo it with them only when a frame may
        // have to be folded (a proxy, or a method followed by a same-named one: a bridge).
        List<StackFrame> raw = PLAIN.walk(s -> s.dropWhile(Callers::isEntry).limit(n).toList());
        if (!mayFold(raw)) {
            return raw;
        }
        raw = WITH_CLASSES.walk(s -> s.dropWhile(Callers::isEntry).limit(n + 4L).toList());
        List<StackFrame> out = new ArrayList<>(Math.min(n, raw.size()));
        for (int i = 0; i < raw.size() && out.size() < n; i++) {
            StackFrame f = raw.get(i);
            if (!out.isEmpty() && isBridgeFor(f, out.get(out.size() - 1))) {
                continue;
            }
            if (Proxy.isProxyClass(f.getDeclaringClass())) {
                // A java.lang.reflect.Proxy method only forwards to its InvocationHandler: like
                // Go's reflect.MakeFunc trampoline it is not a function of its own, so a deferred
                // proxy's handler recovers (go-reference G24, Go test/recover.go test15).
                continue;
            }
            out.add(f);
        }
        return out;
    }

    private static boolean mayFold(List<StackFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            StackFrame f = frames.get(i);
            if (f.getClassName().contains("$Proxy")) {
                return true;
            }
            if (i > 0 && f.getMethodName().equals(frames.get(i - 1).getMethodName())
                    && f.getClassName().equals(frames.get(i - 1).getClassName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEntry(StackFrame f) {
        String c = f.getClassName();
        return c.equals(API) || c.equals(Callers.class.getName()) || c.equals(Results.class.getName());
    }

    static Kind kind(StackFrame f) {
        String c = f.getClassName();
        if (!c.startsWith(INTERNAL)) {
            return Kind.USER;
        }
        if (c.equals(PANIC_CLASS)) {
            return Kind.INVOKE_PANICKING;
        }
        if (c.equals(NORMAL_CLASS)) {
            return Kind.INVOKE_NORMAL;
        }
        if (c.equals(RUN_CLASS)) {
            return Kind.RUN;
        }
        if (c.equals(CALL_CLASS)) {
            return Kind.CALL;
        }
        if (c.equals(STATE_CLASS) || c.equals(POOLED_CLASS) || c.equals(ALLOCATED_CLASS)) {
            return Kind.EXIT;
        }
        return Kind.USER;
    }

    static Kind kind(List<StackFrame> frames, int i) {
        return i < frames.size() ? kind(frames.get(i)) : Kind.USER;
    }

    static boolean isInvoke(Kind k) {
        return k == Kind.INVOKE_NORMAL || k == Kind.INVOKE_PANICKING;
    }

    /** A synthetic bridge ({@code accept(Object)} calling {@code accept(String)}) of the same method. */
    private static boolean isBridgeFor(StackFrame f, StackFrame callee) {
        if (f.getDeclaringClass() != callee.getDeclaringClass()
                || !f.getMethodName().equals(callee.getMethodName())) {
            return false;
        }
        try {
            return f.getDeclaringClass()
                    .getDeclaredMethod(f.getMethodName(), f.getMethodType().parameterArray())
                    .isBridge();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Failure path only: the frame annotation ({@code "@Recover"}, {@code "@Defer"}) of the method
     * that called the jdefer entry point, or null when it has none.
     */
    static String frameAnnotationOfCaller() {
        StackFrame f = WITH_CLASSES.walk(s -> s.dropWhile(Callers::isEntry).findFirst()).orElse(null);
        if (f == null) {
            return null;
        }
        try {
            java.lang.reflect.Method m = f.getDeclaringClass()
                    .getDeclaredMethod(f.getMethodName(), f.getMethodType().parameterArray());
            if (m.isAnnotationPresent(io.jdefer.annotation.Recover.class)) {
                return "@Recover";
            }
            return m.isAnnotationPresent(io.jdefer.annotation.Defer.class) ? "@Defer" : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** {@code com.example.Foo.bar}, for messages. */
    static String describe(StackFrame f) {
        String where = f.getFileName() != null && f.getLineNumber() > 0
                ? " (" + f.getFileName() + ":" + f.getLineNumber() + ")" : "";
        return f.getClassName() + "." + f.getMethodName() + where;
    }

    /** The first application frame at or after {@code from}: the method whose frame is exiting. */
    static String firstUser(List<StackFrame> frames, int from) {
        for (int i = from; i < frames.size(); i++) {
            if (kind(frames.get(i)) == Kind.USER) {
                return describe(frames.get(i));
            }
        }
        return "(unknown method)";
    }
}
