package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recoverThrowable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code setResult} that fails in a deferred action of a panicking frame replaces the panic
 * (rule 10) but carries it as its cause and says so (rule 18). Without the agent the failing case
 * is a {@code Go.run} frame, which has no result; the wrong-type cases need rewritten methods
 * (agent module, PanicOriginIT).
 */
class PanicReplacedBySetResultTest {
    private final List<Throwable> seen = new ArrayList<>();

    @Test
    void setResultInAVoidFrame_whilePanicking_carriesThePanic_andSaysItReplacedIt() {
        Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            defer(() -> Go.setResult(200));
            throw panic("db down");
        });
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.get(0));
        Panic original = assertInstanceOf(Panic.class, e.getCause());
        assertEquals("db down", original.value());
        assertTrue(e.getMessage().contains("which returns void"), e.getMessage());
        assertTrue(e.getMessage().contains("panicking with io.jdefer.Panic: db down"), e.getMessage());
        assertTrue(e.getMessage().contains("replaces that panic"), e.getMessage());
        assertEquals(0, e.getSuppressed().length, "carried once, as the cause");
    }

    @Test
    void escaping_theReplacementReachesTheCaller_withTheOriginalAsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.run(() -> {
            defer(() -> Go.setResult("reply"));
            throw boom;
        }));
        assertSame(boom, e.getCause());
        assertEquals(0, e.getSuppressed().length);
    }

    @Test
    void notPanicking_theFailureHasNoCause_andNoPanicToName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Go.run(() -> defer(() -> Go.setResult(1))));
        assertNull(e.getCause());
        assertTrue(!e.getMessage().contains("panicking"), e.getMessage());
    }

    @Test
    void afterTheFrameRecovered_aLaterFailureDoesNotNameTheRecoveredPanic() {
        Go.run(() -> {
            defer(() -> seen.add(recoverThrowable()));
            defer(() -> Go.setResult(1));
            defer(() -> recoverThrowable());
            throw panic("handled");
        });
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.get(0));
        assertNull(e.getCause());
    }
}
