package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules 8 and 12 (go-reference G9, G25, G28): every frame has a result slot (Go's named results),
 * stored by {@code return} before the deferred actions run and returned after the last one.
 * Frames without agent: {@code Go.call} has a slot, {@code Go.run} has none.
 */
class ResultSlotTest {
    private final List<Object> log = new ArrayList<>();

    @Test
    void return6_whenDeferredMultipliesBy7_returns42() {
        // The spec's example: func f() (result int) { defer func() { result *= 7 }(); return 6 }
        Integer r = Go.call(() -> {
            defer(() -> Go.setResult(Go.<Integer>result() * 7));
            return 6;
        });
        assertEquals(42, r);
    }

    @Test
    void result_whenReadInDeferredAction_isValueReturned() {
        String r = Go.call(() -> {
            defer(() -> log.add(Go.result()));
            return "returned";
        });
        assertEquals("returned", r);
        assertEquals(List.of("returned"), log);
    }

    @Test
    void recoveredFrame_whenNothingStored_returnsZeroValue() {
        String r = Go.call(() -> {
            defer(() -> log.add(Go.result()));
            defer(Go::recover);
            defer(() -> recover());
            throw panic("x");
        });
        assertNull(r);
        assertEquals(java.util.Arrays.asList((Object) null), log);
    }

    @Test
    void recoveredFrame_whenBodySetResultBeforePanic_returnsThatValue() {
        // go-reference G28: named results keep the value assigned before the panic.
        Integer r = Go.call(() -> {
            defer(() -> recover());
            Go.setResult(5);
            log.add(Go.result());
            throw panic("x");
        });
        assertEquals(5, r);
        assertEquals(List.of(5), log);
    }

    /** The body's value, whatever its type: the action that recovers reads it and the call returns it. */
    private <T> T setThenRecover(T value) {
        return Go.<T>call(() -> {
            Go.setResult(value);
            defer(() -> log.add("recover=" + recover() + " result=" + Go.result()));
            throw panic("x");
        });
    }

    @Test
    void recoveredFrame_whenBodySetResultOfAnyType_actionSeesIt_andCallReturnsIt() {
        int[] array = {5};
        Object object = new Object();
        List<Object> values = List.of(true, (byte) 5, 'c', (short) 5, 5, 5L, 5.5f, 5.5, "five", array, object);
        List<Object> expectedLog = new ArrayList<>();
        for (Object v : values) {
            assertSame(v, setThenRecover(v));
            expectedLog.add("recover=x result=" + v);
        }
        assertEquals(expectedLog, log);
    }

    @Test
    void nestedCallFrames_whenBothSetResultAndRecover_eachReturnsItsOwnValue() {
        Integer r = Go.call(() -> {
            Go.setResult(1);
            defer(() -> log.add("outer recover=" + recover() + " result=" + Go.result()));
            Integer inner = Go.call(() -> {
                Go.setResult(2);
                defer(() -> log.add("inner recover=" + recover() + " result=" + Go.result()));
                throw panic("inner");
            });
            log.add("inner returned " + inner + ", outer holds " + Go.result());
            throw panic("outer");
        });
        assertEquals(1, r);
        assertEquals(List.of("inner recover=inner result=2", "inner returned 2, outer holds 1",
                "outer recover=outer result=1"), log);
    }

    @Test
    void recoveredFrame_whenDeferredActionSetsResult_returnsIt() {
        // Go's test/recover.go try(): "Check that closures can set output arguments."
        Object r = Go.call(() -> {
            defer(() -> {
                Object v = recover();
                if (v != null) {
                    Go.setResult("recovered " + v);
                }
            });
            throw panic("x");
        });
        assertEquals("recovered x", r);
    }

    @Test
    void result_whenNothingStoredYet_isNullInBody() {
        Object r = Go.call(() -> {
            log.add(Go.result());
            Go.setResult("set");
            log.add(Go.result());
            return Go.result();
        });
        assertEquals("set", r);
        assertEquals(java.util.Arrays.asList(null, "set"), log);
    }

    @Test
    void deferSetResult_whenRegisteredAsDeferredCall_overridesReturn() {
        // Go: defer func(v int) { result = v }(42)
        Object r = Go.call(() -> {
            defer(Go::setResult, 42);
            return 6;
        });
        assertEquals(42, r);
    }

    @Test
    void nestedCallFrames_whenEachDefersSetResult_eachSeesItsOwnSlot() {
        Integer r = Go.call(() -> {
            defer(() -> Go.setResult(Go.<Integer>result() + 100));
            int inner = Go.call(() -> {
                defer(() -> Go.setResult(Go.<Integer>result() * 10));
                return 2;
            });
            log.add(inner);
            return 1;
        });
        assertEquals(101, r);
        assertEquals(List.of(20), log);
    }

    @Test
    void deferredActionFrame_whenCallInsideDeferredAction_hasItsOwnSlot() {
        Integer r = Go.call(() -> {
            defer(() -> {
                int x = Go.call(() -> {
                    defer(() -> Go.setResult(Go.<Integer>result() + 1));
                    return 10;
                });
                log.add(x);
                log.add(Go.result());          // still the outer frame's slot
                Go.setResult(Go.<Integer>result() + x);
            });
            return 1;
        });
        assertEquals(12, r);
        assertEquals(List.of(11, 1), log);
    }

    @Test
    void setResult_whenInGoRunBody_failsWithClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.run(() -> Go.setResult(1)));
        assertTrue(e.getMessage().contains("Go.call"), e.getMessage());
    }

    @Test
    void setResult_whenInDeferredActionOfVoidFrame_failsWithClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Go.run(() -> defer(() -> Go.setResult(1))));
        assertTrue(e.getMessage().contains("void"), e.getMessage());
        assertTrue(e.getMessage().contains("Go.call"), e.getMessage());
    }

    @Test
    void setResult_whenCalledFromHelperOfDeferredAction_failsWithClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Go.call(() -> {
                    defer(() -> helperSetsResult());
                    return 1;
                }));
        assertTrue(e.getMessage().contains("helper"), e.getMessage());
    }

    private static void helperSetsResult() {
        Go.setResult(2);
    }

    @Test
    void setResult_whenOutsideAnyFrame_failsWithClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.setResult(1));
        assertTrue(e.getMessage().contains("deferred action"), e.getMessage());
    }

    @Test
    void result_whenInGoRunBody_failsWithClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.run(() -> Go.result()));
        assertTrue(e.getMessage().contains("no result"), e.getMessage());
    }

    @Test
    void failedSetResult_whenCaughtInBody_leavesFrameIntact() {
        Object r = Go.call(() -> {
            defer(() -> log.add("deferred"));
            try {
                Go.run(() -> Go.setResult("wrong frame"));
            } catch (IllegalStateException e) {
                log.add("caught");
            }
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(List.of("caught", "deferred"), log);
    }

    @Test
    void returnedValue_whenDeferredPanicRecoveredByEarlierDefer_isKept() {
        // go-reference G35: the frame returns the results set by its return statement.
        Object r = Go.call(() -> {
            defer(() -> recover());
            defer(() -> {
                throw panic("late");
            });
            return "kept";
        });
        assertEquals("kept", r);
    }
}
