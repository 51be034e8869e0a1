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
 * Cleanup by try-with-resources: what javac generates adds a null check and suppressed-exception
 * handling per resource. Held constant as in {@link TryFinally}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class TryWithResources {
    Res r0 = new Res(1);
    Res r1 = new Res(2);
    Res r2 = new Res(3);
    Res r3 = new Res(4);
    Res r4 = new Res(5);
    Res r5 = new Res(6);
    Res r6 = new Res(7);
    Res r7 = new Res(8);

    @Benchmark
    public int cleanup1() {
        try (Res a = r0) {
            return work(a);
        }
    }

    @Benchmark
    public int cleanup3() {
        try (Res a = r0; Res b = r1; Res c = r2) {
            return work(a) + work(b) + work(c);
        }
    }

    @Benchmark
    public int cleanup8() {
        try (Res a = r0; Res b = r1; Res c = r2; Res d = r3; Res e = r4; Res f = r5; Res g = r6; Res h = r7) {
            return work(a) + work(b) + work(c) + work(d) + work(e) + work(f) + work(g) + work(h);
        }
    }
}
