package io.jdefer.agent;

import static io.jdefer.Go.defer;

import io.jdefer.Action;
import io.jdefer.ActionWith;
import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frame methods for {@link OpenCodedRewriteIT}: each name says whether Go would open-code it. The
 * test reads this class's original bytes and rewrites them itself.
 */
public final class OpenCodedFixtures {
    public static final List<Object> LOG = new ArrayList<>();

    private OpenCodedFixtures() {
    }

    static void note(Object o) {
        LOG.add(o);
    }

    /** A class whose method a method reference may reach through an override. */
    public static class Closer {
        public void close() {
            LOG.add("closed");
        }
    }

    // ------------------------------------------------------------------ open-coded

    @Defer
    public static void openOneLambda() {
        defer(() -> LOG.add("a"));
        LOG.add("body");
    }

    @Defer
    public static int openWithArg(String s) {
        defer(OpenCodedFixtures::note, s);
        return 1;
    }

    @Defer
    public static long openViaLocal() {
        Action a = () -> LOG.add("local");
        defer(a);
        return 2L;
    }

    @Defer
    public static int openEight() {
        defer(() -> LOG.add(0));
        defer(() -> LOG.add(1));
        defer(OpenCodedFixtures::note, 2);
        defer(() -> LOG.add(3));
        defer(OpenCodedFixtures::note, 4);
        defer(() -> LOG.add(5));
        defer(() -> LOG.add(6));
        defer(OpenCodedFixtures::note, 7);
        return 8;
    }

    @Defer
    public static void openVoidUnknownAction(Action a) {
        defer(a);
    }

    @Defer
    public static double openBranches(boolean early) {
        defer(() -> LOG.add("first"));
        if (early) {
            return 1.5;
        }
        defer(() -> LOG.add("second"));
        return 2.5;
    }

    @Recover
    public static int openRecoverNoDefers() {
        throw new IllegalStateException("recovered");
    }

    @Defer
    public static void openDeferRecover() {
        defer(Go::recover);
    }

    @Defer
    public static Object openNil() {
        defer((Action) null);
        return "x";
    }

    static final ActionWith<Object> NOTE = OpenCodedFixtures::note;
    static final Action SETS_RESULT = () -> Go.setResult(1);

    @Defer
    public static int openStaticFinal() {
        defer(NOTE, "static final");
        return 3;
    }

    // ------------------------------------------------------------------ records

    @Defer
    public static int publishesStaticFinalCallsSetResult() {
        defer(SETS_RESULT);
        return 3;
    }

    @Defer
    public static void recordsDeferHandle() {
        defer(Go::defer, (Action) () -> LOG.add("deferred by a deferred Go.defer"));
    }

    @Defer
    public static void recordsInLoop(int n) {
        for (int i = 0; i < n; i++) {
            defer(() -> LOG.add("loop"));
        }
    }

    @Defer
    public static void openNine() {
        defer(() -> LOG.add(0));
        defer(OpenCodedFixtures::note, 1);
        defer(() -> LOG.add(2));
        defer(() -> LOG.add(3));
        defer(OpenCodedFixtures::note, 4);
        defer(() -> LOG.add(5));
        defer(() -> LOG.add(6));
        defer(OpenCodedFixtures::note, 7);
        defer(() -> LOG.add(8));
    }

    /** Every bit of the long mask. */
    @Defer
    public static int openSixtyFour() {
        defer(() -> LOG.add(0));
        defer(OpenCodedFixtures::note, 1);
        defer(() -> LOG.add(2));
        defer(() -> LOG.add(3));
        defer(OpenCodedFixtures::note, 4);
        defer(() -> LOG.add(5));
        defer(() -> LOG.add(6));
        defer(OpenCodedFixtures::note, 7);
        defer(() -> LOG.add(8));
        defer(() -> LOG.add(9));
        defer(OpenCodedFixtures::note, 10);
        defer(() -> LOG.add(11));
        defer(() -> LOG.add(12));
        defer(OpenCodedFixtures::note, 13);
        defer(() -> LOG.add(14));
        defer(() -> LOG.add(15));
        defer(OpenCodedFixtures::note, 16);
        defer(() -> LOG.add(17));
        defer(() -> LOG.add(18));
        defer(OpenCodedFixtures::note, 19);
        defer(() -> LOG.add(20));
        defer(() -> LOG.add(21));
        defer(OpenCodedFixtures::note, 22);
        defer(() -> LOG.add(23));
        defer(() -> LOG.add(24));
        defer(OpenCodedFixtures::note, 25);
        defer(() -> LOG.add(26));
        defer(() -> LOG.add(27));
        defer(OpenCodedFixtures::note, 28);
        defer(() -> LOG.add(29));
        defer(() -> LOG.add(30));
        defer(OpenCodedFixtures::note, 31);
        defer(() -> LOG.add(32));
        defer(() -> LOG.add(33));
        defer(OpenCodedFixtures::note, 34);
        defer(() -> LOG.add(35));
        defer(() -> LOG.add(36));
        defer(OpenCodedFixtures::note, 37);
        defer(() -> LOG.add(38));
        defer(() -> LOG.add(39));
        defer(OpenCodedFixtures::note, 40);
        defer(() -> LOG.add(41));
        defer(() -> LOG.add(42));
        defer(OpenCodedFixtures::note, 43);
        defer(() -> LOG.add(44));
        defer(() -> LOG.add(45));
        defer(OpenCodedFixtures::note, 46);
        defer(() -> LOG.add(47));
        defer(() -> LOG.add(48));
        defer(OpenCodedFixtures::note, 49);
        defer(() -> LOG.add(50));
        defer(() -> LOG.add(51));
        defer(OpenCodedFixtures::note, 52);
        defer(() -> LOG.add(53));
        defer(() -> LOG.add(54));
        defer(OpenCodedFixtures::note, 55);
        defer(() -> LOG.add(56));
        defer(() -> LOG.add(57));
        defer(OpenCodedFixtures::note, 58);
        defer(() -> LOG.add(59));
        defer(() -> LOG.add(60));
        defer(OpenCodedFixtures::note, 61);
        defer(() -> LOG.add(62));
        defer(() -> LOG.add(63));
        return 64;
    }

