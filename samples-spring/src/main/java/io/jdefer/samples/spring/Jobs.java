package io.jdefer.samples.spring;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;

import io.jdefer.Go;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * Background work started with {@code Go.go(executor, body)}: fire and forget, so a panic in it
 * has no caller to go to and reaches the {@link PanicPolicy}.
 */
@Service
public class Jobs {
    private final Accounts accounts;
    private final AsyncTaskExecutor executor;
    private final DeferLedger ledger;
    private final LongAdder finished = new LongAdder();

    public Jobs(Accounts accounts, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor, DeferLedger ledger) {
        this.accounts = accounts;
        this.executor = executor;
        this.ledger = ledger;
    }

    /** Starts a consistency check of the accounts; {@code fail} makes it panic halfway. */
    public void startAudit(boolean fail) {
        Go.go(executor, () -> {
            defer(ledger.track(finished::increment));
            long total = accounts.total(Accounts.FIRST, Accounts.LAST);
            if (fail) {
                throw panic("audit job: page checksum mismatch after reading total " + total);
            }
        });
    }

    /** Jobs whose deferred action ran, panicked or not. */
    public long finished() {
        return finished.sum();
    }
}
