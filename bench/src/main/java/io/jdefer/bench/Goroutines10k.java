package io.jdefer.bench;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

/**
 * The throughput scenario's driver, shared by the try/finally and the jdefer variants: start
 * {@value #THREADS} virtual threads, each running one unit of work, join them all, and return the
 * sum of their results. A unit opens a resource ({@link Res#open}), locks one of {@value #LOCKS}
 * striped locks, adds its work to that stripe's counter and returns it; the resource is closed
 * and the lock released on exit (try/finally, or two {@code defer}s).
 */
public final class Goroutines10k {
    /** Virtual threads per benchmark operation. */
    public static final int THREADS = 10_000;
    /** Lock stripes: contention exists (2 cores, 10k threads) but does not dominate. */
    public static final int LOCKS = 64;

    private Goroutines10k() {
        throw new AssertionError("no instances");
    }

    /** @return {@value #LOCKS} fresh locks */
    public static ReentrantLock[] locks() {
        ReentrantLock[] ls = new ReentrantLock[LOCKS];
        for (int i = 0; i < LOCKS; i++) {
            ls[i] = new ReentrantLock();
        }
        return ls;
    }

    /**
     * Runs {@code unit} for ids 0..{@value #THREADS}-1, each on its own new virtual thread.
     *
     * @param unit one unit of work
     * @return the sum of the units' results
     * @throws InterruptedException if interrupted while joining
     */
    public static long run(IntToLongFunction unit) throws InterruptedException {
        long[] out = new long[THREADS];
        Thread[] ts = new Thread[THREADS];
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        for (int i = 0; i < THREADS; i++) {
            int id = i;
            ts[i] = b.start(() -> out[id] = unit.applyAsLong(id));
        }
        return join(ts, out);
    }

    /**
     * Joins every thread and sums the results they stored.
     *
     * @param ts the threads
     * @param out where thread i stored its result
     * @return the sum
     * @throws InterruptedException if interrupted while joining
     */
    public static long join(Thread[] ts, long[] out) throws InterruptedException {
        for (Thread t : ts) {
            t.join();
        }
        long s = 0;
        for (long x : out) {
            s += x;
        }
        return s;
    }
}
