package io.jdefer.samples.bank;

import java.sql.SQLException;

/** An unchecked {@link SQLException}, as jOOQ or Spring would hand it out; keeps the SQL state. */
public final class DbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DbException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }

    /** H2: 23513 = CHECK constraint violated (here: a balance would go negative). */
    public boolean isCheckViolation() {
        return "23513".equals(sqlState());
    }
}
