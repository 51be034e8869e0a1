package io.jdefer.samples.bank;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks after a session or a load run, from the pool, the lock table and the database
 * itself: money is neither created nor lost (every failed transfer was rolled back), no
 * connection or lock is still held, no database session has uncommitted work.
 */
public record Invariants(long expectedTotal, long total, long transfers, int poolSize, int poolInUse,
                         long returnedInTransaction, int locksHeld, int dbSessions, int uncommitted, int tableLocks) {

    /** Reads everything; call it when no request is in flight. */
    public static Invariants check(BankService s) {
        Database.DbView db = Database.inspect(s.dbUrl());
        return new Invariants(s.initialTotal(), db.totalBalance(), db.transfers(), s.pool().size(), s.pool().inUse(),
                s.pool().returnedInTransaction(), s.locks().held(), db.sessions(), db.sessionsWithUncommittedWork(),
                db.tableLocks());
    }

    public List<String> failures() {
        List<String> f = new ArrayList<>();
        if (total != expectedTotal) {
            f.add("balances sum to " + total + ", expected " + expectedTotal);
        }
        if (poolInUse != 0) {
            f.add(poolInUse + " pool connection(s) still borrowed");
        }
        if (returnedInTransaction != 0) {
            f.add(returnedInTransaction + " connection(s) came back to the pool inside a transaction");
        }
        if (locksHeld != 0) {
            f.add(locksHeld + " account lock(s) still held");
        }
        if (dbSessions != poolSize) {
            f.add("the database has " + dbSessions + " session(s) besides the checker, the pool owns " + poolSize);
        }
        if (uncommitted != 0) {
            f.add(uncommitted + " database session(s) with uncommitted work");
        }
        if (tableLocks != 0) {
            f.add(tableLocks + " table lock(s) held in the database");
        }
        return f;
    }

    public boolean ok() {
        return failures().isEmpty();
    }

    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add(mark(total == expectedTotal) + "balances sum to " + total + " (started with " + expectedTotal
                + "): every failed transfer was rolled back");
        l.add(mark(poolInUse == 0 && returnedInTransaction == 0) + "pool: " + poolInUse + " of " + poolSize
                + " connections borrowed, " + returnedInTransaction + " returned inside a transaction");
        l.add(mark(locksHeld == 0) + "account locks held: " + locksHeld);
        l.add(mark(dbSessions == poolSize && uncommitted == 0 && tableLocks == 0) + "database: " + dbSessions
                + " sessions (the pool's " + poolSize + "), " + uncommitted + " with uncommitted work, "
                + tableLocks + " table locks; " + transfers + " transfers committed");
        return l;
    }

    private static String mark(boolean ok) {
        return ok ? "  ok    " : "  FAIL  ";
    }
}
