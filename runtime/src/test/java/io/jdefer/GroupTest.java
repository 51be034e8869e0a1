package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.goexit;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule 16: {@link Group}, the sanctioned way for a panic to cross to a waiting goroutine. */
class GroupTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RecordingPanicHandler handler = new RecordingPanicHandler();

    @AfterEach
    void restoreHandler() {
        handler.close();
    }

    @Test
    void await_whenAllMembersReturn_returnsAfterAllFinished() throws Exception {
        Group g = new Group();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            g.go(() -> {
                defer(done::incrementAndGet);
                Thread.sleep(5);
            });
        }
        g.await();
        assertEquals(50, done.get());
    }

    @Test
    void memberPanic_whenWaiterDefersRecover_isRecoveredInWaiter() {
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            Group g = new Group();
            g.go(() -> {
                defer(() -> log.add("member deferred"));
                throw panic("member");
            });
            g.await();
            log.add("not reached");
        });
        assertEquals("member", got[0]);
        assertEquals(List.of("member deferred"), log);
        assertEquals(List.of(), handler.escaped(), "members' panics never reach the handler");
    }

    @Test
    void memberFailures_whenSeveral_firstRethrownLaterSuppressedOnce() throws Exception {
        Group g = new Group();
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        AtomicReference<Thread> firstThread = new AtomicReference<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        g.go(() -> {
            firstThread.set(Thread.currentThread());
            firstStarted.countDown();
            throw first;
        });
        g.go(() -> {
            firstStarted.await();
            firstThread.get().join();      // the first member has ended and been counted
            throw second;
        });
        g.go(() -> {
            firstStarted.await();
            firstThread.get().join();
            throw second;                  // the same throwable again: attached once
        });
        RuntimeException t = assertThrows(RuntimeException.class, g::await);
        assertSame(first, t);
        assertArrayEquals(new Throwable[] {second}, first.getSuppressed());
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void memberGoexit_whenCalled_memberSimplyFinishes() throws Exception {
        Group g = new Group();
        g.go(() -> {
            defer(() -> log.add("goexit member deferred"));
            goexit();
        });
        g.go(() -> log.add("other member"));
        g.await();
        assertTrue(log.containsAll(List.of("goexit member deferred", "other member")), log.toString());
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void go_whenAfterAwait_throwsIllegalStateException() throws Exception {
        Group g = new Group();
        g.go(() -> { });
        g.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.go(() -> { }));
        assertTrue(e.getMessage().contains("new Group"), e.getMessage());
    }

    @Test
    void go_whenBodyIsNull_throwsNullPointerException() throws Exception {
        Group g = new Group();
        NullPointerException e = assertThrows(NullPointerException.class, () -> g.go(null));
        assertTrue(e.getMessage().contains("go of nil func value"), e.getMessage());
        g.await();    // the failed go left nothing running
    }

    @Test
    void await_whenMembersStartMembers_waitsForThemToo() throws Exception {
        Group g = new Group();
        AtomicInteger done = new AtomicInteger();
        g.go(() -> {
            g.go(() -> {
                Thread.sleep(50);
                g.go(() -> {
                    Thread.sleep(50);
                    done.incrementAndGet();
                });
                done.incrementAndGet();
            });
            done.incrementAndGet();
        });
        g.await();
        assertEquals(3, done.get());
    }

    @Test
    void memberPanic_whenRecoveredInsideMember_doesNotReachWaiter() throws Exception {
        Group g = new Group();
        g.go(() -> {
            defer(() -> log.add("member recovered " + recover()));
            throw panic("contained");
        });
        g.await();
        assertEquals(List.of("member recovered contained"), log);
    }

    @Test
    void memberPanic_whenRethrownInWaiter_isTheSameObject() {
        IllegalStateException boom = new IllegalStateException("boom");
        Group g = new Group();
        g.go(() -> {
            throw boom;
        });
        Throwable t = RecoverDirectCallTest.catchPanic(() -> {
            try {
                g.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertSame(boom, t);
    }

    @Test
    void memberPanicValue_whenNotThrowable_isRecoveredAsValue() {
        Object value = new Object();
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            Group g = new Group();
            g.go(() -> {
                throw panic(value);
            });
            g.await();
        });
        assertSame(value, got[0]);
    }
}
