package io.jdefer.internal;

import java.util.concurrent.Callable;

/**
 * The frame of a {@code Go.call} body opened without the agent; an instance is the body's result
 * slot before the frame exits, for {@code Go.setResult} from the body.
 *
 * <p><b>Important</b>: {@link Callers} recognises the caller of a {@code Go.call} body by this
 * class, not by method name. Its one static method calls the body directly; {@code CallersTest}
 * pins it.
 */
public final class CallFrame {
    final CallFrame parent;
    Object value;

    private CallFrame(CallFrame parent) {
        this.parent = parent;
    }

    /**
     * Runs {@code body} as a frame with a result slot.
     *
     * @param body the frame body, not null
     * @param <T> the result type
     * @return the result slot after the last deferred action
     */
    @SuppressWarnings("unchecked")
    public static <T> T call(Callable<T> body) {
        GoroutineState g = GoroutineState.current();
        int mark = g.top;
        CallFrame frame = new CallFrame(g.callFrame);
        g.callFrame = frame;
        Throwable thrown = null;
        try {
            frame.value = body.call();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            g.callFrame = frame.parent;
        }
        return (T) g.deferReturnObject(mark, frame.value, thrown, Object.class);
    }
}
