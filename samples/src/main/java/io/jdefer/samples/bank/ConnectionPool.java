package io.jdefer.samples.bank;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small fixed pool of JDBC connections (autocommit on while idle). Counts what is borrowed so
 * that leaks show: after a run {@link #inUse()} must be 0, and a connection returned in the
 * middle of a transaction is counted in {@link #returnedInTransaction()} (and rolled back).
 */
public final class ConnectionPool implements AutoCloseable {
    private final List<Connection> all = new ArrayList<>();
    private final BlockingQueue<Connection> idle;
    private final Set<Connection> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final long waitMillis;
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong returnedInTransaction = new AtomicLong();
    private final AtomicLong exhausted = new AtomicLong();

    public ConnectionPool(String url, int size, long waitMillis) {
        this.idle = new ArrayBlockingQueue<>(size);
        this.waitMillis = waitMillis;
        try {
            for (int i = 0; i < size; i++) {
                Connection c = DriverManager.getConnection(url, "sa", "");
                c.setAutoCommit(true);
                all.add(c);
                idle.add(c);
            }
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    /**
     * Borrows a connection, waiting a little if all are in use.
     *
     * @throws Failure 503 if none came free in time
     */
    public Connection acquire() {
        Connection c;
        try {
            c = idle.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.unavailable("interrupted while waiting for a database connection");
        }
        if (c == null) {
            exhausted.incrementAndGet();
            throw Failure.unavailable("no database connection free within " + waitMillis + " ms (pool of " + all.size() + ")");
        }
        int n;
        synchronized (borrowed) {
            borrowed.add(c);
            n = borrowed.size();
        }
        peak.accumulateAndGet(n, Math::max);
        return c;
    }

    /** Returns a borrowed connection; a second return of the same one fails loudly. */
    public void release(Connection c) {
        synchronized (borrowed) {
            if (!borrowed.remove(c)) {
                throw new IllegalStateException("connection returned twice, or not from this pool: " + c);
            }
        }
        try {
            if (!c.getAutoCommit()) {
                returnedInTransaction.incrementAndGet();
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DbException(e);
        } finally {
            idle.add(c);
        }
    }

    public int size() {
        return all.size();
    }

    public int inUse() {
        synchronized (borrowed) {
            return borrowed.size();
        }
    }

    public int peakInUse() {
        return peak.get();
    }

    public void resetPeak() {
        peak.set(inUse());
    }

    public long returnedInTransaction() {
        return returnedInTransaction.get();
    }

    public long exhausted() {
        return exhausted.get();
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
