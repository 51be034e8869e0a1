package io.jdefer.bench;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;
import static io.jdefer.bench.Res.work;

import io.jdefer.annotation.Defer;
import io.jdefer.bench.baseline.GuavaCloser;
import io.jdefer.bench.baseline.TryFinally;
import org.openjdk.jmh.annotations.Benchmark;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The cost of {@code Go.defer} on the normal path, through {@code @Defer} methods rewritten by the
 * real agent. Every benchmark here has a twin of the same name in {@link TryFinally} (and the other
 * baseline classes) doing the same work with the same resources; held constant as listed there.
 * A concrete subclass per tier adds only its {@code @Fork} arguments. It extends
 * {@link JdeferPanics} so that a tier class also runs the panic benchmarks.
 * <ul>
 *   <li>{@code cleanupN}: N non-capturing {@code defer(Res::close, r)}, Go's
 *       {@code defer r.Close()}: the argument is saved in the record, nothing is allocated.</li>
 *   <li>{@code capturingN}: N {@code defer(() -> r.close())}: a capturing lambda per defer (its
 *       allocation is what this measures; compare with {@code cleanupN}).</li>
 *   <li>{@code cleanup9}: one site more than Go open-codes (8); jdefer's mask has 64 bits.</li>
 *   <li>{@code recoverResult}: Go's most common idiom, {@code defer(() -> { if (recover() != null)
 *       setResult(-1); })}, on the path that does not panic: the action may set the result, so an
 *       open-coded exit publishes its result slot.</li>
 *   <li>{@code lockUnlock}: {@code lock.lock(); defer(ReentrantLock::unlock, lock)} in a method
 *       returning a value: an overridable JDK method reference, whose body the agent cannot read.</li>
 *   <li>{@code loop}: a {@code defer} in each of {@value TryFinally#LOOP} iterations (the pattern
 *       vet warns about): every record stays pending until the method exits; reported per
 *       iteration, so it is the cost of one record. {@link GuavaCloser#loop} is the equivalent.</li>
 * </ul>
 */
public abstract class JdeferDefers extends JdeferPanics {
    Res[] loopRes = TryFinally.loopResources();

    @Benchmark
    @Defer
    public int cleanup1() {
        Res a = r0;
        defer(Res::close, a);
        return work(a);
    }

    @Benchmark
    @Defer
    public int cleanup3() {
        Res a = r0;
        defer(Res::close, a);
        Res b = r1;
        defer(Res::close, b);
        Res c = r2;
        defer(Res::close, c);
        return work(a) + work(b) + work(c);
    }

    @Benchmark
    @Defer
    public int cleanup8() {
        Res a = r0;
        defer(Res::close, a);
        Res b = r1;
        defer(Res::close, b);
        Res c = r2;
        defer(Res::close, c);
        Res d = r3;
        defer(Res::close, d);
        Res e = r4;
        defer(Res::close, e);
        Res f = r5;
        defer(Res::close, f);
        Res g = r6;
        defer(Res::close, g);
        Res h = r7;
        defer(Res::close, h);
        return work(a) + work(b) + work(c) + work(d) + work(e) + work(f) + work(g) + work(h);
    }

    @Benchmark
    @Defer
    public int capturing1() {
        Res a = r0;
        defer(() -> a.close());
        return work(a);
    }

    @Benchmark
    @Defer
    public int capturing3() {
        Res a = r0;
        defer(() -> a.close());
        Res b = r1;
        defer(() -> b.close());
        Res c = r2;
        defer(() -> c.close());
        return work(a) + work(b) + work(c);
    }

    @Benchmark
    @Defer
    @OperationsPerInvocation(TryFinally.LOOP)
    public int loop() {
        Res[] rs = loopRes;
        int s = 0;
        for (int i = 0; i < rs.length; i++) {
            Res r = rs[i];
            defer(Res::close, r);
            s += work(r);
        }
        return s;
    }

    @Benchmark
    @Defer
    public int cleanup9() {
        Res a = r0;
        defer(Res::close, a);
        Res b = r1;
        defer(Res::close, b);
        Res c = r2;
        defer(Res::close, c);
        Res d = r3;
        defer(Res::close, d);
        Res e = r4;
        defer(Res::close, e);
        Res f = r5;
        defer(Res::close, f);
        Res g = r6;
        defer(Res::close, g);
        Res h = r7;
        defer(Res::close, h);
        Res i = r8;
        defer(Res::close, i);
        return work(a) + work(b) + work(c) + work(d) + work(e) + work(f) + work(g) + work(h) + work(i);
    }

    @Benchmark
    @Defer
    public int recoverResult() {
        Res a = r0;
        defer(() -> {
            if (recover() != null) {
                setResult(-1);
            }
        });
        return work(a);
    }

    @Benchmark
    @Defer
    public int lockUnlock() {
        Res a = r0;
        ReentrantLock l = lock;
        l.lock();
        defer(ReentrantLock::unlock, l);
        return work(a);
    }
}
