package io.jdefer.internal;

import io.jdefer.Action;
import io.jdefer.ActionWith;

/**
 * Runs one deferred call while a panic unwinds its frame: the call of a deferred function in Go's
 * {@code runtime.gopanic}. The only code whose direct callees may recover: Go's "recover was called
 * directly by a deferred function" means, here, "the method that called {@code recover} was called
 * by this class".
 *
 * <p><b>Important</b>: {@link Callers} (the stack-walking recover) and {@link DirectRecover} (which
 * learns a deferred action's target method once) recognise this class on the stack by class, not
 * by method name, so that renaming a method cannot change what {@code recover} does. Every method
 * of this class calls the action itself, never through a helper; {@code CallersTest} pins it.
 */
final class PanicDeferredCall {
    private PanicDeferredCall() {
        throw new AssertionError();
    }

    static void invoke(GoroutineState g, Object fn, Object arg, PanicRecord p) throws Throwable {
        if (fn instanceof ImplicitRecover r) {
            if (p.recoverable() && r.matches(p.throwable)) {
                p.recovered = true;
                Events.recovered(p, g.goid, "@Recover frame");
            }
            return;
        }
        int m = g.top;
        Throwable thrown = null;
        // An enclosing open-coded exit's name shares the field (OpenCodedSupport.publish): give it back.
        Object outer = g.directCall;
        g.directCall = fn;
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
        g.directCall = outer instanceof String ? outer : null;
        if (g.top != m) {
            g.deferReturnVoid(m, thrown);
        } else if (thrown != null) {
            throw thrown;
        }
    }
}
