package io.jdefer;

/**
 * What {@code Go.panic(null)} throws and what {@code Go.recover()} then returns, so that recover
 * never returns {@code null} while a goroutine is panicking (Go 1.21's
 * {@code runtime.PanicNilError}).
 */
public final class PanicNilError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; its message is Go's: {@code panic called with nil argument}. */
    public PanicNilError() {
        super("panic called with nil argument", null, true, Panic.STACK_TRACES);
    }
}
