package io.jdefer.samples.bank;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded H2 database (in memory, created on start) and the SQL of the bank. Every method
 * here is plain JDBC with no cleanup of its own: the callers own connections and transactions.
 */
public final class Database {
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** Owners of the seeded accounts 1..10; account 3 starts poor, for the conflict demo. */
    static final String[] OWNERS = {"ada", "brian", "carol", "dennis", "edsger", "frances", "grace", "ken", "rob", "barbara"};

    private Database() {
    }

    /** A fresh, empty in-memory database URL (kept alive until the JVM exits). */
    public static String newUrl(String name) {
        return "jdbc:h2:mem:" + name + "-" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=2000";
    }

    /** Creates the schema and seeds accounts 1..10; returns the total balance. */
    public static long create(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(64) NOT NULL,"
                    + " balance BIGINT NOT NULL, CONSTRAINT balance_not_negative CHECK (balance >= 0))");
            s.execute("CREATE TABLE transfers (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " from_id BIGINT NOT NULL REFERENCES accounts(id), to_id BIGINT NOT NULL REFERENCES accounts(id),"
                    + " amount BIGINT NOT NULL, memo VARCHAR(200) NOT NULL)");
            long total = 0;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?)")) {
                for (int i = 0; i < OWNERS.length; i++) {
                    long balance = i == 2 ? 100 : 1000;
                    p.setLong(1, i + 1);
                    p.setString(2, OWNERS[i]);
                    p.setLong(3, balance);
                    p.executeUpdate();
                    total += balance;
                }
            }
            return total;
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    static void debit(Connection c, long id, long amount) {
        if (update(c, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, id) == 0) {
            throw Failure.notFound("no account " + id);
        }
    }

    static void credit(Connection c, long id, long amount) {
        if (update(c, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, id) == 0) {
            throw Failure.notFound("no account " + id);
        }
    }

    static long insertTransfer(Connection c, long from, long to, long amount, String memo) {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO transfers (from_id, to_id, amount, memo) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, from);
            p.setLong(2, to);
            p.setLong(3, amount);
            p.setString(4, memo);
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    static Map<String, Object> selectAccount(Connection c, long id) {
        try (PreparedStatement p = c.prepareStatement("SELECT id, owner, balance FROM accounts WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw Failure.notFound("no account " + id);
                }
                return Json.obj("id", r.getLong(1), "owner", r.getString(2), "balance", r.getLong(3));
            }
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    static List<Map<String, Object>> selectAccounts(Connection c) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, owner, balance FROM accounts ORDER BY id")) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (r.next()) {
                out.add(Json.obj("id", r.getLong(1), "owner", r.getString(2), "balance", r.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    private static int update(Connection c, String sql, long a, long b) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, a);
            p.setLong(2, b);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    /** What the database itself says, on a connection of its own (not from the pool). */
    public record DbView(long totalBalance, long transfers, int sessions, int sessionsWithUncommittedWork, int tableLocks) {
    }

    public static DbView inspect(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            return new DbView(
                    one(s, "SELECT COALESCE(SUM(balance), 0) FROM accounts"),
                    one(s, "SELECT COUNT(*) FROM transfers"),
                    (int) one(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS") - 1,
                    (int) one(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED"),
                    (int) one(s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.LOCKS WHERE SESSION_ID <> SESSION_ID()"));
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
