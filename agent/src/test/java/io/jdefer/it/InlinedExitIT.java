package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.ActionWith;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import io.jdefer.internal.GoroutineState;
import io.jdefer.internal.StateProbe;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Record-tier frames that run their own records at a normal exit (docs/architecture.md, "Inlined
 * exits"): a constant action whose method the agent knows is called by the frame directly, every
 * other record by the runtime, and the two kinds keep one LIFO order. Every frame defers in a
 * loop, so it keeps records in every configuration. {@code QuietExitPlanIT} checks which sites
 * are inlined; {@code QuietExitIT} covers each return type.
 */
class InlinedExitIT {
    static final RuntimeException BOOM = new IllegalStateException("boom");
    static final List<String> LOG = new ArrayList<>();
    static final ActionWith<String> NOTE = InlinedExitIT::note;

    static void note(String what) {
        LOG.add(what);
    }

    static int noteAndCount(String what) {
        LOG.add(what);
        return LOG.size();
    }

    static void boom(String what) {
        LOG.add(what);
        throw BOOM;
    }

    static void noteInt(int i) {
        LOG.add("int " + i);
    }

    static void noteString(String s) {
        LOG.add("string " + s);
    }

    interface Notes {
        static void noteTwice(String s) {
            LOG.add(s);
            LOG.add(s);
        }
    }

    @BeforeEach
    void clear() {
        LOG.clear();
    }

    // ------------------------------------------------------------------ one order for both kinds

    @Defer static int mixed(int n) {
        for (int i = 0; i < n; i++) {
            String k = "#" + i;
            defer(() -> note("captured" + k));          // the runtime runs this one
            defer(InlinedExitIT::note, "ref" + k);
            defer(NOTE, "constant" + k);
            defer(InlinedExitIT::noteAndCount, "count" + k);
            defer(Notes::noteTwice, "twice" + k);
        }
        return n;
    }

    @Test
    void inlinedAndRuntimeRecords_runNewestFirst() {
        assertEquals(2, mixed(2));
        assertEquals(List.of("twice#1", "twice#1", "count#1", "constant#1", "ref#1", "captured#1",
                "twice#0", "twice#0", "count#0", "constant#0", "ref#0", "captured#0"), LOG);
        assertEquals(0, GoroutineState.pendingDefers());
        assertEquals(0, mixed(0));
        assertEquals(List.of(), LOG.subList(12, LOG.size()));
    }

    // ------------------------------------------------------------------ an inlined action panics

    @Defer static int olderRecovers() {
        defer(() -> {
            Object r = recover();
            note("recovered " + (r == BOOM));
        });
        for (int i = 0; i < 2; i++) {
            defer(InlinedExitIT::boom, "boom#" + i);
        }
        return 7;
    }

    @Test
    void aPanicInAnInlinedAction_runsTheRestPanicking_andAnOlderActionRecovers() {
        // A recovered frame returns what its return stored: the actions never touched the slot.
        assertEquals(7, olderRecovers());
        // boom#1 panics; boom#0 runs panicking and replaces it; the recover gets the newest.
        assertEquals(List.of("boom#1", "boom#0", "recovered true"), LOG);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Defer static void lastRecordPanics() {
        for (int i = 0; i < 1; i++) {
            defer(InlinedExitIT::boom, "last");
        }
    }

    @Recover static String callerRecovers() {
        lastRecordPanics();
        return "not reached";
    }

    @Test
    void aPanicInTheLastRecordOfAVoidFrame_leavesTheFrameAsAPanic() {
        assertSame(BOOM, assertThrows(IllegalStateException.class, InlinedExitIT::lastRecordPanics));
        assertNull(callerRecovers(), "an @Recover frame above recovers it; its result stays zero");
        assertEquals(List.of("last", "last"), LOG);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Defer static int pollutedArgument() {
        for (int i = 0; i < 1; i++) {
            ActionWith raw = (ActionWith<String>) InlinedExitIT::noteString;
            defer(raw, 42);
        }
        return 1;
    }

    @Test
    void anArgumentOfTheWrongClass_failsAsTheLambdaWould() {
        assertThrows(ClassCastException.class, InlinedExitIT::pollutedArgument);
        assertEquals(List.of(), LOG);
    }

    @Defer static int unboxes(Integer last) {
        for (int i = 0; i < 2; i++) {
            defer(InlinedExitIT::noteInt, i == 0 ? last : Integer.valueOf(i));
        }
        return 2;
    }

    @Test
    void aPrimitiveParameter_isUnboxedAsTheLambdaWould_aNullFailing() {
        assertEquals(2, unboxes(7));
        assertEquals(List.of("int 1", "int 7"), LOG);
        assertThrows(NullPointerException.class, () -> unboxes(null));
        assertEquals(List.of("int 1", "int 7", "int 1"), LOG);
    }

    // ------------------------------------------------------------------ idle actions

    @Defer static int idleThenPanics(boolean panic) {
        defer(() -> {
            if (recover() != null) {
                note("recovered");
            }
        });
        for (int i = 0; i < 1; i++) {
            defer(InlinedExitIT::note, "ran");
        }
        if (panic) {
            throw BOOM;
        }
        return 3;
    }

    @Test
    void anIdleAction_isSkippedAtANormalExit_andStillRecoversAPanic() {
        assertEquals(3, idleThenPanics(false));
        assertEquals(List.of("ran"), LOG);
        assertEquals(0, idleThenPanics(true));
        assertEquals(List.of("ran", "ran", "recovered"), LOG);
    }

    // ------------------------------------------------------------------ nesting

    @Defer static void inner(String what) {
        for (int i = 0; i < 1; i++) {
            defer(InlinedExitIT::note, "inner " + what);
        }
        note("body " + what);
    }

    @Defer static int outer() {
        for (int i = 0; i < 2; i++) {
            defer(InlinedExitIT::inner, "#" + i);
        }
        return GoroutineState.pendingDefers();
    }

    @Test
    void anActionWithAFrameOfItsOwn_runsItsOwnRecordsBeforeTheNextOne() {
        assertEquals(2, outer());
        assertEquals(List.of("body #1", "inner #1", "body #0", "inner #0"), LOG);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    // ------------------------------------------------------------------ nothing kept alive

    static final class Big {
        final byte[] data = new byte[1 << 20];

        static void close(Big b) {
            LOG.add("closed " + b.data.length);
        }
    }

    @Defer static WeakReference<Big> defersABigArgument() {
        WeakReference<Big> ref = null;
        for (int i = 0; i < 1; i++) {
            Big b = new Big();
            ref = new WeakReference<>(b);
            defer(Big::close, b);
        }
        return ref;
    }

    @Test
    void aRecordRunByTheFrame_releasesItsArgument() throws InterruptedException {
        // On its own goroutine state: the test thread's would be shared with other tests' records.
        WeakReference<Big>[] ref = new WeakReference[1];
        Thread t = Thread.ofPlatform().start(() -> {
            ref[0] = defersABigArgument();
            for (int i = 0; i < 50 && ref[0].get() != null; i++) {
                System.gc();
            }
            LOG.add(ref[0].get() == null ? "released" : "still held");
        });
        t.join();
        assertEquals(List.of("closed 1048576", "released"), LOG);
    }

    // ------------------------------------------------------------------ the end of the exit

    @Defer static void panicsOut() {
        for (int i = 0; i < 1; i++) {
            defer(InlinedExitIT::note, "ran");
        }
        throw BOOM;
    }

    /** The panic escapes a frame, Java code catches it, then an inlined exit ends normally. */
    static List<Boolean> escapeCatchThenInlinedExit() {
        List<Boolean> seen = new ArrayList<>();
        try {
            panicsOut();
        } catch (IllegalStateException e) {
            seen.add(StateProbe.escaped());
            seen.add(StateProbe.panicking());
        }
        manyRecords(1);                                 // every record run by the frame itself
        seen.add(StateProbe.escaped());
        seen.add(StateProbe.panicking());
        return seen;
    }

    @Test
    void aNormalEndOfAnInlinedExit_endsAPanicThatJavaCodeStopped() throws InterruptedException {
        // a goroutine started with Go.go counts its panics (a crash report depends on it)
        List<List<Boolean>> seen = new ArrayList<>();
        Thread t = io.jdefer.Go.go(() -> seen.add(escapeCatchThenInlinedExit()));
        t.join();
        // a plain thread does not count them: only the escaped panic is left to end
        Thread p = Thread.ofPlatform().start(() -> seen.add(escapeCatchThenInlinedExit()));
        p.join();
        assertEquals(List.of(List.of(true, true, false, false), List.of(true, false, false, false)), seen);
    }

    @Defer static int manyRecords(int n) {
        for (int i = 0; i < n; i++) {
            defer(InlinedExitIT::noteAndCount, "#");
        }
        return n;
    }

    @Test
    void anInlinedExitAfterAGrownRecordArray_givesTheStorageBack() throws InterruptedException {
        int[] capacity = new int[2];
        Thread t = Thread.ofPlatform().start(() -> {
            manyRecords(10_000);
            capacity[0] = GoroutineState.recordCapacity();
            manyRecords(1);
            capacity[1] = GoroutineState.recordCapacity();
        });
        t.join();
        assertEquals(10_001, LOG.size());
        // pooled: shrunk back to a few records; allocated: nothing held
        assertTrue(capacity[0] <= 16 && capacity[1] <= 16, java.util.Arrays.toString(capacity));
    }
}
