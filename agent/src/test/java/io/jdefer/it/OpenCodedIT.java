package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Action;
import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The open-coded tier (docs/architecture.md, "Open-coding"), run in every failsafe execution. With
 * {@code opencoded=true} ({@code -Djdefer.expect.opencoded=true}) an eligible method keeps its
 * deferred actions in locals: the runtime sees no record while its body runs ({@code
 * pendingDefers() == 0}, up to 64 sites, also when an action may use the result slot); a defer in a
 * loop keeps records in every tier. The other tests are the cases where an open-coded exit hands over to the runtime (a
 * deferred action that throws while others remain, recover, Goexit, defer nil, result slot) and
 * must behave exactly as the record tiers.
 */
class OpenCodedIT {
    private static final boolean OPEN = Boolean.getBoolean("jdefer.expect.opencoded");

    private final List<Object> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void noRecordLeaks() {
        assertEquals(0, GoroutineState.pendingDefers(), "every frame popped its records");
    }

    // ------------------------------------------------------------------ which methods are open-coded

    @Defer
    private void eligible() {
        defer(() -> log.add("deferred"));
        log.add(GoroutineState.pendingDefers());
    }

    @Defer
    private int eligibleNonVoid() {
        defer(OpenCodedIT::note, "deferred");
        log.add(GoroutineState.pendingDefers());
        return 1;
    }

    private static void note(Object o) {
        LAST.add(o);
    }

    private static final List<Object> LAST = Collections.synchronizedList(new ArrayList<>());

    @Defer
    private void eligibleVoidWithUnknownAction(Action a) {
        defer(a);
        log.add(GoroutineState.pendingDefers());
    }

    @Test
    void eligibleMethods_registerNoRecord_whenOpenCoded() {
        eligible();
        assertEquals(List.of(OPEN ? 0 : 1, "deferred"), log);
        log.clear();
        LAST.clear();
        assertEquals(1, eligibleNonVoid());
        assertEquals(List.of(OPEN ? 0 : 1), log);
        assertEquals(List.of("deferred"), LAST);
        log.clear();
        eligibleVoidWithUnknownAction(() -> log.add("unknown ran"));
        assertEquals(List.of(OPEN ? 0 : 1, "unknown ran"), log);
    }

    @Defer
    private void inALoop() {
        for (int i = 0; i < 2; i++) {
            int k = i;
            defer(() -> log.add("loop " + k));
        }
        log.add(GoroutineState.pendingDefers());
    }

    @Defer
    private void nineSites() {
        defer(() -> log.add(1));
        defer(() -> log.add(2));
        defer(() -> log.add(3));
        defer(() -> log.add(4));
        defer(() -> log.add(5));
        defer(() -> log.add(6));
        defer(() -> log.add(7));
        defer(() -> log.add(8));
        defer(() -> log.add(9));
        log.add("pending " + GoroutineState.pendingDefers());
    }

    /** Bits above 31 of the mask: site 40 throws at the exit with sites 0-39 still pending. */
    @Defer
    private int sixtyFourSites() {
        defer(() -> log.add("recovered " + ((Throwable) recover()).getMessage()));
        defer(() -> log.add(1));
        defer(() -> log.add(2));
        defer(() -> log.add(3));
        defer(() -> log.add(4));
        defer(() -> log.add(5));
        defer(() -> log.add(6));
        defer(() -> log.add(7));
        defer(() -> log.add(8));
        defer(() -> log.add(9));
        defer(() -> log.add(10));
        defer(() -> log.add(11));
        defer(() -> log.add(12));
        defer(() -> log.add(13));
        defer(() -> log.add(14));
        defer(() -> log.add(15));
        defer(() -> log.add(16));
        defer(() -> log.add(17));
        defer(() -> log.add(18));
        defer(() -> log.add(19));
        defer(() -> log.add(20));
        defer(() -> log.add(21));
        defer(() -> log.add(22));
        defer(() -> log.add(23));
        defer(() -> log.add(24));
        defer(() -> log.add(25));
        defer(() -> log.add(26));
        defer(() -> log.add(27));
        defer(() -> log.add(28));
        defer(() -> log.add(29));
        defer(() -> log.add(30));
        defer(() -> log.add(31));
        defer(() -> log.add(32));
        defer(() -> log.add(33));
        defer(() -> log.add(34));
        defer(() -> log.add(35));
        defer(() -> log.add(36));
        defer(() -> log.add(37));
        defer(() -> log.add(38));
        defer(() -> log.add(39));
        defer(() -> {
            throw new IllegalStateException("site 40");
        });
        defer(() -> log.add(41));
        defer(() -> log.add(42));
        defer(() -> log.add(43));
        defer(() -> log.add(44));
        defer(() -> log.add(45));
        defer(() -> log.add(46));
        defer(() -> log.add(47));
        defer(() -> log.add(48));
        defer(() -> log.add(49));
        defer(() -> log.add(50));
        defer(() -> log.add(51));
        defer(() -> log.add(52));
        defer(() -> log.add(53));
        defer(() -> log.add(54));
        defer(() -> log.add(55));
        defer(() -> log.add(56));
        defer(() -> log.add(57));
        defer(() -> log.add(58));
        defer(() -> log.add(59));
        defer(() -> log.add(60));
        defer(() -> log.add(61));
        defer(() -> log.add(62));
        defer(() -> log.add(63));
        log.add("pending " + GoroutineState.pendingDefers());
        return 64;
    }

