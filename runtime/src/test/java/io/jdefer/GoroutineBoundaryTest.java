package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rules 13 and 14 (go-reference G37, G38, G39): frames, panics and recover never cross threads; a
 * panic escaping a goroutine goes to the uncaught-panic handler (recorded here in-process; the
 * default crash report is {@link CrashTest}'s business).
 */
class GoroutineBoundaryTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RecordingPanicHandler handler = new RecordingPanicHandler();

    @AfterEach
    void restoreHandler() {
        handler.close();
    }

    @Test
    void panicInGoroutine_whenStarterDefersRecover_isNotRecoveredByStarter() throws Exception {
        Thread[] child = {null};
        Object[] got = {"unset"};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            child[0] = Go.go(() -> {
                throw panic("child");
            });
            child[0].join();
        });
        assertNull(got[0], "the starter is not panicking");
        assertEquals(1, handler.escaped().size());
        RecordingPanicHandler.Escaped e = handler.escaped().get(0);
        assertSame(child[0], e.thread());
        assertSame(child[0], e.reportedOn(), "the handler runs on the dying goroutine");
        assertEquals("child", assertInstanceOf(Panic.class, e.throwable()).value());
    }

    @Test
    void escapedPanic_whenGoroutineHasDefers_reachesHandlerAfterThemAll() throws Exception {
        Go.setUncaughtPanicHandler((t, e) -> log.add("handler " + ((Panic) e).value()));
        Go.go(() -> {
            defer(() -> log.add("body deferred"));
            Go.run(() -> {
                defer(() -> log.add("inner deferred"));
                throw panic("p");
            });
        }).join();
        assertEquals(List.of("inner deferred", "body deferred", "handler p"), log);
    }

    @Test
    void goroutine_whenStartedByDeferredActionDuringPanic_isNotPanicking() throws Exception {
        // go-reference G37: a goroutine started by a deferred function during a panic is not panicking.
        Object[] inChild = {"unset", "unset"};
        Object[] inStarter = {null};
        Go.run(() -> {
            defer(() -> inStarter[0] = recover());
            defer(() -> Go.go(() -> {
                inChild[0] = recover();
                defer(() -> inChild[1] = recover());
            }).join());
            throw panic("starter's");
        });
        assertNull(inChild[0]);
        assertNull(inChild[1]);
        assertEquals("starter's", inStarter[0]);
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void goroutine_whenItRecoversItsOwnPanic_endsNormally() throws Exception {
        Go.go(() -> {
            defer(() -> log.add("recovered " + recover()));
            throw panic("own");
        }).join();
        assertEquals(List.of("recovered own"), log);
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void goroutines_whenPanickingConcurrently_seeOnlyTheirOwnPanics() throws Exception {
        int n = 200;
        CountDownLatch allPanicking = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            String mine = "g" + i;
            threads.add(Go.go(() -> {
                defer(() -> {
                    Object r = recover();
                    if (!mine.equals(r)) {
                        wrong.add(mine + " recovered " + r);
                    }
                });
                defer(() -> {
                    allPanicking.countDown();
                    allPanicking.await();    // every goroutine is unwinding its own panic now
                });
                throw panic(mine);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), wrong);
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void goroutine_whenStarted_hasItsOwnDeferStack() throws Exception {
        Go.run(() -> {
            defer(() -> log.add("starter deferred"));
            int starterPending = GoroutineState.pendingDefers();
            int[] childPending = {-1};
            Go.go(() -> {
                defer(() -> log.add("child deferred"));
                childPending[0] = GoroutineState.pendingDefers();
            }).join();
            assertEquals(1, childPending[0]);
            assertEquals(starterPending, GoroutineState.pendingDefers());
            log.add("starter body end");
        });
        assertEquals(List.of("child deferred", "starter body end", "starter deferred"), log);
    }

    @Test
    void go_whenBodyIsNull_throwsNullPointerExceptionInCaller() {
        // go-reference G39: Go's fatal "go of nil func value"; jdefer: NPE in the caller.
        Go.run(() -> {
            defer(() -> log.add("caller's deferred"));
            NullPointerException e = assertThrows(NullPointerException.class, () -> Go.go(null));
            assertTrue(e.getMessage().contains("go of nil func value"), e.getMessage());
            log.add("caller continues");
        });
        assertEquals(List.of("caller continues", "caller's deferred"), log);
    }

    @Test
    void go_whenStarted_returnsVirtualDaemonThread() throws Exception {
        Thread t = Go.go(() -> { });
        assertTrue(t.isVirtual());
        assertTrue(t.isDaemon());
        t.join();
    }

    @Test
    void setUncaughtPanicHandler_whenNull_restoresDefaultAndReturnsPrevious() {
        Thread.UncaughtExceptionHandler mine = (t, e) -> { };
        Thread.UncaughtExceptionHandler before = Go.setUncaughtPanicHandler(mine);
        assertSame(handler, before);
        assertSame(mine, Go.setUncaughtPanicHandler(null));
        Thread.UncaughtExceptionHandler dflt = Go.setUncaughtPanicHandler(handler);
        assertNotSame(mine, dflt);
        assertNotSame(handler, dflt);
    }

    @Test
    void main_whenBodyReturns_runsItsDefersOnCallingThread() {
        Thread caller = Thread.currentThread();
        Thread[] ranOn = {null};
        Go.main(() -> {
            defer(() -> log.add("main deferred"));
            ranOn[0] = Thread.currentThread();
        });
        assertSame(caller, ranOn[0]);
        assertEquals(List.of("main deferred"), log);
    }
}
