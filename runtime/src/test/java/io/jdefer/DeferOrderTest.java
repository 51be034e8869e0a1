package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Rules 1 and 3 (go-reference G1, G2, G11, G12, G14, G36): when deferred actions run, and in what
 * order.
 */
class DeferOrderTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void deferredActions_whenFrameReturns_runLastInFirstOut() {
        Go.run(() -> {
            defer(() -> log.add("1"));
            defer(() -> log.add("2"));
            defer(() -> log.add("3"));
            log.add("body");
        });
        assertEquals(List.of("body", "3", "2", "1"), log);
    }

    @Test
    void deferredActions_whenBodyThrows_runAndThrowableReachesCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException t = assertThrows(IllegalStateException.class, () -> Go.run(() -> {
            defer(() -> log.add("1"));
            defer(() -> log.add("2"));
            throw boom;
        }));
        assertSame(boom, t);
        assertEquals(List.of("2", "1"), log);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void deferredActions_whenCallReturns_runAfterResultComputed() {
        String r = Go.call(() -> {
            defer(() -> log.add("deferred"));
            log.add("body");
            return "result";
        });
        assertEquals("result", r);
        assertEquals(List.of("body", "deferred"), log);
    }

    @Test
    void deferredActions_whenNestedFrames_belongToInnermostFrame() {
        // go-reference G11: a defer belongs to the innermost enclosing function.
        Go.run(() -> {
            defer(() -> log.add("outer"));
            Go.run(() -> {
                defer(() -> log.add("inner"));
                log.add("inner body");
            });
            log.add("outer body after inner");
        });
        assertEquals(List.of("inner body", "inner", "outer body after inner", "outer"), log);
    }

    @Test
    void deferInsideDeferredAction_whenActionReturns_runsBeforeNextDeferredAction() {
        // go-reference G12: a deferred call is a frame of its own.
        Go.run(() -> {
            defer(() -> log.add("first registered"));
            defer(() -> {
                defer(() -> log.add("deferred by deferred"));
                log.add("deferred body");
            });
        });
        assertEquals(List.of("deferred body", "deferred by deferred", "first registered"), log);
    }

    @Test
    void deferredActions_whenPanicUnwindsSeveralFrames_runInnermostFirst() {
        // go-reference G14: the panicking sequence runs each frame's deferred calls, innermost first.
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            defer(() -> log.add("a"));
            Go.run(() -> {
                defer(() -> log.add("b"));
                Go.run(() -> {
                    defer(() -> log.add("c"));
                    defer(() -> log.add("d"));
                    throw panic("x");
                });
                log.add("skipped");
            });
            log.add("skipped");
        });
        assertEquals(List.of("d", "c", "b", "a"), log);
        assertEquals("x", got[0]);
    }

    @Test
    void twentyDeferredActions_whenSeventeenthPanics_allRunAndRecoverGetsValue() {
        // go-reference G36 (blog claim "deeper than 16 skips defers" is false).
        List<Integer> ran = new ArrayList<>();
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            for (int i = 1; i <= 20; i++) {
                int n = i;
                defer(() -> {
                    ran.add(n);
                    if (n == 17) {
                        throw panic("in 17");
                    }
                });
            }
        });
        List<Integer> want = new ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            want.add(i);
        }
        assertEquals(want, ran);
        assertEquals("in 17", got[0]);
    }

    @Test
    void oneDeferPerFrame_whenTwentyFramesAndPanicInSeventeenth_allRun() {
        List<Integer> ran = new ArrayList<>();
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            nest(1, ran);
        });
        List<Integer> want = new ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            want.add(i);
        }
        assertEquals(want, ran);
        assertEquals("frame 17", got[0]);
    }

    private static void nest(int n, List<Integer> ran) {
        Go.run(() -> {
            defer(() -> {
                ran.add(n);
                if (n == 17) {
                    throw panic("frame " + n);
                }
            });
            if (n < 20) {
                nest(n + 1, ran);
            }
        });
    }

    @Test
    void conditionalDefers_whenSomeSkipped_runInOrder() {
        // Go's runtime/defer_test.go TestConditionalDefers:
        // Make sure that conditional open-coded defers are activated correctly and run in
        // the correct order.
        List<Integer> list = new ArrayList<>();
        AtomicReference<Object> r = new AtomicReference<>();
        Go.run(() -> {
            defer(() -> r.set(recover()));
            int n = 8;
            Go.run(() -> {
                defer(list::add, 1);
                if (n > 5) {
                    defer(list::add, 2);
                    if (n > 8) {
                        defer(list::add, 3);
                    } else {
                        defer(list::add, 4);
                    }
                }
                throw panic("testConditional");
            });
        });
        assertEquals("testConditional", r.get());
        assertEquals(List.of(4, 2, 1), list);
    }

    @Test
    void frames_whenAllExited_leaveNoPendingRecords() {
        int before = GoroutineState.pendingDefers();
        Go.run(() -> {
            defer(() -> { });
            assertEquals(before + 1, GoroutineState.pendingDefers());
            Go.run(() -> {
                defer(() -> { });
                defer(x -> { }, "x");
                assertEquals(before + 3, GoroutineState.pendingDefers());
            });
            assertEquals(before + 1, GoroutineState.pendingDefers());
        });
        assertEquals(before, GoroutineState.pendingDefers());
    }
}
