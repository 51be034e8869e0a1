package io.jdefer.bench;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static io.jdefer.bench.Res.work;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import io.jdefer.bench.baseline.TryFinally;
import io.jdefer.bench.baseline.TryFinallyStackless;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Go's panic + recover through agent-rewritten frames, against {@link TryFinally}'s (and, for the
 * stackless forks, {@link TryFinallyStackless}'s) throw + catch of the same name. A concrete
 * subclass per tier only adds the {@code @Fork} arguments: the agent, {@code -Djdefer.records},
 * and for the {@code *Stackless} classes {@code -Djdefer.panicStackTraces=false}.
 *
 * <p>Held constant as in {@link TryFinally}: one resource deferred/closed, the same work, the
 * panic raised by the same data-dependent branch, the frame returning its zero value (0) after the
 * recover as the baseline's {@code catch} returns 0.
 * <ul>
 *   <li>{@code panicRecover}: {@code @Recover} frame, {@code Go.panic("boom")} (a new
 *       {@code io.jdefer.Panic}, with a stack trace unless the fork turns them off).</li>
 *   <li>{@code panicRecoverExplicit}: Go's idiom, {@code defer(() -> recover())} in a
 *       {@code @Defer} frame.</li>
 *   <li>{@code panicPreallocated}: {@code @Recover} frame throwing {@link Res#PREALLOCATED}:
 *       the panic machinery alone, no allocation of the panic value.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class JdeferPanics {
    Res r0 = new Res(1);
    Res r1 = new Res(2);
    Res r2 = new Res(3);
    Res r3 = new Res(4);
    Res r4 = new Res(5);
    Res r5 = new Res(6);
    Res r6 = new Res(7);
    Res r7 = new Res(8);
    Res r8 = new Res(9);
    java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    /** Fails the trial unless this fork has the agent, the asked tier and the asked executor. */
    @Setup(Level.Trial)
    public void checkFork() {
        Forks.checkExecutor();
        Forks.checkAgent(this::probe);
    }

    @Defer
    void probe() {
        defer(Res::close, new Res(0));
    }

    @Benchmark
    @Recover
    public int panicRecover() {
        Res a = r0;
        defer(Res::close, a);
        if (a.v > 0) {
            throw panic("boom");
        }
        return work(a);
    }

    @Benchmark
    @Defer
    public int panicRecoverExplicit() {
        Res a = r0;
        defer(Res::close, a);
        defer(() -> {
            recover();
        });
        if (a.v > 0) {
            throw panic("boom");
        }
        return work(a);
    }

    @Benchmark
    @Recover
    public int panicPreallocated() {
        Res a = r0;
        defer(Res::close, a);
        if (a.v > 0) {
            throw Res.PREALLOCATED;
        }
        return work(a);
    }
}
