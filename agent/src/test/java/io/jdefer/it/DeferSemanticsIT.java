package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.Go;
import io.jdefer.Goexit;
import io.jdefer.Panic;
import io.jdefer.PanicNilError;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import io.jdefer.internal.GoroutineState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The semantics suite of docs/semantics.md with {@code @Defer}/{@code @Recover} methods rewritten
 * by the real agent jar instead of {@code Go.run} frames: order, arguments, defer nil, loops,
 * recover (direct, helper, body), {@code @Recover} type matching, nested panics, Goexit.
 */
class DeferSemanticsIT {
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void noRecordLeaks() {
        assertEquals(0, GoroutineState.pendingDefers(), "every frame popped its records");
    }

    // ------------------------------------------------------------------ order and arguments

    @Defer
    private void threeDefers() {
        defer(() -> log.add("first registered"));
        defer(() -> log.add("second registered"));
        defer(() -> log.add("third registered"));
        log.add("body");
    }

    @Test
    void deferredActions_runLifoAfterTheBody() {
        threeDefers();
        assertEquals(List.of("body", "third registered", "second registered", "first registered"), log);
    }

    @Defer
    private void argumentsAtDeferTime() {
        int i = 1;
        defer(log::add, "arg " + i);
        StringBuilder sb = new StringBuilder("captured ");
        defer(() -> log.add(sb.toString()));
        i = 2;
        sb.append("later");
        log.add("body " + i);
    }

    @Test
    void deferWithArgument_evaluatesItAtDeferTime_closureSeesLaterChanges() {
        argumentsAtDeferTime();
        assertEquals(List.of("body 2", "captured later", "arg 1"), log);
    }

    @Defer
    private void deferNil() {
        defer(() -> log.add("runs before the nil one fails"));
        defer((io.jdefer.Action) null);
        log.add("registration of nil does not fail");
    }

    @Test
    void deferNil_failsAtExitNotAtRegistration_remainingDefersStillRun() {
        assertThrows(NullPointerException.class, this::deferNil);
        assertEquals(List.of("registration of nil does not fail", "runs before the nil one fails"), log);
    }

    @Defer
    private int deferInLoop(int n) {
        for (int i = 0; i < n; i++) {
            defer(log::add, Integer.toString(i));
        }
        return n;
    }

    @Test
    void defersInALoop_allRunLifo() {
        assertEquals(10_000, deferInLoop(10_000));
        assertEquals(10_000, log.size());
        assertEquals("9999", log.get(0));
        assertEquals("0", log.get(9_999));
    }

    @Defer
    private void outer() {
        defer(() -> log.add("outer deferred"));
        inner();
        log.add("outer body");
    }

    @Defer
    private void inner() {
        defer(() -> log.add("inner deferred"));
        log.add("inner body");
    }

    @Test
    void nestedFrames_eachRunsItsOwnDefersAtItsOwnExit() {
        outer();
        assertEquals(List.of("inner body", "inner deferred", "outer body", "outer deferred"), log);
    }

    @Defer
    private void defersOnThrow() {
        defer(() -> log.add("deferred ran"));
        throw new IllegalStateException("boom");
    }

