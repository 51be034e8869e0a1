package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 11: a {@link VirtualMachineError} is never recovered ({@code recover} returns null) and
 * keeps propagating, but deferred actions still run, as {@code finally} blocks would.
 */
class VirtualMachineErrorTest {
    private final List<String> log = new ArrayList<>();

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void stackOverflow_whenDeferredRecover_isNotRecoveredButDefersRun() {
        Object[] got = {"unset"};
        assertThrows(StackOverflowError.class, () -> Go.run(() -> {
            defer(() -> log.add("deferred ran"));
            defer(() -> got[0] = recover());
            recurse(0);
        }));
        assertNull(got[0]);
        assertEquals(List.of("deferred ran"), log);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void outOfMemoryError_whenRecoveredInEveryFrame_keepsPropagating() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        Object[] got = {"unset", "unset"};
        OutOfMemoryError t = assertThrows(OutOfMemoryError.class, () -> Go.run(() -> {
            defer(() -> got[1] = recover());
            Go.run(() -> {
                defer(() -> got[0] = recover());
                throw panic(oom);
            });
        }));
        assertSame(oom, t);
        assertNull(got[0]);
        assertNull(got[1]);
    }

    @Test
    void internalError_whenThrownByDeferredActionWhilePanicking_replacesPanicAndIsNotRecovered() {
        InternalError ie = new InternalError("simulated");
        Object[] got = {"unset"};
        InternalError t = assertThrows(InternalError.class, () -> Go.run(() -> {
            defer(() -> got[0] = recover());
            defer(() -> {
                throw ie;
            });
            throw panic("ordinary");
        }));
        assertSame(ie, t);
        assertNull(got[0]);
        assertEquals("ordinary", ((Panic) ie.getSuppressed()[0]).value());
    }

    @Test
    void stackOverflow_whenEveryFrameOnTheWayDefers_runsThemAndLeavesNoRecords() {
        // Frames all the way down to the overflow: each frame's deferred action runs where the
        // JVM lets it (deep ones may overflow again; the outer frame then runs what is left).
        int[] entered = {0};
        int[] ran = {0};
        Object[] got = {"unset"};
        int before = GoroutineState.pendingDefers();
        assertThrows(StackOverflowError.class, () -> Go.run(() -> {
            defer(() -> got[0] = recover());
            deep(entered, ran);
        }));
        assertNull(got[0]);
        assertEquals(before, GoroutineState.pendingDefers());
        assertTrue(entered[0] > 100, "entered " + entered[0]);
        assertEquals(entered[0], ran[0], "every registered deferred action ran");
    }

    private static void deep(int[] entered, int[] ran) {
        Go.run(() -> {
            defer(() -> ran[0]++);
            entered[0]++;
            deep(entered, ran);
        });
    }

    @Test
    void stackOverflow_whenThreadContinues_nextFramesWorkNormally() {
        assertThrows(StackOverflowError.class, () -> Go.run(() -> recurse(0)));
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            throw panic("after overflow");
        });
        assertEquals("after overflow", got[0]);
    }
}
