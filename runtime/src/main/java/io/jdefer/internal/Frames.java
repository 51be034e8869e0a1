package io.jdefer.internal;

import io.jdefer.Action;

/**
 * The frame of a {@code Go.run} or goroutine body opened without the agent; {@link CallFrame} is
 * the same for {@code Go.call}.
 *
 * <p><b>Important</b>: {@link Callers} recognises the caller of a frame body by this class, not by
 * method name, so that {@code Go.defer} in a body binds to its frame and in a helper it does not.
 * Every method of this class calls a body directly; {@code CallersTest} pins it.
 */
public final class Frames {
    private Frames() {
        throw new AssertionError();
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
}
