package io.jdefer.internal;

import java.lang.StackWalker.StackFrame;
import java.util.List;

/**
 * {@code Go.recover()} without a stack walk, for code the agent rewrote: Go's "called directly by
 * a deferred function" decided by a token instead of by looking at the stack.
 *
 * <p>{@link PanicDeferredCall} leaves the deferred call it is about to run in
 * {@link GoroutineState#directCall}. The agent gives every method that calls {@code Go.recover()}
 * a prologue, {@link #claim}: the first such method entered after the deferred call started takes
 * the token, and it is the deferred call itself exactly when it is the method the deferred
 * action's class dispatches to (learned once per action class by one stack walk, then cached).
 * A helper the deferred call invokes finds the token gone or not meant for it; a method entered
 * from a deferred call the agent did not rewrite is not that call's target. The method keeps the
 * answer in a local and passes it to {@link #recover}, which costs a field read when not
 * panicking and a few field writes when it recovers.
 */
public final class DirectRecover {
    private DirectRecover() {
        throw new AssertionError();
    }

    /** The method (class + name) a deferred action's class runs when invoked; learned by one walk. */
    private static final ClassValue<String[]> TARGET = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            return new String[1];
        }
    };

    /**
     * Prologue of a method that calls {@code Go.recover()}: is this invocation the deferred call
     * that the current panic is running?
     *
     * @param owner the method's class, binary name ({@code com.example.Foo})
     * @param name the method's name
     * @return true if this method was invoked directly as a deferred call of a panicking frame
     */
    public static boolean claim(String owner, String name) {
        GoroutineState g = GoroutineState.peek();
        if (g == null) {
            return false;
        }
        Object fn = g.directCall;
        if (fn == null || fn instanceof String) {
            return false;                                // no token, or an open-coded exit's name
        }
        g.directCall = null;
        String[] target = TARGET.get(fn.getClass());
        String t = target[0];
        if (t == null) {
            t = learnTarget();
            if (t == null) {
                return false;
            }
            target[0] = t;
        }
        return t.length() == owner.length() + 1 + name.length() && t.startsWith(owner)
                && t.charAt(owner.length()) == '#' && t.endsWith(name);
    }

    /** The frame right above the innermost PanicDeferredCall: the method the action dispatched to. */
    private static String learnTarget() {
        List<StackFrame> fs = Callers.callers(64);
        for (int i = 1; i < fs.size(); i++) {
            if (Callers.kind(fs.get(i)) == Callers.Kind.INVOKE_PANICKING) {
                StackFrame d = fs.get(i - 1);
                return Callers.kind(d) == Callers.Kind.USER ? d.getClassName() + "#" + d.getMethodName() : null;
            }
        }
        return null;
    }

    /**
     * {@code Go.recover()} in a rewritten method.
     *
     * @param direct what {@link #claim} answered on entry to the calling method
     * @return the panic value, or null
     */
    public static Object recover(boolean direct) {
        if (!direct) {
            return null;
        }
        GoroutineState g = GoroutineState.peek();
        return g == null ? null : g.recoverCurrent("direct call");
    }
}
