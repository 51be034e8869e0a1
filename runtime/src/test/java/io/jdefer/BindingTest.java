package io.jdefer;

import static io.jdefer.Go.defer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 2: {@code Go.defer} binds to the frame whose body contains the call and never silently to
 * another; an unbindable call fails with a message that says what to do, and leaves the frames
 * around it intact.
 */
class BindingTest {
    private final List<String> log = new ArrayList<>();

    private static void assertSaysWhatToDo(IllegalStateException e) {
        String m = e.getMessage();
        assertTrue(m.contains("@io.jdefer.annotation.Defer"), m);
        assertTrue(m.contains("-javaagent"), m);
        assertTrue(m.contains("Go.run"), m);
    }

    @Test
    void defer_whenOutsideAnyFrame_throwsIllegalStateExceptionSayingWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> defer(() -> { }));
        assertSaysWhatToDo(e);
        assertTrue(e.getMessage().contains("not inside any defer frame"), e.getMessage());
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void defer_whenCalledFromHelperInsideRunBody_throwsAndLeavesFrameIntact() {
        Go.run(() -> {
            defer(() -> log.add("outer deferred"));
            int pending = GoroutineState.pendingDefers();
            try {
                helperThatDefers();
                log.add("not reached");
            } catch (IllegalStateException e) {
                assertSaysWhatToDo(e);
                assertTrue(e.getMessage().contains("helperThatDefers"), e.getMessage());
                assertTrue(e.getMessage().contains("not in a defer frame of its own"), e.getMessage());
                log.add("caught");
            }
            assertEquals(pending, GoroutineState.pendingDefers(), "the failed defer registered nothing");
            defer(() -> log.add("registered after the failure"));
        });
        assertEquals(List.of("caught", "registered after the failure", "outer deferred"), log);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    private void helperThatDefers() {
        defer(() -> log.add("helper's action: must never run"));
    }

    @Test
    void defer_whenHelperFailureUncaught_isAPanicOfTheEnclosingFrame() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.run(() -> {
            defer(() -> log.add("outer deferred"));
            helperThatDefers();
        }));
        assertSaysWhatToDo(e);
        assertEquals(List.of("outer deferred"), log);
    }

    @Test
    void defer_whenInLambdaThatIsNotAFrame_throws() {
        // Go would bind to the function literal; without the agent that lambda is no frame, so
        // jdefer refuses rather than attaching to the enclosing Go.run.
        Go.run(() -> {
            defer(() -> log.add("outer deferred"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> List.of(1, 2).forEach(i -> defer(() -> log.add("never " + i))));
            assertSaysWhatToDo(e);
        });
        assertEquals(List.of("outer deferred"), log);
    }

    @Test
    void defer_whenInCallBody_bindsToCallFrame() {
        String r = Go.call(() -> {
            defer(() -> log.add("call deferred"));
            return "r";
        });
        log.add("after call " + r);
        assertEquals(List.of("call deferred", "after call r"), log);
    }

    @Test
    void defer_whenInDeferredAction_bindsToThatAction() {
        Go.run(() -> {
            defer(() -> log.add("first registered"));
            defer(() -> {
                defer(() -> log.add("bound to the action"));
                log.add("action body");
            });
            log.add("body");
        });
        assertEquals(List.of("body", "action body", "bound to the action", "first registered"), log);
    }

    @Test
    void defer_whenInDeferredActionWithArgument_bindsToThatAction() {
        Go.run(() -> {
            defer(() -> log.add("first registered"));
            defer(x -> defer(() -> log.add("bound to the action, arg " + x)), "a");
        });
        assertEquals(List.of("bound to the action, arg a", "first registered"), log);
    }

    @Test
    void defer_whenInMethodPassedByReference_bindsToThatMethod() {
        // Go: `defer cleanup()` where cleanup itself defers: cleanup is a function of its own.
        Go.run(() -> {
            defer(this::cleanupThatDefers);
            Go.run(this::bodyThatDefers);
            log.add("after body");
        });
        assertEquals(List.of("body", "body's deferred", "after body", "cleanup", "cleanup's deferred"), log);
    }

    private void cleanupThatDefers() {
        defer(() -> log.add("cleanup's deferred"));
        log.add("cleanup");
    }

    private void bodyThatDefers() {
        defer(() -> log.add("body's deferred"));
        log.add("body");
    }

    @Test
    void defer_whenInGoroutineBody_bindsToGoroutineFrame() throws Exception {
        Go.go(() -> defer(() -> log.add("goroutine deferred"))).join();
        assertEquals(List.of("goroutine deferred"), log);
    }

    @Test
    void defer_whenInGroupMemberBody_bindsToMemberFrame() throws Exception {
        Group g = new Group();
        g.go(() -> defer(() -> log.add("member deferred")));
        g.await();
        assertEquals(List.of("member deferred"), log);
    }

    @Test
    void defer_whenHelperCalledFromDeferredAction_throws() {
        Go.run(() -> defer(() -> {
            try {
                helperThatDefers();
            } catch (IllegalStateException e) {
                log.add("refused");
            }
        }));
        assertEquals(List.of("refused"), log);
    }

    @Test
    void deferWithArg_whenOutsideAnyFrame_throws() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> defer(log::add, "x"));
        assertSaysWhatToDo(e);
    }
}
