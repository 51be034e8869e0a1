package io.jdefer.samples.spring;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import jakarta.annotation.PostConstruct;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Transfers, the right way. Spring wraps this bean in a CGLIB proxy (a subclass made at run
 * time) whose {@code @Transactional} advice begins the transaction before the method body and
 * commits or rolls back after it returns or throws; jdefer rewrites the method itself. So the
 * order at the exit is: the method's deferred actions (newest first, still inside the
 * transaction), then the proxy's commit or rollback.
 *
 * <p>A panic that leaves the method is a {@code RuntimeException} here ({@code panic(v)} throws
 * {@link io.jdefer.Panic}, and every panic this class raises is unchecked), so Spring's default
 * rule rolls back. {@link TrapService} shows the two ways that goes wrong.
 */
@Service
public class TransferService {
    private final Accounts accounts;
    private final DeferLedger ledger;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder deferredOutsideTransaction = new LongAdder();

    public TransferService(Accounts accounts, DeferLedger ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /**
     * Fails at startup, not at the first transfer, if neither the agent nor weaving rewrote this
     * class. {@code bank.require-jdefer=false} skips it, only so that startup-times.sh can time
     * a start with no rewriting at all.
     */
    @PostConstruct
    void requireJdefer() {
        if (!"false".equals(System.getProperty("bank.require-jdefer"))) {
            Go.requireAgent();
        }
    }

    /**
     * Moves {@code amount} or nothing. Bad input, an unknown account, an overdraft (the CHECK
     * constraint) or a memo the audit rejects all panic, some after both updates: the rollback
     * must undo them.
     */
    @Transactional
    @Defer
    public Transfer transfer(long from, long to, long amount, String memo) {
        if (amount <= 0) {
            throw panic(new IllegalArgumentException("amount must be positive, got " + amount));
        }
        if (from == to) {
            throw panic(new IllegalArgumentException("from and to are the same account " + from));
        }
        inFlight.incrementAndGet();
        defer(ledger.track(inFlight::decrementAndGet));
        defer(ledger.track(this::checkStillInTransaction));
        // row locks in id order: two opposite transfers never wait for each other
        if (from < to) {
            accounts.debit(from, amount);
            accounts.credit(to, amount);
        } else {
            accounts.credit(to, amount);
            accounts.debit(from, amount);
        }
        if (memo != null && memo.contains("boom")) {
            throw panic("audit rejected memo '" + memo + "'");   // a Panic: unchecked, so the proxy rolls back
        }
        long id = accounts.insertTransfer(from, to, amount, memo);
        return new Transfer(id, from, to, amount);
    }

    /** A deferred action of a {@code @Transactional} method runs before the proxy ends the transaction. */
    private void checkStillInTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            deferredOutsideTransaction.increment();
        }
    }

    /** Transfers between their first statement and their last deferred action: 0 when idle. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Deferred actions that found no transaction: always 0. */
    public long deferredOutsideTransaction() {
        return deferredOutsideTransaction.sum();
    }

    /** What a transfer returns. */
    public record Transfer(long id, long from, long to, long amount) {
    }
}