    @Defer
    public static void recordsSixtyFive() {
        defer(() -> LOG.add(0));
        defer(OpenCodedFixtures::note, 1);
        defer(() -> LOG.add(2));
        defer(() -> LOG.add(3));
        defer(OpenCodedFixtures::note, 4);
        defer(() -> LOG.add(5));
        defer(() -> LOG.add(6));
        defer(OpenCodedFixtures::note, 7);
        defer(() -> LOG.add(8));
        defer(() -> LOG.add(9));
        defer(OpenCodedFixtures::note, 10);
        defer(() -> LOG.add(11));
        defer(() -> LOG.add(12));
        defer(OpenCodedFixtures::note, 13);
        defer(() -> LOG.add(14));
        defer(() -> LOG.add(15));
        defer(OpenCodedFixtures::note, 16);
        defer(() -> LOG.add(17));
        defer(() -> LOG.add(18));
        defer(OpenCodedFixtures::note, 19);
        defer(() -> LOG.add(20));
        defer(() -> LOG.add(21));
        defer(OpenCodedFixtures::note, 22);
        defer(() -> LOG.add(23));
        defer(() -> LOG.add(24));
        defer(OpenCodedFixtures::note, 25);
        defer(() -> LOG.add(26));
        defer(() -> LOG.add(27));
        defer(OpenCodedFixtures::note, 28);
        defer(() -> LOG.add(29));
        defer(() -> LOG.add(30));
        defer(OpenCodedFixtures::note, 31);
        defer(() -> LOG.add(32));
        defer(() -> LOG.add(33));
        defer(OpenCodedFixtures::note, 34);
        defer(() -> LOG.add(35));
        defer(() -> LOG.add(36));
        defer(OpenCodedFixtures::note, 37);
        defer(() -> LOG.add(38));
        defer(() -> LOG.add(39));
        defer(OpenCodedFixtures::note, 40);
        defer(() -> LOG.add(41));
        defer(() -> LOG.add(42));
        defer(OpenCodedFixtures::note, 43);
        defer(() -> LOG.add(44));
        defer(() -> LOG.add(45));
        defer(OpenCodedFixtures::note, 46);
        defer(() -> LOG.add(47));
        defer(() -> LOG.add(48));
        defer(OpenCodedFixtures::note, 49);
        defer(() -> LOG.add(50));
        defer(() -> LOG.add(51));
        defer(OpenCodedFixtures::note, 52);
        defer(() -> LOG.add(53));
        defer(() -> LOG.add(54));
        defer(OpenCodedFixtures::note, 55);
        defer(() -> LOG.add(56));
        defer(() -> LOG.add(57));
        defer(OpenCodedFixtures::note, 58);
        defer(() -> LOG.add(59));
        defer(() -> LOG.add(60));
        defer(OpenCodedFixtures::note, 61);
        defer(() -> LOG.add(62));
        defer(() -> LOG.add(63));
        defer(OpenCodedFixtures::note, 64);
    }

    @Defer
    public static int publishesSetResultHandle() {
        defer(Go::setResult, 42);
        return 1;
    }

    @Defer
    public static void publishesResultHandleInVoid() {
        defer(Go::result);
    }

    @Defer
    public static int publishesUnknownAction(Action a) {
        defer(a);
        return 1;
    }

    @Defer
    public static int publishesOverridable(Closer c) {
        defer(c::close);
        return 1;
    }

    @Defer
    public static int publishesLambdaCallsSetResult() {
        defer(() -> Go.setResult(7));
        return 1;
    }

    @Defer
    public static void publishesVoidLambdaCallsResult() {
        defer(() -> LOG.add(Go.result()));
    }

    // ------------------------------------------------------------------ idle at a normal exit

    @Defer
    public static int idleRecoverToResult() {
        defer(() -> {
            if (Go.recover() != null) {
                Go.setResult(-1);
            }
        });
        return 1;
    }

    @Defer
    public static String idleRecoverThrowableTypeTest() {
        defer(() -> {
            if (Go.recoverThrowable() instanceof IllegalStateException e) {
                LOG.add(e);
                Go.setResult("recovered");
            }
        });
        return "normal";
    }

    @Defer
    public static int publishesRecoverAfterAnEffect() {
        defer(() -> {
            LOG.add("ran");
            if (Go.recover() != null) {
                Go.setResult(-1);
            }
        });
        return 2;
    }

    // ------------------------------------------------------------------ JDK locks

    @Defer
    public static int guardedReentrantUnlock(ReentrantLock l) {
        l.lock();
        defer(ReentrantLock::unlock, l);
        return 3;
    }

    @Defer
    public static int guardedLockUnlock(Lock l) {
        l.lock();
        defer(Lock::unlock, l);
        return 4;
    }

    @Defer
    public static int publishesBoundUnlock(ReentrantLock l) {
        l.lock();
        defer(l::unlock);
        return 5;
    }

    @Defer
    public static int guardedAndUnknown(ReentrantLock l, Action a) {
        l.lock();
        defer(ReentrantLock::unlock, l);
        defer(a);
        return 6;
    }
}
