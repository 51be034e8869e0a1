package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.Group;
import io.jdefer.annotation.Defer;
import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md rules 1–2: a lambda whose body calls {@code Go.defer} is a frame of its own.
 * Its defers run when the lambda returns, wherever and whenever it runs, never at the exit of
 * whatever frame happens to be innermost.
 */
class LambdaFrameIT {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Defer
    private Runnable makeLater() {
        defer(() -> log.add("outer deferred"));
        return () -> {
            defer(() -> log.add("lambda deferred"));
            log.add("lambda body");
        };
    }

    @Test
    void lambdaRunLater_defersBindToTheLambda_notToTheFrameThatCreatedIt() {
        Runnable r = makeLater();
        assertEquals(List.of("outer deferred"), log);
        r.run();
        assertEquals(List.of("outer deferred", "lambda body", "lambda deferred"), log);
    }

    @Defer
    private void runsLambdaInside() {
        defer(() -> log.add("outer deferred"));
        Runnable r = () -> {
            defer(() -> log.add("lambda deferred"));
            log.add("lambda body");
        };
        r.run();
        log.add("outer body after lambda");
    }

    @Test
    void lambdaRunInsideAFrame_stillHasItsOwnFrame() {
        runsLambdaInside();
        assertEquals(List.of("lambda body", "lambda deferred", "outer body after lambda", "outer deferred"), log);
    }

    /** Not annotated and not calling Go.defer itself: only the lambda is a frame. */
    private void plainMethodWithLambda() {
        Runnable r = () -> {
            defer(log::add, "lambda deferred");
            log.add("lambda body");
        };
        r.run();
        log.add("plain body");
    }

    @Test
    void lambdaInAPlainMethod_isAFrame() {
        plainMethodWithLambda();
        assertEquals(List.of("lambda body", "lambda deferred", "plain body"), log);
    }

    @Test
    void lambdaOnAnotherThread_runsItsDefersOnThatThread() throws Exception {
        String main = Thread.currentThread().getName();
        Runnable r = () -> {
            defer(() -> log.add("deferred on " + (Thread.currentThread().getName().equals(main) ? "main" : "other")));
            log.add("pending on this thread: " + GoroutineState.pendingDefers());
        };
        var pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(r).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        // open-coded (agent option opencoded=true) the lambda keeps its defer in a local: no record
        int pending = Boolean.getBoolean("jdefer.expect.opencoded") ? 0 : 1;
        assertEquals(List.of("pending on this thread: " + pending, "deferred on other"), log);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Defer
    private CompletableFuture<Void> asyncFromAFrame() {
        defer(() -> log.add("outer deferred"));
        return CompletableFuture.runAsync(() -> {
            defer(() -> log.add("async deferred"));
            log.add("async body");
        });
    }

    @Test
    void asyncLambdaCreatedInAFrame_runsItsDefersAtItsOwnExit() throws Exception {
        asyncFromAFrame().get(10, TimeUnit.SECONDS);
        assertTrue(log.indexOf("async body") < log.indexOf("async deferred"), log.toString());
        assertEquals(3, log.size());
    }

    @Test
    void goroutineBodyLambda_andGroupMembers() throws Exception {
        Thread t = Go.go(() -> {
            defer(() -> log.add("goroutine deferred"));
            log.add("goroutine body");
        });
        t.join(10_000);
        Group group = new Group();
        for (int i = 0; i < 3; i++) {
            int n = i;
            group.go(() -> defer(log::add, "member " + n));
        }
        group.await();
        assertEquals(5, log.size());
        assertEquals(List.of("goroutine body", "goroutine deferred"), log.subList(0, 2));
    }

    @Test
    void callableLambdaInGoCall_isItsOwnFrame_withAResultSlot() {
        int r = Go.call(() -> {
            defer(() -> setResult(Go.<Integer>result() * 7));
            return 6;
        });
        assertEquals(42, r);
    }

    @Test
    void supplierLambdaThatRecovers() {
        Supplier<String> s = () -> {
            defer(() -> log.add("recovered " + recover()));
            throw Go.panic("in supplier");
        };
        assertEquals(null, s.get());
        assertEquals(List.of("recovered in supplier"), log);
    }

    @Test
    void deferredLambdaThatDefersRecover_recoversWhenItsOwnFrameExits() {
        Runnable r = () -> {
            defer(() -> {
                defer(Go::recover);     // Go's `defer recover()` inside a deferred function
                log.add("deferred body");
            });
            throw Go.panic("stopped");
        };
        r.run();
        assertEquals(List.of("deferred body"), log);
    }
}
