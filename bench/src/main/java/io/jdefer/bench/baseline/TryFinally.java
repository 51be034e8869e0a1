package io.jdefer.bench.baseline;

import static io.jdefer.bench.Res.work;

import io.jdefer.bench.Res;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import io.jdefer.bench.Forks;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reference every ratio is taken against: cleanup written by hand with {@code try/finally},
 * in a JVM without the agent. Each jdefer benchmark of the same name does the same work with
 * {@code Go.defer} instead.
 *
 * <p>What is held constant across every variant (baselines and jdefer tiers alike):
 * <ul>
 *   <li>The work: {@link Res#work} ({@code v * 31 + 17}) on each resource, summed and
 *       <em>returned</em> to JMH, so it is not dead code (JMH samples 08 and 11).</li>
 *   <li>The cleanup: {@link Res#close()} ({@code closed += v}, a field write the JIT must keep),
 *       run newest first, once per resource, on every exit.</li>
 *   <li>The resources: instance fields of this {@code @State(Scope.Thread)} class, created once
 *       per trial and never {@code final} or {@code static}, so the JIT cannot constant-fold them
 *       (Byte Buddy's benchmarks do the same for the same reason).</li>
 *   <li>The shape: one benchmark method, no helper call between JMH and the cleanup code, so
 *       every variant is inlined alike; N resources mean N nested cleanups.</li>
 *   <li>The JVM: one fork per class with the same heap and GC (G1 by default); only the fork
 *       arguments that select a variant differ (agent, record tier, executor, stack traces).</li>
 * </ul>
 * Scenarios: {@code cleanupN} (N = 1, 3, 8, 9 resources), {@code recoverResult} (Go's
 * {@code defer func() { if recover() != nil { r = -1 } }()} on the path that does not panic; the
 * twin is a {@code catch} returning -1), {@code lockUnlock} ({@code lock(); defer unlock()} in a
 * method returning a value), {@code loop} (one cleanup per iteration
 * of a 32-iteration loop, reported per iteration), {@code panicRecover} (throw a new exception,
 * with stack trace, from inside the cleanup scope and catch it) and {@code panicPreallocated}
 * (the same with a preallocated stackless exception: only the unwinding is measured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class TryFinally {
    /** Iterations of {@code loop}: all cleanups of a defer loop stay pending until the method exits. */
    public static final int LOOP = 32;

    Res r0 = new Res(1);
    Res r1 = new Res(2);
    Res r2 = new Res(3);
    Res r3 = new Res(4);
    Res r4 = new Res(5);
    Res r5 = new Res(6);
    Res r6 = new Res(7);
    Res r7 = new Res(8);
    Res r8 = new Res(9);
    ReentrantLock lock = new ReentrantLock();
    Res[] loopRes = loopResources();

    /** @return the {@link #LOOP} resources of the loop scenario */
    public static Res[] loopResources() {
        Res[] rs = new Res[LOOP];
        for (int i = 0; i < LOOP; i++) {
            rs[i] = new Res(i + 1);
        }
        return rs;
    }

    /** Fails the trial if the fork is not what its class says (e.g. virtual threads asked, not given). */
    @Setup(Level.Trial)
    public void checkFork() {
        Forks.checkExecutor();
    }

    @Benchmark
    public int cleanup1() {
        Res a = r0;
        try {
            return work(a);
        } finally {
            a.close();
        }
    }

    @Benchmark
    public int cleanup3() {
        Res a = r0;
        try {
            Res b = r1;
            try {
                Res c = r2;
                try {
                    return work(a) + work(b) + work(c);
                } finally {
                    c.close();
                }
            } finally {
                b.close();
            }
        } finally {
            a.close();
        }
    }

    @Benchmark
    public int cleanup8() {
        Res a = r0;
        try {
            Res b = r1;
            try {
                Res c = r2;
                try {
                    Res d = r3;
                    try {
                        Res e = r4;
                        try {
                            Res f = r5;
                            try {
                                Res g = r6;
                                try {
                                    Res h = r7;
                                    try {
                                        return work(a) + work(b) + work(c) + work(d)
                                                + work(e) + work(f) + work(g) + work(h);
                                    } finally {
                                        h.close();
                                    }
                                } finally {
                                    g.close();
                                }
                            } finally {
                                f.close();
                            }
                        } finally {
                            e.close();
                        }
                    } finally {
                        d.close();
                    }
                } finally {
                    c.close();
                }
            } finally {
                b.close();
            }
        } finally {
            a.close();
        }
    }

    /** What Java code does instead of a defer loop: close each resource before the next. */
    @Benchmark
    @OperationsPerInvocation(LOOP)
    public int loop() {
        Res[] rs = loopRes;
        int s = 0;
        for (int i = 0; i < rs.length; i++) {
            Res r = rs[i];
            try {
                s += work(r);
            } finally {
                r.close();
            }
        }
        return s;
    }

    /** Go's panic + recover written in Java: throw a new exception (with stack trace), catch it. */
    @Benchmark
    public int panicRecover() {
        Res a = r0;
        try {
            try {
                if (a.v > 0) {
                    throw new Res.Boom("boom", true);
                }
                return work(a);
            } finally {
                a.close();
            }
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** As {@link #panicRecover} with {@link Res#PREALLOCATED}: only the unwinding is measured. */
    @Benchmark
    public int panicPreallocated() {
        Res a = r0;
        try {
            try {
                if (a.v > 0) {
                    throw Res.PREALLOCATED;
                }
                return work(a);
            } finally {
                a.close();
            }
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Benchmark
    public int cleanup9() {
        Res a = r0;
        try {
            Res b = r1;
            try {
                Res c = r2;
                try {
                    Res d = r3;
                    try {
                        Res e = r4;
                        try {
                            Res f = r5;
                            try {
                                Res g = r6;
                                try {
                                    Res h = r7;
                                    try {
                                        Res i = r8;
                                        try {
                                            return work(a) + work(b) + work(c) + work(d) + work(e)
                                                    + work(f) + work(g) + work(h) + work(i);
                                        } finally {
                                            i.close();
                                        }
                                    } finally {
                                        h.close();
                                    }
                                } finally {
                                    g.close();
                                }
                            } finally {
                                f.close();
                            }
                        } finally {
                            e.close();
                        }
                    } finally {
                        d.close();
                    }
                } finally {
                    c.close();
                }
            } finally {
                b.close();
            }
        } finally {
            a.close();
        }
    }

    @Benchmark
    public int recoverResult() {
        Res a = r0;
        try {
            return work(a);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Benchmark
    public int lockUnlock() {
        Res a = r0;
        ReentrantLock l = lock;
        l.lock();
        try {
            return work(a);
        } finally {
            l.unlock();
        }
    }
}
