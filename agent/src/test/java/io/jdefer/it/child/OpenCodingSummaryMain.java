package io.jdefer.it.child;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Three frame methods: two open-coded (one publishing its result slot only for a lock that is not
 * exactly a ReentrantLock), one keeping records (a defer in a loop) with a quiet exit; with
 * open-coding off, all three keep records and all three exits are quiet.
 */
public final class OpenCodingSummaryMain {
    private OpenCodingSummaryMain() {
    }

    private static final ReentrantLock LOCK = new ReentrantLock();

    @Defer
    static int underLock() {
        LOCK.lock();
        Go.defer(ReentrantLock::unlock, LOCK);
        return 1;
    }

    @Defer
    static void plain() {
        Go.defer(() -> System.out.println("plain deferred"));
    }

    @Defer
    static void inALoop() {
        for (int i = 0; i < 2; i++) {
            Go.defer(() -> System.out.println("loop deferred"));
        }
    }

    public static void main(String[] args) {
        System.out.println("locked " + underLock());
        plain();
        inALoop();
    }
}
