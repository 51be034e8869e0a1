package io.jdefer.internal;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract behind Go's "recover called directly by a deferred function" and behind binding
 * {@code Go.defer} without the agent: the code that calls a deferred action or a frame body is one
 * dedicated final class per kind, recognised on the stack by class. A refactoring that puts a helper
 * method between that class and the user code, or moves the call into another class, fails here —
 * not silently in what {@code recover} returns.
 */
class CallersTest {

    /** What called the code that calls this: element 1 above the lambda or method calling it. */
    private static Callers.Kind callerOfCaller() {
        List<StackWalker.StackFrame> fs = Callers.callers(3);
        // fs.get(0) is this method (test code, not an entry point); 1 is the user code; 2 its caller.
        return Callers.kind(fs, 2);
    }

    @Test
    void deferredCall_atNormalExit_isCalledByNormalDeferredCall() {
        Callers.Kind[] got = {null};
        Go.run(() -> defer(() -> got[0] = callerOfCaller()));
        assertEquals(Callers.Kind.INVOKE_NORMAL, got[0]);
    }

    @Test
    void deferredCall_whilePanicking_isCalledByPanicDeferredCall() {
        Callers.Kind[] got = {null};
        Object[] recovered = {null};
        Go.run(() -> {
            defer(() -> recovered[0] = recover());
            defer(() -> got[0] = callerOfCaller());
            throw panic("boom");
        });
        assertEquals(Callers.Kind.INVOKE_PANICKING, got[0]);
        assertEquals("boom", recovered[0], "and recover, deciding by that class, still recovers");
    }

    @Test
    void frameBodies_areCalledByTheirFrameClass() throws Exception {
        Callers.Kind[] got = {null, null, null};
        Go.run(() -> got[0] = callerOfCaller());
        Go.call(() -> got[1] = callerOfCaller());
        Go.go(() -> got[2] = callerOfCaller()).join();
        assertEquals(List.of(Callers.Kind.RUN, Callers.Kind.CALL, Callers.Kind.RUN), Arrays.asList(got));
    }

    @Test
    void dedicatedClasses_areFinalAndEachStaticMethodIsACallerOfUserCode() {
        // A second static method in one of these classes would be another caller of user code that
        // Callers would take for the real one: keep exactly the ones that call an action or a body.
        assertStatics(NormalDeferredCall.class, "invoke");
        assertStatics(PanicDeferredCall.class, "invoke");
        assertStatics(Frames.class, "run");
        assertStatics(CallFrame.class, "call");
    }

    private static void assertStatics(Class<?> c, String... names) {
        assertTrue(Modifier.isFinal(c.getModifiers()), c + " must be final");
        List<String> statics = Arrays.stream(c.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .map(Method::getName).sorted().toList();
        assertEquals(List.of(names), statics, c + ": its static methods are what Callers treats as callers of user code");
    }
}
