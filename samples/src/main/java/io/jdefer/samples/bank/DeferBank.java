package io.jdefer.samples.bank;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;

import com.sun.net.httpserver.HttpExchange;
import io.jdefer.Group;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bank written the Go way: every handler is a {@code @Recover} frame, every transaction a
 * {@code @Defer} frame, and each cleanup is registered with {@code defer} on the line after the
 * thing it cleans up. Compare {@link FinallyBank}, the same service with try/finally.
 */
final class DeferBank extends BankService {

    DeferBank(PanicLog log, int poolSize) {
        super("defer", log, poolSize);
    }

    /**
     * The HTTP handler, on its own virtual thread. {@code @Recover} makes it the last line of
     * defence: whatever panics below (bad input, a constraint violation, a bug), the panic stops
     * here and the server keeps serving. {@link #replyToPanic} turns it into a JSON error first.
     */
    @Recover
    @Override
    public void handle(HttpExchange ex) throws IOException {
        defer(HttpExchange::close, ex);
        defer(this::replyToPanic, ex);
        Reply r = route(ex);
        send(ex, r.status(), r.body());
    }

    /** A deferred action: {@code recover()} here is called directly by it, so it stops the panic. */
    private void replyToPanic(HttpExchange ex) throws IOException {
        Object p = recover();
        if (p != null) {
            replyToFailure(ex, p);
        }
    }

    @Override
    @Defer
    protected Map<String, Object> transfer(TransferRequest r) {
        ReentrantLock first = locks.lock(Math.min(r.from(), r.to()));   // always in id order: no deadlock
        defer(Lock::unlock, first);
        ReentrantLock second = locks.lock(Math.max(r.from(), r.to()));
        defer(Lock::unlock, second);
        Connection c = pool.acquire();
        defer(pool::release, c);
        return inTransaction(c, r);
    }

    /** One database transaction: rolled back by the deferred action unless it committed. */
    @Defer
    private Map<String, Object> inTransaction(Connection c, TransferRequest r) {
        Tx tx = Tx.begin(c);
        defer(Tx::rollbackUnlessCommitted, tx);
        Database.debit(c, r.from(), r.amount());     // CHECK balance >= 0: a 409 if it would go negative
        Database.credit(c, r.to(), r.amount());      // unknown account: a 404, after the debit
        long id = Database.insertTransfer(c, r.from(), r.to(), r.amount(), AuditTrail.memo(r));
        tx.commit();
        return transferred(id, r);
    }

    @Override
    @Defer
    protected Map<String, Object> loadAccount(long id) {
        Connection c = pool.acquire();
        defer(pool::release, c);
        return Database.selectAccount(c, id);
    }

    @Override
    @Defer
    protected List<Map<String, Object>> loadAccounts() {
        Connection c = pool.acquire();
        defer(pool::release, c);
        return Database.selectAccounts(c);
    }

    /** Fan-out: a member's panic (an unknown id: 404) comes back through {@code await()}. */
    @Override
    protected Map<String, Object> report(List<Long> ids) {
        Map<Long, Map<String, Object>> found = new ConcurrentHashMap<>();
        Group g = new Group();
        for (long id : ids) {
            g.go(() -> found.put(id, loadAccount(id)));
        }
        try {
            g.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw panic(e);
        }
        long total = 0;
        List<Map<String, Object>> accounts = ids.stream().map(found::get).toList();
        for (Map<String, Object> a : accounts) {
            total += (Long) a.get("balance");
        }
        return Json.obj("accounts", accounts, "total", total);
    }

    /**
     * WRONG on purpose (Sample 10 in a server): the deferred unlocks and connection returns run
     * when the whole batch ends, not after each item. A batch of n holds up to 2n account locks
     * and n pool connections until it finishes.
     */
    @Override
    @Defer
    protected List<Map<String, Object>> batchDeferInLoop(List<TransferRequest> rs) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (TransferRequest r : rs) {
            r.validate();
            ReentrantLock first = locks.lock(Math.min(r.from(), r.to()));
            defer(Lock::unlock, first);
            ReentrantLock second = locks.lock(Math.max(r.from(), r.to()));
            defer(Lock::unlock, second);
            Connection c = pool.acquire();
            defer(pool::release, c);
            out.add(inTransaction(c, r));
        }
        return out;
    }
}
