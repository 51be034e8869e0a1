package io.jdefer.internal;

import io.jdefer.Action;
import java.util.concurrent.Callable;

/**
 * Frames opened without the agent: {@code Go.run}, {@code Go.call} and goroutine bodies.
 * {@link Callers} recognises these two methods as the callers of a frame body, so that
 * {@code Go.defer} in a body binds to its frame and in a helper it does not.
 */
public final class Frames {
    private Frames() {
        throw new AssertionError();
    }

    /** The body slot of a {@code Go.call} frame, for {@code Go.setResult} from the body. */
    static final class CallFrame {
        final CallFrame parent;
        Object value;

        CallFrame(CallFrame parent) {
            this.parent = parent;
        }
    }

    /**
     * Runs {@code body} as a frame returning nothing.
     *
     * @param body the frame body, not null
     */
    public static void run(Action body) {
        GoroutineState g = GoroutineState.current();
        int mark = g.top;
        Throwable thrown = null;
        try {
            body.run();
        } catch (Throwable t) {
            thrown = t;
        }
        g.deferReturnVoid(mark, thrown);
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
