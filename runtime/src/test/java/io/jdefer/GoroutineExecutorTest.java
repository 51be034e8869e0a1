package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.goexit;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 20: goroutines and Group members on a caller-supplied executor, so that context kept in
 * thread-locals (MDC, tracing, security) follows them. The context here is a plain ThreadLocal
 * carried by a wrapping executor, the way MDC- and OpenTelemetry-propagating executors work.
 */
class GoroutineExecutorTest {
    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RecordingPanicHandler handler = new RecordingPanicHandler();
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void cleanUp() throws InterruptedException {
        handler.close();
        virtual.shutdown();
        assertTrue(virtual.awaitTermination(60, TimeUnit.SECONDS));
        REQUEST.remove();
    }

    /** Captures the submitter's context at execute() and installs it around the task. */
    private static Executor propagating(Executor delegate) {
        return task -> {
            String captured = REQUEST.get();
            delegate.execute(() -> {
                String previous = REQUEST.get();
                REQUEST.set(captured);
                try {
                    task.run();
                } finally {
                    REQUEST.set(previous);
                }
            });
        };
    }

    @Test
    void groupOnAPropagatingExecutor_membersAndTheirMembersSeeTheStartersContext() throws Exception {
        REQUEST.set("req-1");
        Group g = new Group(propagating(virtual));
        for (int i = 0; i < 3; i++) {
            int n = i;
            g.go(() -> {
                log.add(n + ":" + REQUEST.get());
                g.go(() -> log.add(n + ".child:" + REQUEST.get()));
            });
        }
        g.await();
        List<String> sorted = new ArrayList<>(log);
        Collections.sort(sorted);
        assertEquals(List.of("0.child:req-1", "0:req-1", "1.child:req-1", "1:req-1", "2.child:req-1", "2:req-1"),
                sorted);
    }

    @Test
    void defaultGroup_startsPlainVirtualThreads_soTheContextDoesNotFollow() throws Exception {
        REQUEST.set("req-1");
        Group g = new Group();
        g.go(() -> log.add(String.valueOf(REQUEST.get())));
        g.await();
        assertEquals(List.of("null"), log);
    }

    @Test
    void memberOnTheExecutor_isAGoroutine_framesRecoverAndPanicsComeBackThroughAwait() throws Exception {
        Group g = new Group(propagating(virtual));
        g.go(() -> {
            defer(() -> log.add("recovered " + recover()));
            throw panic("inside");
        });
        g.go(() -> {
            defer(() -> log.add("deferred before goexit"));
            goexit();
        });
        IllegalStateException boom = new IllegalStateException("member failed");
        g.go(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, g::await));
        List<String> sorted = new ArrayList<>(log);
        Collections.sort(sorted);
        assertEquals(List.of("deferred before goexit", "recovered inside"), sorted);
        assertEquals(List.of(), handler.escaped(), "members' panics never reach the handler");
    }

    @Test
    void goOnAPropagatingExecutor_seesTheContext_andItsEscapedPanicGoesToTheHandler() throws Exception {
        REQUEST.set("req-2");
        CountDownLatch done = new CountDownLatch(1);
        Go.go(propagating(virtual), () -> {
            defer(done::countDown);
            log.add(REQUEST.get());
            throw panic("escaped");
        });
        assertTrue(done.await(60, TimeUnit.SECONDS));
        virtual.shutdown();
        assertTrue(virtual.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(List.of("req-2"), log);
        assertEquals(1, handler.escaped().size());
        assertEquals("escaped", assertInstanceOf(Panic.class, handler.escaped().get(0).throwable()).value());
    }

    @Test
    void callerRunsExecutor_theMemberGetsItsOwnGoroutineState_andTheCallersFrameIsIntact() throws Exception {
        Executor callerRuns = Runnable::run;
        Go.run(() -> {
            defer(() -> log.add("caller's deferred action"));
            Group g = new Group(callerRuns);
            g.go(() -> {
                defer(() -> log.add("member recovered " + recover()));
                throw panic("member");
            });
            Thread[] ran = new Thread[1];
            g.go(() -> {
                ran[0] = Thread.currentThread();
                throw panic("comes back");
            });
            assertSame(Thread.currentThread(), ran[0]);
            Panic p = assertThrows(Panic.class, g::await);
            assertEquals("comes back", p.value());
            log.add("caller continues");
        });
        assertEquals(List.of("member recovered member", "caller continues", "caller's deferred action"), log);
    }

    @Test
    void executorRefusesTheMember_goThrows_theMemberNeverRuns_andAwaitDoesNotWaitForIt() throws Exception {
        Group g = new Group(task -> {
            throw new RejectedExecutionException("full");
        });
        assertThrows(RejectedExecutionException.class, () -> g.go(() -> log.add("ran")));
        g.await();
        assertEquals(List.of(), log);
        assertThrows(RejectedExecutionException.class,
                () -> Go.go(task -> { throw new RejectedExecutionException("full"); }, () -> log.add("ran")));
        assertEquals(List.of(), log);
    }

    @Test
    void executorThatRunsTheTaskAndThenFails_countsTheMemberOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Group g = new Group(virtual);
        g.go(release::await);                  // still running while the next one is refused
        Executor runThenFail = task -> {
            task.run();
            throw new RejectedExecutionException("late");
        };
        Group h = new Group(runThenFail);
        assertThrows(RejectedExecutionException.class, () -> h.go(() -> log.add("ran once")));
        h.await();
        assertEquals(List.of("ran once"), log);
        assertTrue(h.toString().startsWith("Group[running=0"), h.toString());
        assertTrue(g.toString().startsWith("Group[running=1"), g.toString());
        release.countDown();
        g.await();
    }

    @Test
    void refusedThenLaterRunTask_neverRuns() throws Exception {
        List<Runnable> kept = new ArrayList<>();
        Group g = new Group(task -> {
            kept.add(task);
            throw new RejectedExecutionException("queued but refused");
        });
        assertThrows(RejectedExecutionException.class, () -> g.go(() -> log.add("ran")));
        kept.get(0).run();
        g.await();
        assertEquals(List.of(), log);
    }

    @Test
    void nullExecutor_failsWithAMessage() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Group(null));
        assertTrue(e.getMessage().contains("new Group()"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Go.go((Executor) null, () -> { }));
        assertTrue(e.getMessage().contains("Go.go(body)"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Go.go(virtual, null));
        assertTrue(e.getMessage().contains("nil func value"), e.getMessage());
    }
}
