package io.jdefer.bench;

import static io.jdefer.Go.defer;
import static io.jdefer.bench.Res.work;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.bench.baseline.TryFinallyThroughput;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The throughput scenario with jdefer: the unit of work of {@link TryFinallyThroughput} as an
 * {@code @Defer} method ({@code defer(Res::close, r)}, {@code l.lock(); defer(ReentrantLock::unlock, l)}),
 * everything else held constant.
 * <ul>
 *   <li>{@code throughput}: the same driver ({@link Goroutines10k#run}, plain virtual threads);
 *       each thread's first frame creates its goroutine state (a thread-local and, pooled, the
 *       record array).</li>
 *   <li>{@code throughputGo}: the threads started with {@code Go.go}, as a jdefer program would
 *       (goroutine ids, a named thread, the body as a frame, the crash handler).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class JdeferThroughput {
    ReentrantLock[] locks = Goroutines10k.locks();
    long[] counters = new long[Goroutines10k.LOCKS];

    /** Fails the trial unless this fork has the agent. */
    @Setup(Level.Trial)
    public void checkFork() {
        Forks.checkAgent(this::probe);
    }

    @Defer
    void probe() {
        defer(Res::close, new Res(0));
    }

    @Defer
    long unit(int id) {
        Res r = Res.open(id);
        defer(Res::close, r);
        ReentrantLock l = locks[id & (Goroutines10k.LOCKS - 1)];
        l.lock();
        defer(ReentrantLock::unlock, l);
        int w = work(r);
        counters[id & (Goroutines10k.LOCKS - 1)] += w;
        return w;
    }

    @Benchmark
    public long throughput() throws InterruptedException {
        return Goroutines10k.run(this::unit);
    }

    @Benchmark
    public long throughputGo() throws InterruptedException {
        long[] out = new long[Goroutines10k.THREADS];
        Thread[] ts = new Thread[Goroutines10k.THREADS];
        for (int i = 0; i < Goroutines10k.THREADS; i++) {
            int id = i;
            ts[i] = Go.go(() -> out[id] = unit(id));
        }
        return Goroutines10k.join(ts, out);
    }
}
