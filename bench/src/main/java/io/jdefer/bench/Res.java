package io.jdefer.bench;

import java.io.Closeable;

/**
 * The resource every benchmark opens and cleans up: {@code close()} has a real side effect
 * ({@code closed += v}) that the JIT cannot drop, and {@link #work} is the same small body for
 * every variant. It implements {@link Closeable} so that try-with-resources and Guava's
 * {@code Closer} take it as it is; {@code close()} declares no exception, so no variant pays
 * for checked-exception plumbing the others do not.
 */
public final class Res implements Closeable {
    /** Not final: the JIT must load it, it cannot constant-fold the work. */
    public int v;
    /** Sum of {@code v} over every close: the observable effect of cleanup. */
    public long closed;

    /**
     * A resource with value {@code v}.
     *
     * @param v the value the work reads
     */
    public Res(int v) {
        this.v = v;
    }

    /**
     * "Opens" a resource: what the throughput scenario does once per unit of work.
     *
     * @param v its value
     * @return a new resource
     */
    public static Res open(int v) {
        return new Res(v);
    }

    /** Cleanup: adds {@code v} to {@link #closed}. */
    @Override
    public void close() {
        closed += v;
    }

    /**
     * The benchmark body's work on this resource: a load, a multiply and an add.
     *
     * @param r the resource
     * @return a value the benchmark returns to JMH, so the work is not dead code
     */
    public static int work(Res r) {
        return r.v * 31 + 17;
    }

    /**
     * A preallocated, stackless exception: throwing it costs no allocation and no stack walk, so a
     * benchmark that throws it measures only the unwinding machinery.
     */
    public static final RuntimeException PREALLOCATED = new Boom("preallocated", false);

    /** A RuntimeException whose stack trace can be switched off (that constructor is protected). */
    public static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message the message
         * @param stackTrace whether to fill in the stack trace (the expensive part of a throw)
         */
        public Boom(String message, boolean stackTrace) {
            super(message, null, false, stackTrace);
        }
    }
}
