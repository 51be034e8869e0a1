package io.jdefer.samples.spring;

import io.jdefer.Action;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts deferred actions so that a load test can check Go's promise: each one registered runs
 * exactly once, whether its frame returned, panicked, recovered or was unwound through a Spring
 * proxy. {@code defer(ledger.track("unlock", lock::unlock))} registers the counted action.
 */
@Component
public class DeferLedger {
    private final LongAdder registered = new LongAdder();
    private final LongAdder ran = new LongAdder();
    private final LongAdder ranTwice = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** Counts one registration and returns {@code action} wrapped to count its runs. */
    public Action track(Action action) {
        registered.increment();
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.getAndSet(true)) {
                ranTwice.increment();
            } else {
                ran.increment();
            }
            try {
                action.run();
            } catch (Exception | Error e) {
                failed.increment();
                throw e;
            }
        };
    }

    public long registered() {
        return registered.sum();
    }

    public long ran() {
        return ran.sum();
    }

    public long ranTwice() {
        return ranTwice.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("registered", registered.sum());
        m.put("ran", ran.sum());
        m.put("ranTwice", ranTwice.sum());
        m.put("failed", failed.sum());
        return m;
    }
}
