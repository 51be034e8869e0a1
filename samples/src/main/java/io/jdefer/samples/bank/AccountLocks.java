package io.jdefer.samples.bank;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per account, taken with a timeout: a transfer that cannot get its accounts in time is
 * a 409 conflict ("account busy"), never a deadlock. Callers release with
 * {@code defer(Lock::unlock, lock)}. {@link #held()} must be 0 when the server is idle.
 */
public final class AccountLocks {
    private final ConcurrentHashMap<Long, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final long waitMillis;

    public AccountLocks(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /** Locks account {@code id} and returns its lock, or fails with a 409. */
    public ReentrantLock lock(long id) {
        ReentrantLock l = locks.computeIfAbsent(id, k -> new ReentrantLock());
        try {
            if (l.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                return l;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw Failure.conflict("account " + id + " is busy (lock not free within " + waitMillis + " ms)");
    }

    /** How many account locks are held right now, by anyone. */
    public int held() {
        int n = 0;
        for (ReentrantLock l : locks.values()) {
            if (l.isLocked()) {
                n++;
            }
        }
        return n;
    }
}
