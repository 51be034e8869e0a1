package io.jdefer.samples.spring;

import static io.jdefer.Go.defer;

import io.jdefer.Group;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * A fan-out: one goroutine per account, on Spring's context-carrying executor. A member's panic
 * (an unknown account) comes back through {@code await()} in the request's thread, where the
 * handler's recover turns it into a 404; the other members still finish first.
 */
@Service
public class BalanceReport {
    private final Accounts accounts;
    private final AsyncTaskExecutor executor;
    private final DeferLedger ledger;
    private final AtomicInteger membersRunning = new AtomicInteger();

    public BalanceReport(Accounts accounts, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor,
            DeferLedger ledger) {
        this.accounts = accounts;
        this.executor = executor;
        this.ledger = ledger;
    }

    public Map<String, Object> balances(List<Long> ids) throws InterruptedException {
        if (ids.isEmpty() || ids.size() > 20) {
            throw new IllegalArgumentException("ids: give 1 to 20 account ids, got " + ids.size());
        }
        Map<Long, Long> balances = new ConcurrentHashMap<>();
        Set<String> requestIds = ConcurrentHashMap.newKeySet();   // what the members saw in their MDC
        Group group = new Group(executor);
        for (long id : ids) {
            group.go(() -> {
                membersRunning.incrementAndGet();
                defer(ledger.track(membersRunning::decrementAndGet));
                requestIds.add(String.valueOf(MDC.get(RequestIdFilter.MDC_KEY)));
                balances.put(id, accounts.balance(id));
            });
        }
        group.await();
        return Map.of("balances", new TreeMap<>(balances), "requestIds", requestIds);
    }

    /** Members started and not yet past their deferred action: 0 when idle. */
    public int membersRunning() {
        return membersRunning.get();
    }
}
