package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Record-tier frames whose deferred actions never use the result slot exit without publishing it
 * (docs/architecture.md, "Quiet exits"): the same behaviour as the full exit, for void, every
 * primitive, a reference and an array. Each frame defers in a loop, so it keeps records in every
 * configuration, open-coding on included. {@code QuietExitPlanIT} checks that the agent does pick
 * the quiet exit for exactly these frames.
 */
class QuietExitIT {
    static final RuntimeException BOOM = new IllegalStateException("boom");
    static final List<String> LOG = new ArrayList<>();

    /** A deferred action whose body the agent reads: it never calls Go.result/setResult. */
    static void note(String what) {
        LOG.add(what);
    }

    static void boom(String what) {
        LOG.add(what);
        throw BOOM;
    }

    @BeforeEach
    void clear() {
        LOG.clear();
    }

    // ------------------------------------------------------------------ a normal exit runs every record, newest first

    @Defer static int quietInt() {
        for (int i = 0; i < 3; i++) {
            defer(QuietExitIT::note, "int#" + i);
        }
        return 42;
    }

    @Defer static void quietVoid() {
        for (int i = 0; i < 2; i++) {
            defer(QuietExitIT::note, "void#" + i);
        }
    }

    @Test
    void quietExit_runsEveryRecordNewestFirst_andReturnsTheResult() {
        assertEquals(42, quietInt());
        quietVoid();
        assertEquals(List.of("int#2", "int#1", "int#0", "void#1", "void#0"), LOG);
    }

    // ------------------------------------------------------------------ an action panics, an older one recovers

    @Defer static void voidRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "void");
        }
    }
    @Defer static boolean boolRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "boolean");
        }
        return true;
    }
    @Defer static byte byteRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "byte");
        }
        return 6;
    }
    @Defer static char charRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "char");
        }
        return 'g';
    }
    @Defer static short shortRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "short");
        }
        return 6;
    }
    @Defer static int intRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "int");
        }
        return 6;
    }
    @Defer static long longRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "long");
        }
        return 6L << 40;
    }
    @Defer static float floatRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "float");
        }
        return 6.5f;
    }
    @Defer static double doubleRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "double");
        }
        return 6.5;
    }
    @Defer static String stringRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "String");
        }
        return "go";
    }
    @Defer static int[] arrayRecovers() {
        defer(() -> { recover(); });
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "int[]");
        }
        return new int[] {6};
    }

    /**
     * Go: a deferred call panics during a normal return and an older one recovers; the function
     * returns its result as {@code return v} left it.
     */
    @Test
    void anActionPanics_anOlderOneRecovers_theFrameReturnsWhatReturnStored() {
        voidRecovers();
        assertEquals(true, boolRecovers());
        assertEquals((byte) 6, byteRecovers());
        assertEquals('g', charRecovers());
        assertEquals((short) 6, shortRecovers());
        assertEquals(6, intRecovers());
        assertEquals(6L << 40, longRecovers());
        assertEquals(6.5f, floatRecovers());
        assertEquals(6.5, doubleRecovers());
        assertEquals("go", stringRecovers());
        assertArrayEquals(new int[] {6}, arrayRecovers());
        assertEquals(List.of("void", "boolean", "byte", "char", "short", "int", "long", "float", "double",
                "String", "int[]"), LOG);
    }

    // ------------------------------------------------------------------ an unrecovered panic leaves, the later records still run

    @Defer static int panicsOut() {
        for (int i = 0; i < 3; i++) {
            if (i == 1) {
                defer(QuietExitIT::boom, "boom#1");
            } else {
                defer(QuietExitIT::note, "note#" + i);
            }
        }
        return 1;
    }

    @Defer static void panicsOutVoid() {
        for (int i = 0; i < 1; i++) {
            defer(QuietExitIT::boom, "void boom");
        }
    }

    static Object recovered;

    @Defer static int callerRecovers() {
        defer(() -> { recovered = recover(); setResult(-1); });
        return panicsOut();
    }

    @Test
    void anUnrecoveredPanic_runsTheOlderRecords_thenLeavesTheFrame_asTheSamePanic() {
        assertSame(BOOM, assertThrows(IllegalStateException.class, QuietExitIT::panicsOut));
        assertEquals(List.of("note#2", "boom#1", "note#0"), LOG);
        assertSame(BOOM, assertThrows(IllegalStateException.class, QuietExitIT::panicsOutVoid));
        recovered = null;
        assertEquals(-1, callerRecovers());
        assertSame(BOOM, recovered, "the caller's deferred recover() stops the panic the quiet exit started");
        assertEquals(0, io.jdefer.internal.GoroutineState.pendingDefers());
    }

    // ------------------------------------------------------------------ a JDK lock: quiet for the JDK class only

    /** A lock whose unlock, an override of the JDK's, sets the result of the frame that deferred it. */
    static final class ResultSettingLock extends java.util.concurrent.locks.ReentrantLock {
        @Override
        public void unlock() {
            super.unlock();
            setResult(42);
        }
    }

    @Defer static int underLockInALoop(java.util.concurrent.locks.ReentrantLock[] locks, int v) {
        for (java.util.concurrent.locks.ReentrantLock l : locks) {
            l.lock();
            defer(java.util.concurrent.locks.ReentrantLock::unlock, l);
        }
        return v;
    }

    @Test
    void aJdkLockUnlock_theExactClassExitsQuietly_aSubclassStillReachesTheSlot() {
        java.util.concurrent.locks.ReentrantLock plain = new java.util.concurrent.locks.ReentrantLock();
        java.util.concurrent.locks.ReentrantLock other = new java.util.concurrent.locks.ReentrantLock();
        assertEquals(4, underLockInALoop(new java.util.concurrent.locks.ReentrantLock[] {plain, other}, 4));
        assertEquals(false, plain.isLocked() || other.isLocked());
        ResultSettingLock overriding = new ResultSettingLock();
        assertEquals(42, underLockInALoop(new java.util.concurrent.locks.ReentrantLock[] {plain, overriding}, 4),
                "an override of unlock may set the result: the exit publishes it");
        assertEquals(false, plain.isLocked() || overriding.isLocked());
        assertEquals(4, underLockInALoop(new java.util.concurrent.locks.ReentrantLock[] {plain}, 4));
        assertEquals(4, underLockInALoop(new java.util.concurrent.locks.ReentrantLock[0], 4));
    }

    // ------------------------------------------------------------------ the enclosing exit's slot is left alone

    @Defer static long quietInner() {
        for (int i = 0; i < 2; i++) {
            defer(QuietExitIT::note, "inner#" + i);
        }
        return 7L;
    }

    @Defer static int outerReadsItsSlotAfterAQuietExit() {
        defer(() -> {
            long inner = quietInner();
            setResult(Go.<Integer>result() + (int) inner - 6);
        });
        return 41;
    }

    @Test
    void aQuietExitInsideAnotherExit_leavesThatExitsResultSlotAlone() {
        assertEquals(42, outerReadsItsSlotAfterAQuietExit());
        assertEquals(List.of("inner#1", "inner#0"), LOG);
    }
}
