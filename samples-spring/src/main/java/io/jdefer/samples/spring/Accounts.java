package io.jdefer.samples.spring;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL. Every statement runs on the connection of the caller's transaction (JdbcTemplate
 * takes it from Spring's transaction synchronization), or on a pooled connection of its own.
 */
@Repository
public class Accounts {
    /** The accounts the load moves money between; their sum never changes. */
    public static final long FIRST = 1, LAST = 10;
    /** Where the trap endpoints run with their bug left in. */
    public static final long TRAP_FROM = 101, TRAP_TO = 102;

    private final JdbcTemplate jdbc;

    public Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes {@code amount}; the CHECK (balance >= 0) turns an overdraft into a DataIntegrityViolationException. */
    public void debit(long id, long amount) {
        if (jdbc.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id) == 0) {
            throw new NoSuchAccountException(id);
        }
    }

    public void credit(long id, long amount) {
        if (jdbc.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, id) == 0) {
            throw new NoSuchAccountException(id);
        }
    }

    public long insertTransfer(long from, long to, long amount, String memo) {
        Long id = jdbc.queryForObject("SELECT id FROM FINAL TABLE (INSERT INTO transfers (from_id, to_id, amount, memo)"
                + " VALUES (?, ?, ?, ?))", Long.class, from, to, amount, memo);
        return id == null ? 0 : id;
    }

    public long balance(long id) {
        List<Long> b = jdbc.queryForList("SELECT balance FROM accounts WHERE id = ?", Long.class, id);
        if (b.isEmpty()) {
            throw new NoSuchAccountException(id);
        }
        return b.get(0);
    }

    /** The sum over ids in [first, last]. */
    public long total(long first, long last) {
        Long t = jdbc.queryForObject("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE id BETWEEN ? AND ?",
                Long.class, first, last);
        return t == null ? 0 : t;
    }

    public long transferCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM transfers", Long.class);
        return n == null ? 0 : n;
    }

    /** A 404: the account does not exist. */
    public static final class NoSuchAccountException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoSuchAccountException(long id) {
            super("no account " + id);
        }
    }
}
