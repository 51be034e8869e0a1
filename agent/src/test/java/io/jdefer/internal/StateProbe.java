package io.jdefer.internal;

/**
 * What an integration test may read of the current goroutine's state that the runtime keeps
 * package-private: the rare-path fields a frame exit's end puts back. Test code only; the agent
 * does not rewrite this package, so it has no frames of its own.
 */
public final class StateProbe {
    private StateProbe() {
    }

    /** @return an unrecovered panic left the last frame and no normal exit has ended since */
    public static boolean escaped() {
        GoroutineState g = GoroutineState.peek();
        return g != null && g.escaped != null;
    }

    /** @return the goroutine counts as panicking (for {@code Go.main}'s exit) */
    public static boolean panicking() {
        GoroutineState g = GoroutineState.peek();
        return g != null && g.panicking;
    }
}
