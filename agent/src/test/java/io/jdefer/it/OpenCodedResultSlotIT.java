package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.result;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deferred actions that read or replace the frame's result ({@code Go.result()}/{@code Go.setResult},
 * Go's named results) at a <em>normal</em> exit, in every tier. Open-coded ({@code
 * -Djdefer.expect.opencoded=true}) such a method keeps its actions in locals — the body sees no
 * pending record — and its exit publishes the result slot for the actions and reads it back; in
 * the record tiers the same methods run through records. The answers must be the same: for void
 * (which has no slot), every primitive, a reference type, the recover-to-result idiom on both paths,
 * {@code defer(ReentrantLock::unlock, lock)} in a non-void method and a method reference whose
 * target a subclass overrides with one that sets the result.
 */
class OpenCodedResultSlotIT {
    private static final boolean OPEN = Boolean.getBoolean("jdefer.expect.opencoded");

    /** Pending records the body saw: 0 when open-coded. */
    private final List<Integer> seen = new ArrayList<>();

    @AfterEach
    void noRecordLeaks() {
        assertEquals(0, GoroutineState.pendingDefers(), "every frame popped its records");
    }

    private void sawBody(int records) {
        seen.add(GoroutineState.pendingDefers());
        assertEquals(OPEN ? 0 : records, seen.get(seen.size() - 1), "records the body sees");
    }

    // ------------------------------------------------------------------ every return type

    @Defer
    private int intDoubled() {
        defer(() -> setResult(Go.<Integer>result() * 2));
        sawBody(1);
        return 21;
    }

    @Defer
    private long longPlusOne() {
        defer(() -> setResult(Go.<Long>result() + 1));
        sawBody(1);
        return Long.MAX_VALUE - 1;
    }

    @Defer
    private boolean booleanNegated() {
        defer(() -> setResult(!Go.<Boolean>result()));
        sawBody(1);
        return true;
    }

    @Defer
    private byte byteNegative() {
        defer(() -> setResult((byte) (Go.<Byte>result() - 100)));
        sawBody(1);
        return (byte) 28;
    }

    @Defer
    private short shortNegative() {
        defer(() -> setResult((short) -Go.<Short>result()));
        sawBody(1);
        return (short) 30000;
    }

    @Defer
    private char charNext() {
        defer(() -> setResult((char) (Go.<Character>result() + 1)));
        sawBody(1);
        return '\uFFFE';
    }

    @Defer
    private float floatHalved() {
        defer(() -> setResult(Go.<Float>result() / 2));
        sawBody(1);
        return -3f;
    }

    @Defer
    private double doubleNegated() {
        defer(() -> setResult(-Go.<Double>result()));
        sawBody(1);
        return 0.25;
    }

    @Defer
    private String stringAppended() {
        defer(() -> setResult(Go.<String>result() + "+second"));
        defer(() -> setResult(Go.<String>result() + "+first"));
        sawBody(2);
        return "body";
    }

    @Defer
    private List<String> referenceReplaced() {
        defer(() -> setResult(List.of("replaced", String.valueOf(Go.<List<String>>result()))));
        sawBody(1);
        return List.of("original");
    }

    @Test
    void anActionAtANormalExit_replacesTheResult_ofEveryType() {
        assertEquals(42, intDoubled());
        assertEquals(Long.MAX_VALUE, longPlusOne());
        assertFalse(booleanNegated());
        assertEquals((byte) -72, byteNegative());
        assertEquals((short) -30000, shortNegative());
        assertEquals('\uFFFF', charNext());
        assertEquals(-1.5f, floatHalved());
        assertEquals(-0.25, doubleNegated());
        assertEquals("body+first+second", stringAppended());
        assertEquals(List.of("replaced", "[original]"), referenceReplaced());
    }

    @Defer
    private int setResultWithTheWrongType() {
        defer(() -> setResult("not an int"));
        sawBody(1);
        return 1;
    }

    @Defer
    private void voidSetsResult() {
        defer(() -> setResult(1));
        sawBody(1);
    }

    @Defer
    private void voidWithAnUnknownAction(io.jdefer.Action a) {
        defer(a);
        sawBody(1);
    }

    @Test
    void anUnknownActionInAVoidMethod_readsNullAsInTheRecordTiers() {
        List<Object> read = new ArrayList<>();
        voidWithAnUnknownAction(() -> read.add(String.valueOf(Go.<Object>result())));
        assertEquals(List.of("null"), read);
    }

