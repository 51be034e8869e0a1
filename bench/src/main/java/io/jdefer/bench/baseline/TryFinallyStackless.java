package io.jdefer.bench.baseline;

import static io.jdefer.bench.Res.work;

import io.jdefer.bench.Res;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The reference for jdefer's panics with {@code -Djdefer.panicStackTraces=false}: throw a new
 * exception <em>without</em> a stack trace and catch it. Held constant as in {@link TryFinally}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class TryFinallyStackless {
    Res r0 = new Res(1);

    @Benchmark
    public int panicRecover() {
        Res a = r0;
        try {
            try {
                if (a.v > 0) {
                    throw new Res.Boom("boom", false);
                }
                return work(a);
            } finally {
                a.close();
            }
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
