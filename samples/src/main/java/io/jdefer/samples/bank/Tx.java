package io.jdefer.samples.bank;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database transaction on a pooled connection, for the Go idiom
 * <pre>{@code
 * Tx tx = Tx.begin(c);
 * defer(Tx::rollbackUnlessCommitted, tx);    // Go: defer tx.Rollback()
 * ...
 * tx.commit();
 * }</pre>
 */
public final class Tx {
    static final AtomicLong COMMITS = new AtomicLong();
    static final AtomicLong ROLLBACKS = new AtomicLong();

    private final Connection c;
    private boolean done;

    private Tx(Connection c) {
        this.c = c;
    }

    public static Tx begin(Connection c) {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new DbException(e);
        }
        return new Tx(c);
    }

    public void commit() {
        try {
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw new DbException(e);
        }
        done = true;
        COMMITS.incrementAndGet();
    }

    /** Rolls back, unless {@link #commit()} succeeded; a no-op then. */
    public void rollbackUnlessCommitted() {
        if (done) {
            return;
        }
        done = true;
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw new DbException(e);
        }
        ROLLBACKS.incrementAndGet();
    }
}
