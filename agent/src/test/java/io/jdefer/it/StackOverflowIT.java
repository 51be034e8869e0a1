package io.jdefer.it;

import static io.jdefer.Go.defer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.Panic;
import io.jdefer.annotation.Defer;
import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A StackOverflowError that unwinds many frames near the stack's end, in every tier. A frame's
 * exit can overflow again after its deferred actions became records and before they ran; the
 * next exit up must then run them — newest first, each once — and no record may be left for a
 * later exit, where a stranded recovering action would stop an unrelated panic. Each run pads
 * the stack by a different depth so that the second overflow hits a different instruction of the
 * exit machinery; {@code -Djdefer.soe.runs} (default 60) sets how many.
 */
class StackOverflowIT {
    private static final int RUNS = Integer.getInteger("jdefer.soe.runs", 60);
    private static final int MAX_DEPTH = 1 << 16;

    private static final AtomicIntegerArray RAN = new AtomicIntegerArray(MAX_DEPTH);
    private static final AtomicInteger ENTERED = new AtomicInteger();
    private static final AtomicInteger RECOVERED = new AtomicInteger();

    /** Deeper than this, {@link #deep} panics instead of recursing: the warm-up. */
    private static volatile int limit = Integer.MAX_VALUE;

    @Defer
    static void deep(int depth) {
        ENTERED.incrementAndGet();
        if (depth >= limit) {
            throw Go.panic("warm-up");
        }
        Go.defer(() -> RAN.incrementAndGet(depth));
        Go.defer(() -> {
            if (Go.recover() != null) {
                RECOVERED.incrementAndGet();
            }
        });
        deep(depth + 1);
    }

    /** Plain frames below the recursion: shifts where on the stack it ends. */
    static void pad(int k, Runnable then) {
        if (k == 0) {
            then.run();
        } else {
            pad(k - 1, then);
        }
    }

    @Test
    void stackOverflowUnwindingManyFrames_runsEveryDeferOnce_leavesNoRecordForALaterPanic() throws Exception {
        // Every class on the exit path initialised first: a class initialiser that overflows fails
        // for good (NoClassDefFoundError), which would be this JVM's problem, not the unwinding's.
        limit = 3;
        try {
            Go.run(() -> {
                defer(() -> Go.recover());
                deep(0);
            });
        } finally {
            limit = Integer.MAX_VALUE;
        }
        assertEquals(1, RECOVERED.get(), "warm-up: the panic was recovered by the deepest recovering action");
        List<String> failures = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            int k = run * 7;
            for (int i = 0; i < MAX_DEPTH; i++) {
                RAN.set(i, 0);
            }
            ENTERED.set(0);
            RECOVERED.set(0);
            AtomicReference<Object> escaped = new AtomicReference<>();
            AtomicInteger pendingAfter = new AtomicInteger(-1);
            AtomicReference<Boolean> overflowed = new AtomicReference<>(false);
            Thread t = new Thread(null, () -> {
                try {
                    Go.run(() -> {
                        try {
                            pad(k, () -> deep(0));
                        } catch (StackOverflowError e) {
                            overflowed.set(true);
                        }
                        throw Go.panic("later");
                    });
                    escaped.set("nothing");
                } catch (Panic p) {
                    escaped.set(p.value());
                } catch (Throwable e) {
                    escaped.set(e);
                }
                pendingAfter.set(GoroutineState.pendingDefers());
            }, "soe-" + run, 256 * 1024);
            t.start();
            t.join();
            int entered = ENTERED.get();
            String what = "run " + run + " (pad " + k + ", " + entered + " frames entered): ";
            if (!overflowed.get()) {
                failures.add(what + "the recursion did not overflow; escaped " + escaped.get());
                continue;
            }
            if (!"later".equals(escaped.get())) {
                failures.add(what + "escaped " + escaped.get() + " instead of the later panic");
            }
            if (RECOVERED.get() != 0) {
                failures.add(what + RECOVERED.get() + " recovering deferred action(s) recovered something");
            }
            if (pendingAfter.get() != 0) {
                failures.add(what + pendingAfter.get() + " record(s) pending after Go.run");
            }
            int ran = 0;
            for (int i = 0; i < Math.min(entered, MAX_DEPTH); i++) {
                int n = RAN.get(i);
                if (n > 1) {
                    failures.add(what + "the deferred action of depth " + i + " ran " + n + " times");
                }
                if (n == 0 && i < entered / 2) {
                    failures.add(what + "the deferred action of depth " + i + " did not run");
                    break;
                }
                ran += n;
            }
            if (ran < entered / 2) {
                failures.add(what + "only " + ran + " deferred actions ran");
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
                failures.size() + " failure(s) in " + RUNS + " runs");
        assertTrue(RUNS > 0);
    }
}