    @Test
    void wrongUses_failAsInTheRecordTiers() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, this::setResultWithTheWrongType);
        assertTrue(wrong.getMessage().contains("setResultWithTheWrongType"), wrong.getMessage());
        IllegalStateException noSlot = assertThrows(IllegalStateException.class, this::voidSetsResult);
        assertTrue(noSlot.getMessage().contains("which returns void") && noSlot.getMessage().contains("voidSetsResult"),
                noSlot.getMessage());
    }

    // ------------------------------------------------------------------ the slot of the right frame

    @Defer
    private int inner() {
        defer(() -> setResult(Go.<Integer>result() + 1000));
        return 1;
    }

    @Defer
    private int outerCallsInnerFromItsAction() {
        defer(() -> setResult(Go.<Integer>result() + inner()));
        sawBody(1);
        return 10;
    }

    private static void helperSetsResult() {
        setResult(99);
    }

    @Defer
    private int helperCalledByTheAction() {
        defer(() -> helperSetsResult());
        sawBody(1);
        return 1;
    }

    @Test
    void nestedExits_eachSeeTheirOwnSlot_aHelperSeesNone() {
        assertEquals(1011, outerCallsInnerFromItsAction());
        IllegalStateException e = assertThrows(IllegalStateException.class, this::helperCalledByTheAction);
        assertTrue(e.getMessage().contains("not from a helper method"), e.getMessage());
    }

    // ------------------------------------------------------------------ recover to result

    @Defer
    private int recoverToResult(boolean panic) {
        defer(() -> {
            if (recover() != null) {
                setResult(-1);
            }
        });
        sawBody(1);
        if (panic) {
            throw new IllegalStateException("boom");
        }
        return 7;
    }

    @Test
    void recoverToResult_normalPathKeepsTheResult_panicPathReplacesIt() {
        assertEquals(7, recoverToResult(false));
        assertEquals(-1, recoverToResult(true));
        assertEquals(7, recoverToResult(false));
    }

    @Defer
    private int setsThenThrows() {
        defer(() -> log("ran last, panicking: " + (recover() != null) + ", result " + result()));
        defer(() -> {
            throw new IllegalStateException("after setResult");
        });
        defer(() -> setResult(5));
        sawBody(3);
        return 1;
    }

    private final List<String> log = new ArrayList<>();

    private void log(String s) {
        log.add(s);
    }

    @Test
    void anActionThrowsAfterAnotherSetTheResult_theRecordsContinueWithIt() {
        assertEquals(5, setsThenThrows());
        assertEquals(List.of("ran last, panicking: true, result 5"), log);
    }

    // ------------------------------------------------------------------ method references

    private final ReentrantLock lock = new ReentrantLock();

    @Defer
    private int underLock(int v) {
        lock.lock();
        defer(ReentrantLock::unlock, lock);
        sawBody(1);
        assertTrue(lock.isHeldByCurrentThread());
        return v * 2;
    }

    @Test
    void lockUnlock_inANonVoidMethod() {
        assertEquals(8, underLock(4));
        assertFalse(lock.isLocked());
    }

    /** An overridable method that a subclass overrides. */
    static class Closer {
        void close() {
        }
    }

    /** Its override sets the result of the frame whose exit calls it, as a deferred call may. */
    static final class ResultSettingCloser extends Closer {
        @Override
        void close() {
            setResult("set by the override");
        }
    }

    @Defer
    private String closes(Closer c) {
        defer(c::close);
        sawBody(1);
        return "body";
    }

    @Defer
    private String closesUnbound(Closer c) {
        defer(Closer::close, c);
        sawBody(1);
        return "body";
    }

    @Test
    void methodReferenceToAnOverriddenMethod_theOverrideRunsAndReachesTheSlot() {
        assertEquals("body", closes(new Closer()));
        assertEquals("set by the override", closes(new ResultSettingCloser()));
        assertEquals("body", closesUnbound(new Closer()));
        assertEquals("set by the override", closesUnbound(new ResultSettingCloser()));
    }

    @Defer
    private int setResultHandle() {
        defer(Go::setResult, 42);
        sawBody(1);
        return 1;
    }

    @Test
    void goSetResultItself_deferred() {
        assertEquals(42, setResultHandle());
    }

    // ------------------------------------------------------------------ actions idle at a normal exit

    @Defer
    private int idleThenOlderThrows() {
        defer(() -> {
            throw new IllegalStateException("older");
        });
        defer(() -> {
            if (recover() != null) {
                setResult(-1);
            }
        });
        sawBody(2);
        return 3;
    }

    @Test
    void anIdleActionRanAtTheNormalExit_anOlderActionsPanicDoesNotRunItAgain() {
        // Go: the newer action ran first (recover() nil, nothing happened), then the older one
        // panicked; nothing is left to recover that panic, so it leaves the frame.
        IllegalStateException e = assertThrows(IllegalStateException.class, this::idleThenOlderThrows);
        assertEquals("older", e.getMessage());
    }

    @Defer
    private int recoversNothingAtItsNormalExit() {
        defer(() -> {
            if (recover() != null) {
                setResult(-1);
            }
        });
        return 5;
    }

    @Defer
    private int panicsWhileADeferredCallRunsANormalExit() {
        defer(() -> {
            if (recover() != null) {
                setResult(-9);
            }
        });
        defer(() -> log("inner returned " + recoversNothingAtItsNormalExit()));
        sawBody(2);
        throw new IllegalStateException("outer");
    }

    @Test
    void recoverAtANormalExitInsideAPanicsDeferredCall_answersNull_thePanicGoesOn() {
        // The inner frame's action is not a deferred call the panic started: its recover() is nil,
        // so the inner frame returns 5 and the outer frame's older action recovers the panic.
        assertEquals(-9, panicsWhileADeferredCallRunsANormalExit());
        assertEquals(List.of("inner returned 5"), log);
    }

    @Defer
    private String recoverThrowableToResult(RuntimeException toThrow) {
        defer(() -> {
            if (Go.recoverThrowable() instanceof IllegalStateException e) {
                setResult("recovered " + e.getMessage());
            }
        });
        sawBody(1);
        if (toThrow != null) {
            throw toThrow;
        }
        return "normal";
    }

    @Test
    void recoverThrowableWithATypeTest_bothPaths() {
        assertEquals("normal", recoverThrowableToResult(null));
        assertEquals("recovered boom", recoverThrowableToResult(new IllegalStateException("boom")));
        // recovered, not of the tested type: the result stays the zero value
        assertNull(recoverThrowableToResult(new IllegalArgumentException("other")));
        assertEquals("normal", recoverThrowableToResult(null));
    }

    // ------------------------------------------------------------------ JDK locks, checked at the exit

    /** A lock whose unlock, an override of the JDK's, sets the result of the frame that deferred it. */
    static final class ResultSettingLock extends ReentrantLock {
        @Override
        public void unlock() {
            super.unlock();
            setResult(42);
        }
    }

    @Defer
    private int underLockOf(ReentrantLock l, int v) {
        l.lock();
        defer(ReentrantLock::unlock, l);
        sawBody(1);
        return v;
    }

    @Defer
    private int underInterfaceLock(Lock l, int v) {
        l.lock();
        defer(Lock::unlock, l);
        sawBody(1);
        return v;
    }

    @Defer
    private int unlocksAtExit(ReentrantLock l) {
        defer(ReentrantLock::unlock, l);
        sawBody(1);
        return 1;
    }

    @Test
    void jdkLockUnlock_theExactClassRunsTheJdkCode_aSubclassReachesTheSlot() {
        ReentrantLock plain = new ReentrantLock();
        assertEquals(4, underLockOf(plain, 4));
        assertFalse(plain.isLocked());
        ResultSettingLock overriding = new ResultSettingLock();
        assertEquals(42, underLockOf(overriding, 4));
        assertFalse(overriding.isLocked());
        assertEquals(4, underLockOf(plain, 4));

        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        assertEquals(6, underInterfaceLock(rw.writeLock(), 6));
        assertEquals(7, underInterfaceLock(rw.readLock(), 7));
        assertFalse(rw.isWriteLocked());
        assertEquals(0, rw.getReadLockCount());
        assertEquals(42, underInterfaceLock(new ResultSettingLock(), 8));
    }

    @Test
    void jdkLockUnlock_aNullOrUnheldLock_failsAsInTheRecordTiers() {
        assertThrows(NullPointerException.class, () -> unlocksAtExit(null));
        assertThrows(IllegalMonitorStateException.class, () -> unlocksAtExit(new ReentrantLock()));
    }

    @Defer
    private int deferredLambdaThatDefersSetsTheResult() {
        defer(() -> {
            defer(() -> log("inner cleanup"));
            setResult(5);
        });
        return 1;
    }

    @Test
    void aDeferredActionThatDefersItself_stillSetsItsFramesResult() {
        assertEquals(5, deferredLambdaThatDefersSetsTheResult());
        assertEquals(List.of("inner cleanup"), log);
    }
}
