package io.jdefer.bench.baseline;

import static io.jdefer.bench.Res.work;

import io.jdefer.bench.Goroutines10k;
import io.jdefer.bench.Res;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The throughput scenario with try/finally: {@value Goroutines10k#THREADS} virtual threads, each
 * opening a resource and taking a striped lock, released by {@code finally}. One operation is the
 * whole batch (start, run, join). Held constant with the jdefer twin: the driver
 * ({@link Goroutines10k#run}), the locks, the work under the lock, the returned sum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class TryFinallyThroughput {
    ReentrantLock[] locks = Goroutines10k.locks();
    long[] counters = new long[Goroutines10k.LOCKS];

    long unit(int id) {
        Res r = Res.open(id);
        try {
            ReentrantLock l = locks[id & (Goroutines10k.LOCKS - 1)];
            l.lock();
            try {
                int w = work(r);
                counters[id & (Goroutines10k.LOCKS - 1)] += w;
                return w;
            } finally {
                l.unlock();
            }
        } finally {
            r.close();
        }
    }

    @Benchmark
    public long throughput() throws InterruptedException {
        return Goroutines10k.run(this::unit);
    }
}
