package io.jdefer.internal;

/** Throwing without declaring, and Go's rules for attaching an aborted panic. */
public final class Throwables {
    private Throwables() {
        throw new AssertionError();
    }

    /**
     * Throws {@code t} whatever its type; declared to return so callers can write {@code throw}.
     *
     * @param t the throwable to throw
     * @return never returns
     */
    public static RuntimeException sneaky(Throwable t) {
        throw Throwables.<RuntimeException>sneaky0(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky0(Throwable t) throws T {
        throw (T) t;
    }

    static NullPointerException nilDefer() {
        return new NullPointerException("deferred action is null: Go.defer(null) registered it,"
                + " and like Go's `defer nil` it fails when the frame exits and runs it"
                + " (invalid memory address or nil pointer dereference)");
    }

    /**
     * Attaches {@code other} to {@code target} unless it is itself or already attached.
     *
     * @param target the throwable that is rethrown
     * @param other the one it carries
     */
    public static void attachSuppressedOnce(Throwable target, Throwable other) {
        attachSuppressed(target, other);
    }

    /** Rule 10: the newer panic carries the older one, never itself, never twice (a cause is carried already). */
    static void attachSuppressed(Throwable newer, Throwable older) {
        if (newer == older || newer.getCause() == older) {
            return;
        }
        for (Throwable s : newer.getSuppressed()) {
            if (s == older) {
                return;
            }
        }
        for (Throwable s : older.getSuppressed()) {
            if (s == newer) {
                return;
            }
        }
        newer.addSuppressed(older);
    }
}
