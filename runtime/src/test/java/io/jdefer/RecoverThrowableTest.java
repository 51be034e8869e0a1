package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.recoverThrowable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Go.recoverThrowable()} (docs/semantics.md rule 17): recover's rules, answering with the
 * throwable that carried the panic, so a handler can log where {@code panic("text")} was called.
 * Without the agent, in both record tiers (this module's surefire executions).
 */
class RecoverThrowableTest {
    private final List<Object> seen = new ArrayList<>();

    private static void panicDeepInside() {
        throw panic("text");
    }

    @Test
    void panicOfAValue_returnsThePanic_withTheStackOfThePanicCall() {
        Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            panicDeepInside();
        });
        Panic p = assertInstanceOf(Panic.class, seen.get(0));
        assertEquals("text", p.value());
        StackTraceElement top = Arrays.stream(p.getStackTrace())
                .filter(e -> !e.getClassName().startsWith("io.jdefer.Go")).findFirst().orElseThrow();
        assertEquals(RecoverThrowableTest.class.getName(), top.getClassName());
        assertEquals("panicDeepInside", top.getMethodName());
    }

    @Test
    void thrownThrowable_returnsThatVeryInstance() {
        IOException io = new IOException("disk");
        Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            throw io;
        });
        assertSame(io, seen.get(0));
    }

    @Test
    void panicOfNull_returnsPanicNilError() {
        Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            throw panic(null);
        });
        assertInstanceOf(PanicNilError.class, seen.get(0));
    }

    @Test
    void callResult_afterRecoverThrowable_isTheSlot_andThePanicIsStopped() {
        String r = Go.call(() -> {
            defer(() -> Go.setResult("recovered: " + recoverThrowable().getMessage()));
            throw panic("x");
        });
        assertEquals("recovered: x", r);
    }

    @Test
    void recoversOncePerPanic_likeRecover_inEitherOrder() {
        Go.run(() -> {
            defer(() -> seen.add("recover=" + recover()));
            defer(() -> seen.add("throwable=" + recoverThrowable()));
            throw panic("once");
        });
        assertEquals(List.of("throwable=io.jdefer.Panic: once", "recover=null"), seen);
        seen.clear();
        Go.run(() -> {
            defer(() -> seen.add("throwable=" + recoverThrowable()));
            defer(() -> seen.add("recover=" + recover()));
            throw panic("once");
        });
        assertEquals(List.of("recover=once", "throwable=null"), seen);
    }

    private static Throwable helper() {
        return recoverThrowable();
    }

    @Test
    void notCalledDirectlyByADeferredAction_returnsNull_andThePanicGoesOn() {
        Panic p = assertThrows(Panic.class, () -> Go.run(() -> {
            defer(() -> seen.add(helper()));
            seen.add(recoverThrowable());
            throw panic("on");
        }));
        assertEquals("on", p.value());
        assertEquals(Arrays.asList(null, null), seen);
    }

    @Test
    void notPanicking_returnsNull() {
        assertNull(recoverThrowable());
        Go.run(() -> defer(() -> seen.add(recoverThrowable())));
        assertEquals(Arrays.asList((Object) null), seen);
    }

    @Test
    void duringGoexit_returnsNull_andGoexitContinues() {
        assertThrows(Goexit.class, () -> Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            Go.goexit();
        }));
        assertEquals(Arrays.asList((Object) null), seen);
    }

    @Test
    void virtualMachineError_isNotRecovered() {
        StackOverflowError soe = new StackOverflowError("deep");
        assertSame(soe, assertThrows(StackOverflowError.class, () -> Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            throw soe;
        })));
        assertEquals(Arrays.asList((Object) null), seen);
    }

    @Test
    void deferGoRecoverThrowable_likeDeferRecover_uselessInThePanickingFrame_effectiveInsideADeferredAction() {
        assertThrows(Panic.class, () -> Go.run(() -> {
            defer(Go::recoverThrowable);
            throw panic("not stopped");
        }));
        Go.run(() -> {
            defer(() -> defer(Go::recoverThrowable));
            throw panic("stopped");
        });
    }
}
