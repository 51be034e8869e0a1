package io.jdefer;

/**
 * Unwinds the current goroutine for {@code Go.goexit()}: every frame's deferred actions run,
 * innermost first, and the goroutine ends quietly. It is never recovered ({@code Go.recover()}
 * returns {@code null} while it unwinds) and it is an {@code Error} so that
 * {@code catch (Exception e)} does not stop it. Outside a goroutine it reaches the caller of the
 * outermost frame as this error.
 */
public final class Goexit extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the unwinding signal; it carries no stack trace. */
    public Goexit() {
        super("runtime.Goexit: the goroutine is exiting", null, false, false);
    }
}
