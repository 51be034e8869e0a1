package io.jdefer.samples.spring;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recoverThrowable;
import static io.jdefer.Go.setResult;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.io.IOException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * The two ways a panic and {@code @Transactional} commit half a transfer, each next to its fix.
 * Every method debits first and then fails before the credit, so a commit loses the money.
 *
 * <h2>(a) A checked panic is committed</h2>
 * {@code panic(new IOException(...))} throws a checked exception from a method that does not
 * declare it. Spring's default rule rolls back only for {@code RuntimeException} and
 * {@code Error}: the transaction advice sees the {@code IOException} and <b>commits</b>. Only
 * then does the CGLIB proxy, which may not throw an undeclared checked exception, wrap it in
 * {@link java.lang.reflect.UndeclaredThrowableException} for the caller. Fix: roll back for
 * every throwable ({@code rollbackFor = Throwable.class}), or panic with unchecked exceptions
 * only.
 *
 * <h2>(b) A recovered panic is committed</h2>
 * A {@code @Recover} method (or a deferred {@code recover()}) inside the transaction stops the
 * panic, so the method returns normally and the proxy <b>commits</b> whatever ran before the
 * panic. Fix: the deferred action that recovers marks the transaction rollback-only.
 */
@Service
public class TrapService {
    private final Accounts accounts;
    private final DeferLedger ledger;

    public TrapService(Accounts accounts, DeferLedger ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** (a), the bug: the debit is committed, the caller gets an UndeclaredThrowableException. */
    @Transactional
    @Defer
    public void checkedPanic(long from, long to, long amount) {
        defer(ledger.track(() -> { }));
        accounts.debit(from, amount);
        throw panic(new IOException("ledger export unavailable; transfer " + from + " -> " + to + " not credited"));
    }

    /** (a), fixed: the same panic rolls the debit back. */
    @Transactional(rollbackFor = Throwable.class)
    @Defer
    public void checkedPanicRolledBack(long from, long to, long amount) {
        defer(ledger.track(() -> { }));
        accounts.debit(from, amount);
        throw panic(new IOException("ledger export unavailable; transfer " + from + " -> " + to + " not credited"));
    }

    /** (b), the bug: recovered, returns false, and the proxy commits the debit. */
    @Transactional
    @Recover
    public boolean recoveredPanic(long from, long to, long amount) {
        defer(ledger.track(() -> { }));
        accounts.debit(from, amount);
        accounts.credit(Accounts.TRAP_TO + 1000, amount);   // no such account: panics after the debit
        return true;
    }

    /** (b), fixed: the deferred recover marks the transaction rollback-only; returns false. */
    @Transactional
    @Defer
    public boolean recoveredPanicRolledBack(long from, long to, long amount) {
        defer(ledger.track(() -> { }));
        defer(this::rollbackOnPanic);   // not wrapped: recover() works only called directly by the deferred action
        accounts.debit(from, amount);
        accounts.credit(Accounts.TRAP_TO + 1000, amount);
        return true;
    }

    /** Called directly by the deferred action, so it recovers; the proxy then rolls back instead of committing. */
    private void rollbackOnPanic() {
        Throwable t = recoverThrowable();
        if (t != null) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            setResult(false);
        }
    }
}
