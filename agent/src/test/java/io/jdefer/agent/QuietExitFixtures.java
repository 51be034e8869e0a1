package io.jdefer.agent;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;

import io.jdefer.Action;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.concurrent.locks.ReentrantLock;

/** Record-tier frames for {@link QuietExitPlanIT}: which normal exits may leave the result slot alone. */
final class QuietExitFixtures {
    private QuietExitFixtures() {
    }

    static int closed;

    static void close(String what) {
        closed += what.length();
    }

    /** An overridable target: a subclass may call Go.setResult. */
    static class Res {
        void close() {
        }
    }

    // ---------------------------------------------------------------- quiet

    @Defer static int staticMethodRefInALoop(String[] names) {
        for (String n : names) {
            defer(QuietExitFixtures::close, n);
        }
        return names.length;
    }

    @Defer static void idleRecoverAndALoop(String[] names) {
        defer(() -> {
            if (recover() != null) {
                return;
            }
        });
        for (String n : names) {
            defer(QuietExitFixtures::close, n);
        }
    }

    @Recover static long recoverNoSites() {
        return 1L;
    }

    @Defer static String nilAction() {
        defer((Action) null);
        return "x";
    }

    // ---------------------------------------------------------------- full exit

    @Defer static int touchesTheSlot(String[] names) {
        for (String n : names) {
            defer(() -> setResult(n.length()));
        }
        return 0;
    }

    @Defer static int unknownAction(Action a) {
        defer(a);
        return 0;
    }

    @Defer static int overridableTarget(Res r) {
        defer(Res::close, r);
        return 0;
    }

    // ---------------------------------------------------------------- quiet, the receiver checked at the defer

    @Defer static int jdkLock(ReentrantLock lock) {
        lock.lock();
        defer(ReentrantLock::unlock, lock);
        return 0;
    }

    @Defer static int jdkInterfaceLock(java.util.concurrent.locks.Lock lock) {
        lock.lock();
        defer(java.util.concurrent.locks.Lock::unlock, lock);
        return 0;
    }

    // ---------------------------------------------------------------- full exit: the receiver is captured, not checkable

    @Defer static int capturedLock(ReentrantLock lock) {
        lock.lock();
        defer(lock::unlock);
        return 0;
    }

    // ---------------------------------------------------------------- quiet, and which sites the exit runs itself

    static final io.jdefer.ActionWith<String> CLOSE = QuietExitFixtures::close;

    static int length(String s) {
        return s.length();
    }

    static long longLength(String s) {
        return s.length();
    }

    static void intArg(int i) {
        closed += i;
    }

    static void longArg(long l) {
        closed += (int) l;
    }

    /** A frame of its own (it defers), so not called by an inlined exit: it uses the runtime. */
    static void defersInside(String s) {
        defer(QuietExitFixtures::close, s);
    }

    public interface Helper {
        static void stat(String s) {
            closed += s.length();
        }
    }

    static final class Other {
        private static void hidden(String s) {
            closed += s.length();
        }

        static void call(String[] names) {
            hiddenInALoop(names);
        }

        @Defer private static int hiddenInALoop(String[] names) {
            for (String n : names) {
                defer(Other::hidden, n);
            }
            return 0;
        }
    }

    @Defer static int mixedInALoop(String[] names) {
        for (String n : names) {
            defer(() -> close(n));                          // captures: the runtime runs it
            defer(QuietExitFixtures::length, n);            // returns an int the exit drops
            defer(QuietExitFixtures::longLength, n);        // a long
            defer(CLOSE, n);                                // a static final constant
            defer(Helper::stat, n);                         // an interface's static method
            defer(QuietExitFixtures::intArg, n.length());   // unboxed, as the lambda class does
        }
        return 0;
    }

    @Defer static int notInlinedInALoop(String[] names) {
        for (String n : names) {
            io.jdefer.Go.<Integer>defer(QuietExitFixtures::longArg, n.length());   // unboxed and widened
            defer(QuietExitFixtures::defersInside, n);      // uses the runtime
        }
        return 0;
    }
}
