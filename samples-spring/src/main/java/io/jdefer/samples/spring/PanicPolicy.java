package io.jdefer.samples.spring;

import io.jdefer.Go;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * What a panic escaping a {@code Go.go} goroutine does, chosen once at startup with
 * {@code bank.goroutine-panic}. jdefer's default is Go's crash: a report on stderr and an
 * immediate halt with status 2, no shutdown hooks, so in-flight requests get no answer. A
 * service picks one of:
 * <ul>
 *   <li>{@code log}: log it with its stack and keep serving; only that goroutine is over;</li>
 *   <li>{@code exit}: log it, close the Spring context (graceful shutdown: in-flight requests
 *       finish, the pool closes), exit with status 2.</li>
 * </ul>
 * {@code Group} members' panics never get here: {@code await()} rethrows them in the waiter.
 */
@Component
public class PanicPolicy {
    private static final Logger log = LoggerFactory.getLogger(PanicPolicy.class);

    private final String policy;
    private final ApplicationContext context;
    private final LongAdder goroutinePanics = new LongAdder();
    private Thread.UncaughtExceptionHandler previous;

    public PanicPolicy(@Value("${bank.goroutine-panic:log}") String policy, ApplicationContext context) {
        this.policy = policy;
        this.context = context;
    }

    @PostConstruct
    void install() {
        Thread.UncaughtExceptionHandler handler = switch (policy) {
            case "log" -> (thread, panic) -> {
                goroutinePanics.increment();
                log.error("goroutine {} panicked; still serving", thread.getName(), panic);
            };
            case "exit" -> (thread, panic) -> {
                goroutinePanics.increment();
                log.error("goroutine {} panicked; shutting down", thread.getName(), panic);
                System.exit(SpringApplication.exit(context, () -> 2));
            };
            default -> throw new IllegalStateException("bank.goroutine-panic=" + policy
                    + " is not a policy: use log (log the panic, keep serving) or exit (log it, graceful shutdown, status 2)");
        };
        previous = Go.setUncaughtPanicHandler(handler);
    }

    @PreDestroy
    void uninstall() {
        Go.setUncaughtPanicHandler(previous);
    }

    /** Goroutine panics this policy handled. */
    public long goroutinePanics() {
        return goroutinePanics.sum();
    }
}
