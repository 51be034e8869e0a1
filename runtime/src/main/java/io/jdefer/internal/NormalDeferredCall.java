package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.ActionWith;

/**
 * Runs one deferred call at a normal frame exit: the call of a deferred function in Go's
 * {@code runtime.deferreturn}. The deferred call is a frame of its own (Go: an ordinary function
 * invocation with its own defers).
 *
 * <p><b>Important</b>: {@link Callers} recognises a deferred call by this class being its caller on
 * the stack, by class and not by method name, so that renaming a method cannot change what
 * {@code recover} does. Every method of this class calls the action itself, never through a
 * helper; {@code CallersTest} pins it.
 */
final class NormalDeferredCall {
    private NormalDeferredCall() {
        throw new AssertionError();
    }

    static void invoke(GoroutineState g, Object fn, Object arg) throws Throwable {
        if (fn instanceof ImplicitRecover) {
            return;
        }
        int m = g.top;
        Throwable thrown = null;
        try {
            if (arg == GoroutineState.NO_ARG) {
                if (fn == null) {
                    throw Throwables.nilDefer();
                }
                ((Action) fn).run();
            } else {
                if (fn == null) {
                    throw Throwables.nilDefer();
                }
                @SuppressWarnings("unchecked")
                ActionWith<Object> a = (ActionWith<Object>) fn;
                a.accept(arg);
            }
        } catch (Throwable t) {
            thrown = t;
        }
        if (g.top != m) {
            g.deferReturnVoid(m, thrown);
        } else if (thrown != null) {
            throw thrown;
        }
    }
}