    @Defer
    private void eightSites() {
        defer(() -> log.add(1));
        defer(() -> log.add(2));
        defer(() -> log.add(3));
        defer(() -> log.add(4));
        defer(() -> log.add(5));
        defer(() -> log.add(6));
        defer(() -> log.add(7));
        defer(() -> log.add(8));
        log.add("pending " + GoroutineState.pendingDefers());
    }

    @Defer
    private int setResultHandle() {
        defer(Go::setResult, 42);
        log.add(GoroutineState.pendingDefers());
        return 1;
    }

    @Defer
    private int nonVoidWithUnknownAction(Action a) {
        defer(a);
        log.add(GoroutineState.pendingDefers());
        return 1;
    }

    @Defer
    private int lambdaCallsSetResult() {
        defer(() -> setResult(Go.<Integer>result() * 7));
        log.add(GoroutineState.pendingDefers());
        return 6;
    }

    @Test
    void methodsThatCannotBeOpenCoded_keepRecords_inEveryTier() {
        inALoop();
        assertEquals(List.of(2, "loop 1", "loop 0"), log);
        log.clear();
        nineSites();
        assertEquals(List.of("pending " + (OPEN ? 0 : 9), 9, 8, 7, 6, 5, 4, 3, 2, 1), log);
        log.clear();
        assertEquals(64, sixtyFourSites());
        List<Object> expected = new ArrayList<>();
        expected.add("pending " + (OPEN ? 0 : 64));
        for (int i = 63; i >= 1; i--) {
            if (i != 40) {
                expected.add(i);
            }
        }
        expected.add("recovered site 40");
        assertEquals(expected, log);
        log.clear();
        eightSites();
        assertEquals(List.of("pending " + (OPEN ? 0 : 8), 8, 7, 6, 5, 4, 3, 2, 1), log);
        log.clear();
    }

    @Test
    void actionsThatMayUseTheResultSlot_areOpenCoded_andReachIt() {
        assertEquals(42, setResultHandle());
        assertEquals(List.of(OPEN ? 0 : 1), log);
        log.clear();
        assertEquals(1, nonVoidWithUnknownAction(() -> log.add("ran")));
        assertEquals(List.of(OPEN ? 0 : 1, "ran"), log);
        log.clear();
        assertEquals(42, lambdaCallsSetResult());
        assertEquals(List.of(OPEN ? 0 : 1), log);
    }

    // ------------------------------------------------------------------ hand-over to the runtime

    @Defer
    private int throwingDeferredWhileOthersRemain() {
        defer(() -> log.add("registered first, runs last"));
        defer(() -> log.add("recovered " + ((Throwable) recover()).getMessage()));
        defer(() -> log.add("not run twice"));
        defer(() -> {
            throw new IllegalStateException("from a deferred action");
        });
        log.add("body");
        return 5;
    }

    @Test
    void deferredActionThrowsAtANormalExit_theRestRunPanicking_recoverSeesIt_resultKept() {
        assertEquals(5, throwingDeferredWhileOthersRemain());
        assertEquals(List.of("body", "not run twice", "recovered from a deferred action",
                "registered first, runs last"), log);
    }

