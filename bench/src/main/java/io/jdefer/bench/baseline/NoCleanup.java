package io.jdefer.bench.baseline;

import static io.jdefer.bench.Res.work;

import io.jdefer.bench.Res;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The floor: the same work as {@link TryFinally} with no cleanup at all (wrong code, shown only to
 * price the work and the benchmark harness). Held constant as in {@link TryFinally}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class NoCleanup {
    Res r0 = new Res(1);
    Res r1 = new Res(2);
    Res r2 = new Res(3);
    Res r3 = new Res(4);
    Res r4 = new Res(5);
    Res r5 = new Res(6);
    Res r6 = new Res(7);
    Res r7 = new Res(8);
    Res[] loopRes = TryFinally.loopResources();

    @Benchmark
    public int cleanup1() {
        return work(r0);
    }

    @Benchmark
    public int cleanup3() {
        return work(r0) + work(r1) + work(r2);
    }

    @Benchmark
    public int cleanup8() {
        return work(r0) + work(r1) + work(r2) + work(r3) + work(r4) + work(r5) + work(r6) + work(r7);
    }

    @Benchmark
    @OperationsPerInvocation(TryFinally.LOOP)
    public int loop() {
        Res[] rs = loopRes;
        int s = 0;
        for (int i = 0; i < rs.length; i++) {
            s += work(rs[i]);
        }
        return s;
    }
}