    @Test
    void exception_runsDefersAndPropagatesTheSameThrowable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, this::defersOnThrow);
        assertEquals("boom", e.getMessage());
        assertEquals(List.of("deferred ran"), log);
        assertEquals(0, e.getSuppressed().length);
    }

    @Defer
    private void checkedException() throws IOException {
        defer(() -> log.add("deferred ran"));
        throw new IOException("checked");
    }

    @Test
    void checkedException_propagatesUnwrapped() {
        assertThrows(IOException.class, this::checkedException);
        assertEquals(List.of("deferred ran"), log);
    }

    @Defer
    private void deferInDeferredAction() {
        defer(() -> {
            defer(() -> log.add("inner deferred of the deferred action"));
            log.add("deferred action body");
        });
        log.add("body");
    }

    @Test
    void deferInsideADeferredAction_bindsToThatActionsFrame() {
        deferInDeferredAction();
        assertEquals(List.of("body", "deferred action body", "inner deferred of the deferred action"), log);
    }

    // ------------------------------------------------------------------ recover

    @Defer
    private String recoverDirect() {
        defer(() -> log.add("recovered " + recover()));
        throw panic("bad state");
    }

    @Test
    void recoverCalledDirectlyByDeferredAction_stopsThePanic_returnsZeroValue() {
        assertNull(recoverDirect());
        assertEquals(List.of("recovered bad state"), log);
    }

    private Object helperRecover() {
        return recover();
    }

    @Defer
    private void recoverInHelper() {
        defer(() -> log.add("helper got " + helperRecover()));
        throw panic("not recovered by a helper");
    }

    @Test
    void recoverInAHelper_returnsNull_panicContinues() {
        Panic p = assertThrows(Panic.class, this::recoverInHelper);
        assertEquals("not recovered by a helper", p.value());
        assertEquals(List.of("helper got null"), log);
    }

    @Defer
    private void recoverInBody() {
        defer(() -> log.add("deferred ran"));
        log.add("body recover " + recover());
    }

    @Test
    void recoverInTheBody_returnsNull() {
        recoverInBody();
        assertEquals(List.of("body recover null", "deferred ran"), log);
    }

    @Defer
    private void recoverWhenNotPanicking() {
        defer(() -> log.add("recover " + recover()));
    }

    @Test
    void recoverWhenNotPanicking_returnsNull() {
        recoverWhenNotPanicking();
        assertEquals(List.of("recover null"), log);
    }

    @Defer
    private void recoverTwice() {
        defer(() -> log.add("second " + recover()));
        defer(() -> log.add("first " + recover()));
        throw panic("once");
    }

    @Test
    void recoverTwice_onlyTheFirstGetsTheValue() {
        recoverTwice();
        assertEquals(List.of("first once", "second null"), log);
    }

    @Defer
    private void panicNil() {
        defer(() -> log.add(recover().getClass().getSimpleName()));
        throw panic(null);
    }

    @Test
    void panicNil_recoversPanicNilError() {
        panicNil();
        assertEquals(List.of(PanicNilError.class.getSimpleName()), log);
    }

    @Recover
    private int recoverAnnotated() {
        defer(() -> log.add("deferred runs before the implicit recover"));
        throw new IllegalStateException("anything");
    }

    @Test
    void recoverAnnotation_recoversEveryThrowable_afterTheDeferredActions() {
        assertEquals(0, recoverAnnotated());
        assertEquals(List.of("deferred runs before the implicit recover"), log);
    }

    @Recover
    private void recoverAnnotatedSeesExplicitRecoverFirst() {
        defer(() -> log.add("explicit " + recover()));
        throw panic("v");
    }

    @Test
    void recoverAnnotation_explicitRecoverInADeferredActionWinsFirst() {
        recoverAnnotatedSeesExplicitRecoverFirst();
        assertEquals(List.of("explicit v"), log);
    }

    @Recover({IllegalArgumentException.class, UncheckedIOException.class})
    private long recoverOnly(RuntimeException e) {
        defer(() -> log.add("deferred"));
        throw e;
    }

    @Test
    void recoverWithTypes_recoversListedTypesAndSubtypes() {
        assertEquals(0L, recoverOnly(new NumberFormatException("subtype of IAE")));
        assertEquals(0L, recoverOnly(new UncheckedIOException(new IOException())));
        assertEquals(List.of("deferred", "deferred"), log);
    }

    @Test
    void recoverWithTypes_otherTypesKeepPropagating() {
        IllegalStateException e = new IllegalStateException("not listed");
        assertSame(e, assertThrows(IllegalStateException.class, () -> recoverOnly(e)));
        assertEquals(List.of("deferred"), log);
    }

    @Recover(IllegalStateException.class)
    private void recoverOneType() {
        throw new UnsupportedOperationException("not this one");
    }

    @Test
    void recoverWithOneType_otherTypeKeepsPropagating() {
        assertThrows(UnsupportedOperationException.class, this::recoverOneType);
    }

    @Recover
    private void recoverNeverCatchesVirtualMachineError() {
        defer(() -> log.add("deferred still runs"));
        throw new OutOfMemoryError("simulated");
    }

    @Test
    void virtualMachineError_isNeverRecovered_deferredActionsStillRun() {
        assertThrows(OutOfMemoryError.class, this::recoverNeverCatchesVirtualMachineError);
        assertEquals(List.of("deferred still runs"), log);
    }

    // ------------------------------------------------------------------ nested panics

    @Defer
    private void panicInDeferredAction() {
        defer(() -> log.add("still runs"));
        defer(() -> {
            throw new IllegalArgumentException("second");
        });
        throw new IllegalStateException("first");
    }

    @Test
    void panicInADeferredAction_replacesThePanic_oldOneSuppressed_restStillRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::panicInDeferredAction);
        assertEquals(List.of("still runs"), log);
        assertEquals(1, e.getSuppressed().length);
        assertEquals("first", e.getSuppressed()[0].getMessage());
    }

    @Defer
    private void recoverSeesTheNewestPanic() {
        defer(() -> log.add("recovered " + ((Throwable) recover()).getMessage()));
        defer(() -> {
            throw new IllegalArgumentException("second");
        });
        throw new IllegalStateException("first");
    }

    @Test
    void recoverAfterNestedPanics_getsTheNewest() {
        recoverSeesTheNewestPanic();
        assertEquals(List.of("recovered second"), log);
    }

    @Defer
    private void rePanic() {
        defer(() -> {
            Object r = recover();
            throw panic("re-" + r);
        });
        throw panic("p");
    }

    @Test
    void panicAfterRecover_inTheSameDeferredAction_startsANewPanic() {
        Panic p = assertThrows(Panic.class, this::rePanic);
        assertEquals("re-p", p.value());
    }

    @Defer
    private void panicInsideRecoveringFrameBelow() {
        defer(() -> log.add("outer recovered " + recover()));
        inner2();
    }

    @Defer
    private void inner2() {
        defer(() -> log.add("inner deferred"));
        throw panic("from inner");
    }

    @Test
    void panicFromAnInnerFrame_isRecoveredByTheOuterFramesDeferredAction() {
        panicInsideRecoveringFrameBelow();
        assertEquals(List.of("inner deferred", "outer recovered from inner"), log);
    }

    // ------------------------------------------------------------------ Goexit

    @Defer
    private void exits() {
        defer(() -> log.add("deferred runs on goexit, recover=" + recover()));
        Go.goexit();
    }

    @Test
    void goexit_runsDeferredActions_cannotBeRecovered_propagatesOutsideAGoroutine() {
        assertThrows(Goexit.class, this::exits);
        assertEquals(List.of("deferred runs on goexit, recover=null"), log);
    }

    @Test
    void goexitInAGoroutine_runsTheRewrittenFramesDefers() throws Exception {
        List<String> shared = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread t = Go.go(() -> goroutineBody(shared));
        t.join(10_000);
        assertEquals(List.of("deferred on goexit"), shared);
    }

    @Defer
    private static void goroutineBody(List<String> shared) {
        defer(shared::add, "deferred on goexit");
        Go.goexit();
        shared.add("never");
    }

    @Test
    void panicWithAThrowable_throwsItself_otherValues_aPanicCarryingThem() {
        IllegalStateException e = new IllegalStateException();
        assertSame(e, assertThrows(IllegalStateException.class, () -> thrower(e)));
        assertEquals(42, assertInstanceOf(Panic.class, assertThrows(Panic.class, () -> thrower(42))).value());
    }

    @Defer
    private static void thrower(Object v) {
        throw panic(v);
    }
}
