package io.jdefer.samples.bank;

import static io.jdefer.Go.panic;

import com.sun.net.httpserver.HttpExchange;
import io.jdefer.Group;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The same bank as {@link DeferBank}, written with try/catch/finally: the baseline of the load
 * test. Routing, SQL and JSON are shared; only the cleanup structure differs.
 */
final class FinallyBank extends BankService {

    FinallyBank(PanicLog log, int poolSize) {
        super("finally", log, poolSize);
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            Reply r = route(ex);
            send(ex, r.status(), r.body());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            try {
                replyToFailure(ex, t);
            } catch (Throwable ignored) {
                // the client is gone; nothing left to tell it
            }
        } finally {
            ex.close();
        }
    }

    @Override
    protected Map<String, Object> transfer(TransferRequest r) {
        ReentrantLock first = locks.lock(Math.min(r.from(), r.to()));
        try {
            ReentrantLock second = locks.lock(Math.max(r.from(), r.to()));
            try {
                Connection c = pool.acquire();
                try {
                    return inTransaction(c, r);
                } finally {
                    pool.release(c);
                }
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
        }
    }

    private Map<String, Object> inTransaction(Connection c, TransferRequest r) {
        Tx tx = Tx.begin(c);
        try {
            Database.debit(c, r.from(), r.amount());
            Database.credit(c, r.to(), r.amount());
            long id = Database.insertTransfer(c, r.from(), r.to(), r.amount(), AuditTrail.memo(r));
            tx.commit();
            return transferred(id, r);
        } finally {
            tx.rollbackUnlessCommitted();
        }
    }

    @Override
    protected Map<String, Object> loadAccount(long id) {
        Connection c = pool.acquire();
        try {
            return Database.selectAccount(c, id);
        } finally {
            pool.release(c);
        }
    }

    @Override
    protected List<Map<String, Object>> loadAccounts() {
        Connection c = pool.acquire();
        try {
            return Database.selectAccounts(c);
        } finally {
            pool.release(c);
        }
    }

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

    /** try/finally cannot write the defer-in-a-loop mistake; the right batch it is. */
    @Override
    protected List<Map<String, Object>> batchDeferInLoop(List<TransferRequest> rs) {
        return batch(rs);
    }
}
