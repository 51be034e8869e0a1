package io.jdefer;

import static io.jdefer.Go.defer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import io.jdefer.internal.ImplicitRecover;
import io.jdefer.internal.RecordTier;
import io.jdefer.internal.Results;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bad inputs: each gives a clear message (or Go's answer) and leaves every other frame
 * intact.
 */
class BadInputTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void deferNull_whenRegistered_failsOnlyAtFrameExitWithClearMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Go.run(() -> {
            defer(() -> log.add("outer deferred"));
            Go.run(() -> {
                defer((Action) null);
                log.add("registered fine");
            });
            log.add("not reached");
        }));
        assertTrue(e.getMessage().contains("Go.defer(null)"), e.getMessage());
        assertEquals(List.of("registered fine", "outer deferred"), log);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void setResultWrongType_whenSlotIsPrimitive_failsNamingBothTypes() {
        // Go.call slots take any Object; typed slots come from agent-rewritten methods, which call
        // the same conversion.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Results.convert(int.class, "six", "Foo.bar"));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        assertTrue(e.getMessage().contains("int"), e.getMessage());
        assertTrue(e.getMessage().contains("Foo.bar"), e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> Results.convert(long.class, null, "Foo.bar"));
        assertTrue(n.getMessage().contains("cannot be null"), n.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Results.convert(int.class, 1L, "Foo.bar"));
        assertThrows(IllegalArgumentException.class, () -> Results.convert(String.class, 1, "Foo.bar"));
        assertEquals(7L, Results.convert(long.class, 7, "widening"));
        assertEquals(7.0, Results.convert(double.class, 7, "widening"));
    }

    @Test
    void setResult_whenInVoidFrame_failsAndOtherFramesStayIntact() {
        Object r = Go.call(() -> {
            defer(() -> log.add("outer deferred"));
            try {
                Go.run(() -> defer(() -> Go.setResult("into a void frame")));
            } catch (IllegalStateException e) {
                log.add("caught: " + e.getMessage().contains("void"));
            }
            return "outer result";
        });
        assertEquals("outer result", r);
        assertEquals(List.of("caught: true", "outer deferred"), log);
    }

    @Test
    void groupGo_whenAfterAwait_failsWithClearMessage() throws Exception {
        Group g = new Group();
        g.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.go(() -> { }));
        assertTrue(e.getMessage().contains("after await"), e.getMessage());
    }

    @Test
    void recover_whenOutsideAnyFrame_returnsNullAndChangesNothing() {
        assertNull(Go.recover());
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = Go.recover());
            assertNull(Go.recover());
            throw Go.panic("still recoverable");
        });
        assertEquals("still recoverable", got[0]);
    }

    @Test
    void runCallMain_whenBodyNull_throwNullPointerExceptionNamingTheCall() {
        assertTrue(assertThrows(NullPointerException.class, () -> Go.run(null)).getMessage().contains("Go.run(null)"));
        assertTrue(assertThrows(NullPointerException.class, () -> Go.call(null)).getMessage().contains("Go.call(null)"));
        assertTrue(assertThrows(NullPointerException.class, () -> Go.main(null)).getMessage().contains("Go.main(null)"));
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void recordTier_whenUnknownName_failsNamingValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordTier.parse("stack"));
        assertTrue(e.getMessage().contains("pooled") && e.getMessage().contains("allocated"), e.getMessage());
        assertEquals(RecordTier.POOLED, RecordTier.parse(null));
        assertEquals(RecordTier.ALLOCATED, RecordTier.parse(" Allocated "));
    }

    @Test
    void recordTier_whenSelected_matchesSystemProperty() {
        String p = System.getProperty("jdefer.records");
        assertEquals(RecordTier.parse(p), RecordTier.SELECTED);
    }

    @Test
    void implicitRecover_whenTypeIsNotThrowable_failsWithClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImplicitRecover.of(String.class));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }
}
