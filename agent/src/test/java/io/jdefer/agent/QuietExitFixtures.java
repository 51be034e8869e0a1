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
}
