package io.jdefer.internal;

/**
 * A state jdefer's own code can never reach: Go's {@code runtime.throw}, whose
 * {@code fatal error: ...} no deferred call can recover. {@code recover} never returns it and
 * {@code @Recover} never stops it, so a broken invariant surfaces instead of being swallowed by
 * the first recovering frame.
 */
final class FatalError extends Error {
    private static final long serialVersionUID = 1L;

    FatalError(String message) {
        super("fatal error: " + message);
    }
}
