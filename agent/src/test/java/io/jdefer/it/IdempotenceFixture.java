package io.jdefer.it;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.concurrent.atomic.AtomicInteger;

/** Frames of every kind for io.jdefer.agent.RewriteIdempotenceIT (outside io.jdefer.agent, which jdefer never rewrites): each deferred action counts its runs. */
public class IdempotenceFixture {
    public static final AtomicInteger RAN = new AtomicInteger();

    /** Go's {@code return 6} with a deferred {@code result *= 7}. */
    @Defer
    public static int fortyTwo() {
        Go.defer(() -> {
            RAN.incrementAndGet();
            Go.setResult(Go.<Integer>result() * 7);
        });
        return 6;
    }

    /** A lambda frame inside an unannotated method. */
    public static void lambdaFrame() throws Exception {
        io.jdefer.Action body = () -> Go.defer(RAN::incrementAndGet);
        Go.run(body);
    }

    @Recover
    public String recovers() {
        Go.defer(RAN::incrementAndGet);
        throw Go.panic("boom");
    }
}
