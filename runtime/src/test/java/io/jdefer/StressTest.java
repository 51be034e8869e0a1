package io.jdefer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Many goroutines at once, each running a random program of nested frames, defers, panics,
 * recovers and goexits, checked against a model of Go's rules computed independently: every
 * deferred action runs exactly once, in LIFO order; every recover sees only its own goroutine's
 * panic values; afterwards no records are pending and a defer loop's storage was given back.
 *
 * <p>Each goroutine's program comes from {@code new Random(seed + index)}. The seed is fixed
 * ({@value #DEFAULT_SEED}) so every run checks the same programs; the summary line and every
 * failure print it. Explore others with {@code -Djdefer.stress.seed=<seed>}.
 */
class StressTest {
    private static final int THREADS = Integer.getInteger("jdefer.stress.threads", 10_000);
    private static final long DEFAULT_SEED = 20_240_613L;
    private static final long SEED = Long.getLong("jdefer.stress.seed", DEFAULT_SEED);
    private static final int MAX_DEPTH = 5;
    private static final int BIG_FRAME_EVERY = 50;
    private static final int BIG_FRAME_DEFERS = 3_000;
    private static final Action NOOP = () -> { };

    // ------------------------------------------------------------------ the program language

    sealed interface Stmt permits Log, Defer, DeferRecover, Call, Recover, PanicStmt, GoexitStmt, Yield {
    }

    /** Appends "log id" to the trace. */
    record Log(int id) implements Stmt {
    }

    /** {@code defer(action)}; the action appends "run id", then runs its body as a frame. */
    record Defer(int id, List<Stmt> body) implements Stmt {
    }

    /** {@code defer(Go::recover)}: Go's {@code defer recover()}. */
    record DeferRecover(int id) implements Stmt {
    }

    /** A nested {@code Go.run} frame. */
    record Call(List<Stmt> body) implements Stmt {
    }

    /** {@code Object r = recover()} written directly in the body; appends "rec id=r". */
    record Recover(int id) implements Stmt {
    }

    /** {@code throw panic(value)}. */
    record PanicStmt(String value) implements Stmt {
    }

    /** {@code goexit()}. */
    record GoexitStmt() implements Stmt {
    }

    /** {@code Thread.yield()}: lets other goroutines interleave. */
    record Yield() implements Stmt {
    }

    static final class Generator {
        private final Random rnd;
        private final String prefix;
        private int nextId;

        Generator(long seed, int thread) {
            rnd = new Random(seed);
            prefix = "T" + thread + ":";
        }

        List<Stmt> body(int depth) {
            List<Stmt> out = new ArrayList<>();
            int n = rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(100);
                if (k < 15) {
                    out.add(new Log(nextId++));
                } else if (k < 50 && depth < MAX_DEPTH) {
                    out.add(new Defer(nextId++, body(depth + 1)));
                } else if (k < 65 && depth < MAX_DEPTH) {
                    out.add(new Call(body(depth + 1)));
                } else if (k < 85) {
                    out.add(new Recover(nextId++));
                } else if (k < 90) {
                    out.add(new DeferRecover(nextId++));
                } else {
                    out.add(new Yield());
                }
            }
            int end = rnd.nextInt(100);
            if (end < 35) {
                out.add(new PanicStmt(prefix + nextId++));
            } else if (end < 40) {
                out.add(new GoexitStmt());
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ the model (no jdefer)

    /** A panic or Goexit of the model: Go's _panic, reduced to what the rules need. */
    static final class ModelPanic {
        final String value;
        final boolean goexit;
        boolean recovered;
        ModelPanic goexitBelow;

        ModelPanic(String value, boolean goexit) {
            this.value = value;
            this.goexit = goexit;
        }
    }

    /**
     * Runs a frame body by Go's rules (go-reference G1–G2, G12, G20–G27, G30–G31, G44–G48) without
     * jdefer.
     *
     * @param invoker the panic whose unwinding called this body as a deferred call, else null
     * @return the panic or Goexit the frame ends with, or null for a normal return
     */
    static ModelPanic model(List<Stmt> body, ModelPanic invoker, List<String> trace) {
        Deque<Stmt> defers = new ArrayDeque<>();
        ModelPanic cur = null;
        loop:
        for (Stmt s : body) {
            switch (s) {
                case Log l -> trace.add("log " + l.id());
                case Defer d -> {
                    defers.push(d);
                    trace.add("reg " + d.id());
                }
                case DeferRecover d -> {
                    defers.push(d);
                    trace.add("regrec " + d.id());
                }
                case Call c -> {
                    cur = model(c.body(), null, trace);
                    if (cur != null) {
                        break loop;
                    }
                }
                case Recover r -> {
                    String v = null;
                    if (invoker != null && !invoker.goexit && !invoker.recovered) {
                        invoker.recovered = true;
                        v = invoker.value;
                    }
                    trace.add("rec " + r.id() + "=" + v);
                }
                case PanicStmt p -> {
                    cur = new ModelPanic(p.value(), false);
                    break loop;
                }
                case GoexitStmt g -> {
                    cur = new ModelPanic(null, true);
                    break loop;
                }
                case Yield y -> {
                }
            }
        }
        while (!defers.isEmpty()) {
            Stmt s = defers.pop();
            ModelPanic p = cur;
            if (s instanceof DeferRecover) {
                // Called by this frame's exit: recovers only when this frame is a deferred call
                // of a panic and its exit is normal (test/recover.go test4, recover1.go test5–7).
                if (p == null && invoker != null && !invoker.goexit && !invoker.recovered) {
                    invoker.recovered = true;
                }
                continue;
            }
            Defer d = (Defer) s;
            trace.add("run " + d.id());
            ModelPanic a = model(d.body(), p, trace);
            if (a != null) {
                // A new panic replaces the running one (39); one interrupting a Goexit resumes
                // it when recovered (56); a Goexit abandons a panic (58).
                if (p != null && !a.goexit) {
                    a.goexitBelow = p.goexit ? p : p.goexitBelow;
                }
                cur = a;
            } else if (p != null && p.recovered) {
                cur = p.goexitBelow;
            }
        }
        return cur;
    }

    static String end(ModelPanic p) {
        return p == null ? "end normal" : p.goexit ? "end goexit" : "end panic " + p.value;
    }

    // ------------------------------------------------------------------ the real thing

    static final class Counters {
        final LongAdder frames = new LongAdder();
        final LongAdder defers = new LongAdder();
        final LongAdder deferRecovers = new LongAdder();
        final LongAdder panics = new LongAdder();
        final LongAdder recovers = new LongAdder();
        final LongAdder goexits = new LongAdder();
        final LongAdder foreign = new LongAdder();
    }

    /** One goroutine's program and what happened when it ran. */
    static final class Run {
        final int index;
        final List<Stmt> program;
        final String prefix;
        final List<String> trace = new ArrayList<>();
        int pendingAfter = -1;
        int initialCapacity = -1;
        int capacityAfterBigFrame = -1;

        Run(int index, List<Stmt> program) {
            this.index = index;
            this.program = program;
            this.prefix = "T" + index + ":";
        }
    }

    /**
     * The frame body that runs {@code body}: {@code Go.defer} and {@code Go.recover} are written
     * directly in this lambda, so they bind to the frame the lambda is the body of.
     */
    static Action frame(List<Stmt> body, Run run, Counters n, int runId) {
        return () -> {
            n.frames.increment();
            if (runId >= 0) {
                run.trace.add("run " + runId);
            }
            for (Stmt s : body) {
                switch (s) {
                    case Log l -> run.trace.add("log " + l.id());
                    case Defer d -> {
                        Go.defer(frame(d.body(), run, n, d.id()));
                        run.trace.add("reg " + d.id());
                        n.defers.increment();
                    }
                    case DeferRecover d -> {
                        Go.defer(Go::recover);
                        run.trace.add("regrec " + d.id());
                        n.deferRecovers.increment();
                    }
                    case Call c -> Go.run(frame(c.body(), run, n, -1));
                    case Recover r -> {
                        Object v = Go.recover();
                        run.trace.add("rec " + r.id() + "=" + v);
                        if (v != null) {
                            n.recovers.increment();
                            if (!(v instanceof String str && str.startsWith(run.prefix))) {
                                n.foreign.increment();
                            }
                        }
                    }
                    case PanicStmt p -> {
                        n.panics.increment();
                        throw Go.panic(p.value());
                    }
                    case GoexitStmt g -> {
                        n.goexits.increment();
                        Go.goexit();
                    }
                    case Yield y -> Thread.yield();
                }
            }
        };
    }

    @Test
    void randomPrograms_whenRunConcurrently_matchModel() throws Exception {
        String tier = System.getProperty("jdefer.records", "pooled");
        Run[] runs = new Run[THREADS];
        for (int i = 0; i < THREADS; i++) {
            runs[i] = new Run(i, new Generator(SEED + i, i).body(0));
        }
        Counters n = new Counters();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[THREADS];
        Map<Thread, Integer> indexOf = new HashMap<>();
        long t0;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (RecordingPanicHandler handler = new RecordingPanicHandler()) {
            for (int i = 0; i < THREADS; i++) {
                Run run = runs[i];
                threads[i] = Go.go(() -> {
                    start.await();
                    Go.run(() -> Go.defer(NOOP));
                    run.initialCapacity = GoroutineState.recordCapacity();
                    try {
                        n.frames.increment();
                        Go.run(frame(run.program, run, n, -1));
                        run.trace.add("end normal");
                    } catch (Goexit g) {
                        run.trace.add("end goexit");
                        throw g;
                    } catch (Panic p) {
                        run.trace.add("end panic " + p.value());
                        throw p;
                    } finally {
                        run.pendingAfter = GoroutineState.pendingDefers();
                        if (run.index % BIG_FRAME_EVERY == 0) {
                            Go.run(() -> {
                                for (int k = 0; k < BIG_FRAME_DEFERS; k++) {
                                    Go.defer(NOOP);
                                }
                            });
                            run.capacityAfterBigFrame = GoroutineState.recordCapacity();
                        }
                    }
                });
                indexOf.put(threads[i], i);
            }
            t0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;

            // Check every goroutine against the model.
            List<String> failures = new ArrayList<>();
            int expectPanicking = 0;
            for (Run run : runs) {
                List<String> want = new ArrayList<>();
                String end = end(model(run.program, null, want));
                want.add(end);
                if (end.startsWith("end panic")) {
                    expectPanicking++;
                }
                String why = checkRun(run, want);
                if (why != null && failures.size() < 5) {
                    failures.add("goroutine " + run.index + " (seed " + SEED + " + " + run.index + "): " + why
                            + "\n  program " + run.program + "\n  want " + want + "\n  got  " + run.trace);
                }
            }
            int escaped = 0;
            for (RecordingPanicHandler.Escaped e : handler.escaped()) {
                Run run = runs[indexOf.get(e.thread())];
                String got = "end panic " + ((Panic) e.throwable()).value();
                if (!got.equals(run.trace.get(run.trace.size() - 1))) {
                    failures.add("goroutine " + run.index + " (seed " + SEED + "): handler got " + got);
                }
                escaped++;
            }
            System.out.printf("STRESS (%s, seed %d): %d goroutines, %d frames, %d defers (+%d defer recover),"
                    + " %d panics, %d recovers, %d goexits, %d panics escaped to the handler; wall %d ms, process CPU %d ms on %d cores%n",
                    tier, SEED, THREADS, n.frames.sum(), n.defers.sum(), n.deferRecovers.sum(), n.panics.sum(),
                    n.recovers.sum(), n.goexits.sum(), escaped, wallMs, cpuMs,
                    Runtime.getRuntime().availableProcessors());
            if (!failures.isEmpty()) {
                System.out.println("STRESS FAILED, seed " + SEED + ":\n" + String.join("\n", failures));
            }
            assertEquals(List.of(), failures, "seed " + SEED);
            assertEquals(expectPanicking, escaped, "panics reaching the handler, seed " + SEED);
            assertEquals(0, n.foreign.sum(), "recovers that saw another goroutine's panic, seed " + SEED);
            assertTrue(n.recovers.sum() > 0 && n.goexits.sum() > 0, "the programs exercise recover and goexit");
        }
    }

    /** Null if the run matches the model and the records invariants hold, else why not. */
    private static String checkRun(Run run, List<String> want) {
        // Independent of the model: every registered deferred action ran exactly once.
        Map<String, Integer> count = new HashMap<>();
        for (String e : run.trace) {
            if (e.startsWith("reg ")) {
                count.merge(e.substring(4), 0, Integer::sum);
            } else if (e.startsWith("run ")) {
                count.merge(e.substring(4), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (e.getValue() != 1) {
                return "deferred action " + e.getKey() + " ran " + e.getValue() + " times";
            }
        }
        if (!want.equals(run.trace)) {
            return "trace differs from the model";
        }
        if (run.pendingAfter != 0) {
            return run.pendingAfter + " records pending after the frames exited";
        }
        if (run.capacityAfterBigFrame > run.initialCapacity) {
            return "record capacity " + run.capacityAfterBigFrame + " after a frame of " + BIG_FRAME_DEFERS
                    + " defers, initial " + run.initialCapacity;
        }
        return null;
    }
}
