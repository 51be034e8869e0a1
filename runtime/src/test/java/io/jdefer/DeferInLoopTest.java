package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules 3 and 5 (go-reference G10, G13): every defer in a loop runs at frame exit, LIFO, none lost,
 * whatever their number; storage a defer loop grew is given back (pooled tier trim).
 */
class DeferInLoopTest {
    private static final int MANY = 100_000;

    @Test
    void deferInLoop_whenManyIterations_allRunLifoAtFrameExit() {
        int[] next = {MANY - 1};
        int[] wrong = {0};
        Go.run(() -> {
            for (int i = 0; i < MANY; i++) {
                defer(n -> {
                    if (n != next[0]--) {
                        wrong[0]++;
                    }
                }, i);
            }
            assertEquals(MANY, GoroutineState.pendingDefers());
        });
        assertEquals(-1, next[0], "every deferred action ran");
        assertEquals(0, wrong[0], "in LIFO order");
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void deferInLoop_whenFramePanics_allRunAndRecoverGetsValue() {
        int[] ran = {0};
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            for (int i = 0; i < 10_000; i++) {
                defer(() -> ran[0]++);
            }
            throw panic("after loop");
        });
        assertEquals(10_000, ran[0]);
        assertEquals("after loop", got[0]);
    }

    @Test
    void deferInLoopBody_whenWrappedInFramePerIteration_runsPerIteration() {
        // go-reference G11: wrapping the loop body in a frame scopes its defers to one iteration.
        List<String> log = new ArrayList<>();
        Go.run(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                Go.run(() -> {
                    defer(() -> log.add("close " + n));
                    log.add("use " + n);
                });
            }
        });
        assertEquals(List.of("use 0", "close 0", "use 1", "close 1", "use 2", "close 2"), log);
    }

    @Test
    void recordStorage_whenFrameDeferredThousands_isTrimmedAfterExit() {
        // The issue: "a defer loop must not pin megabytes for the life of the thread".
        Go.run(() -> defer(() -> { }));
        int initial = GoroutineState.recordCapacity();
        Go.run(() -> {
            for (int i = 0; i < 50_000; i++) {
                defer(() -> { });
            }
            assertTrue(GoroutineState.recordCapacity() >= 50_000);
        });
        int after = GoroutineState.recordCapacity();
        System.out.println("TRIM: record capacity " + initial + " before, " + after + " after a frame of 50000 defers ("
                + System.getProperty("jdefer.records", "pooled") + ")");
        assertTrue(after <= Math.max(initial, 4), "capacity " + after + " > initial " + initial);
    }

    @Test
    void recordStorage_whenDeferLoopInsideNestedFrames_trimsAndKeepsOuterRecords() {
        List<String> log = new ArrayList<>();
        Go.run(() -> {
            defer(() -> log.add("outer 1"));
            defer(() -> log.add("outer 2"));
            Go.run(() -> {
                for (int i = 0; i < 20_000; i++) {
                    defer(() -> { });
                }
            });
            assertEquals(2, GoroutineState.pendingDefers());
            assertTrue(GoroutineState.recordCapacity() <= 16, "capacity " + GoroutineState.recordCapacity());
        });
        assertEquals(List.of("outer 2", "outer 1"), log);
    }
}