    @Defer
    private void recoverAtANormalExit() {
        defer(() -> log.add(String.valueOf(recover())));
        log.add("body");
    }

    @Test
    void recoverInADeferredActionAtANormalExit_returnsNull() {
        recoverAtANormalExit();
        assertEquals(List.of("body", "null"), log);
    }

    @Defer
    private void deferredFunctionThatDefersRecover() {
        defer(Go::recover);
        log.add("deferred function ran");
    }

    @Defer
    private void panicsWithDeferRecoverInsideADeferredFunction() {
        defer(this::deferredFunctionThatDefersRecover);
        throw new IllegalStateException("boom");
    }

    @Defer
    private void panicsWithDeferRecoverInItself() {
        defer(Go::recover);
        throw new IllegalStateException("not recovered");
    }

    @Test
    void deferRecover_insideADeferredFunctionRecovers_inThePanickingFrameItDoesNot() {
        panicsWithDeferRecoverInsideADeferredFunction();
        assertEquals(List.of("deferred function ran"), log);
        IllegalStateException e = assertThrows(IllegalStateException.class, this::panicsWithDeferRecoverInItself);
        assertEquals("not recovered", e.getMessage());
    }

    @Defer
    private void deferNil() {
        defer(() -> log.add("earlier one still runs"));
        defer((Action) null);
        log.add("body");
    }

    @Test
    void deferNil_failsAtExit_withTheRecordTiersMessage_andTheOthersRun() {
        NullPointerException e = assertThrows(NullPointerException.class, this::deferNil);
        assertTrue(e.getMessage().startsWith("deferred action is null"), e.getMessage());
        assertEquals(List.of("body", "earlier one still runs"), log);
    }

    @Defer
    private void goexitFromADeferredAction() {
        defer(() -> log.add("registered before goexit, still runs"));
        defer(Go::goexit);
        log.add("body");
    }

    @Test
    void goexitFromADeferredActionAtANormalExit_runsTheRest_andEndsTheGoroutine() throws Exception {
        Thread t = Go.go(() -> {
            goexitFromADeferredAction();
            log.add("not reached");
        });
        t.join(10_000);
        assertEquals(List.of("body", "registered before goexit, still runs"), log);
    }

    @Recover
    private int recoversAPanicOfADeferredAction() {
        defer(() -> {
            throw new IllegalStateException("deferred");
        });
        return 6;
    }

    @Recover
    private long recoversWithSetResultInTheBody() {
        setResult(3L);
        throw new IllegalStateException("body");
    }

    @Recover
    private double recoversWithNoDefers() {
        throw new IllegalStateException("body");
    }

    @Test
    void recoverFrames_returnTheSlot() {
        assertEquals(6, recoversAPanicOfADeferredAction());
        assertEquals(3L, recoversWithSetResultInTheBody());
        assertEquals(0d, recoversWithNoDefers());
    }

    @Defer
    private String earlyAndLateReturns(boolean early) {
        defer(() -> log.add("first"));
        if (early) {
            return "early";
        }
        defer(() -> log.add("second"));
        return "late";
    }

    @Test
    void everyReturnRunsExactlyTheRegisteredOnes() {
        assertEquals("early", earlyAndLateReturns(true));
        assertEquals(List.of("first"), log);
        log.clear();
        assertEquals("late", earlyAndLateReturns(false));
        assertEquals(List.of("second", "first"), log);
    }

    @Defer
    private void deferredActionThrows() {
        defer(() -> {
            throw new IllegalStateException("where");
        });
    }

    @Test
    void stackTraces_pointAtUserLines() {
        IllegalStateException e = assertThrows(IllegalStateException.class, this::deferredActionThrows);
        StackTraceElement frame = null;
        for (StackTraceElement s : e.getStackTrace()) {
            if (s.getMethodName().equals("deferredActionThrows")) {
                frame = s;
            }
        }
        assertTrue(frame != null && "OpenCodedIT.java".equals(frame.getFileName()) && frame.getLineNumber() > 0,
                String.valueOf(frame));
        assertInstanceOf(IllegalStateException.class, e);
        assertNull(e.getCause());
    }
}
