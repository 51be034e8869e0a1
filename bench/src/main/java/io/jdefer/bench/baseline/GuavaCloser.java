package io.jdefer.bench.baseline;

import static io.jdefer.bench.Res.work;

import com.google.common.io.Closer;
import io.jdefer.bench.Res;
import java.io.IOException;
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
 * Cleanup by Guava's {@link Closer}, the library peer of {@code defer}: a LIFO list of
 * registered {@code Closeable}s, used exactly as its javadoc says ({@code register},
 * {@code rethrow} in {@code catch (Throwable)}, {@code close} in {@code finally}). It is also the
 * only baseline that, like a defer loop, keeps every loop iteration's cleanup until the end.
 * Held constant as in {@link TryFinally}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class GuavaCloser {
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
    public int cleanup1() throws IOException {
        Closer closer = Closer.create();
        try {
            Res a = closer.register(r0);
            return work(a);
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }

    @Benchmark
    public int cleanup3() throws IOException {
        Closer closer = Closer.create();
        try {
            Res a = closer.register(r0);
            Res b = closer.register(r1);
            Res c = closer.register(r2);
            return work(a) + work(b) + work(c);
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }

    @Benchmark
    public int cleanup8() throws IOException {
        Closer closer = Closer.create();
        try {
            Res a = closer.register(r0);
            Res b = closer.register(r1);
            Res c = closer.register(r2);
            Res d = closer.register(r3);
            Res e = closer.register(r4);
            Res f = closer.register(r5);
            Res g = closer.register(r6);
            Res h = closer.register(r7);
            return work(a) + work(b) + work(c) + work(d) + work(e) + work(f) + work(g) + work(h);
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }

    /** Like a defer loop: every resource is registered, all are closed when the method exits. */
    @Benchmark
    @OperationsPerInvocation(TryFinally.LOOP)
    public int loop() throws IOException {
        Res[] rs = loopRes;
        Closer closer = Closer.create();
        try {
            int s = 0;
            for (int i = 0; i < rs.length; i++) {
                s += work(closer.register(rs[i]));
            }
            return s;
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }
}
