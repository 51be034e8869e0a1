package io.jdefer.internal;

import io.jdefer.Goexit;
import io.jdefer.Panic;

/**
 * One panic (or Goexit) of a goroutine: Go's {@code _panic}.
 *
 * <p>Invariants: a record is on its goroutine's chain ({@link GoroutineState#panic}) only while a
 * frame exit is running deferred calls for it; between frames it travels as its Java throwable
 * and is found again by identity ({@link GoroutineState#escaped}). {@code link} points at the
 * panic that was running when this one started: an aborted or recovered older panic (kept for the
 * crash report) or an enclosing one whose deferred call started this one.
 */
final class PanicRecord {
    /** What travels up the Java stack: the Throwable itself, a Panic, or a Goexit. */
    final Throwable throwable;
    /** What recover returns: Panic.value() for a Panic, the Throwable itself otherwise. */
    final Object value;
    final boolean goexit;
    PanicRecord link;
    /** A deferred call recovered it; the recovery takes effect when that call returns. */
    boolean recovered;
    /** A newer panic took over while its deferred call ran; it can no longer be recovered. */
    boolean aborted;
    /** Set only while printing a crash report: a newer panic re-panicked this one's value. */
    boolean repanicked;
    /** A Goexit this panic interrupted; recovering this panic resumes that Goexit (Go 1.14+). */
    PanicRecord goexitBelow;

    PanicRecord(Throwable throwable, PanicRecord link) {
        this.throwable = throwable;
        this.value = throwable instanceof Panic p ? p.value() : throwable;
        this.goexit = throwable instanceof Goexit;
        this.link = link;
    }

    /** Go's recover: only a live panic (not Goexit, not a VM or fatal error) can be recovered, once. */
    boolean recoverable() {
        return !goexit && !recovered && !aborted && !(throwable instanceof VirtualMachineError)
                && !(throwable instanceof FatalError);
    }
}
