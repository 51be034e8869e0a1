package io.jdefer;

import static io.jdefer.Go.defer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.internal.GoroutineState;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 4 (go-reference G3, G4, G6): arguments are evaluated when {@code defer} is called. */
class DeferArgsEvaluatedAtDeferTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void deferWithArg_whenVariableChangesLater_seesValueAtDefer() {
        Go.run(() -> {
            int[] x = {1};
            defer(v -> log.add("arg " + v), x[0]);
            x[0] = 2;
            defer(v -> log.add("arg " + v), x[0]);
            x[0] = 3;
        });
        assertEquals(List.of("arg 2", "arg 1"), log);
    }

    @Test
    void capturingLambda_whenCellChangesLater_seesValueAtRun() {
        // go-reference G4: a deferred closure sees variables as they are when it runs; Java needs a
        // heap cell for a variable that changes.
        Go.run(() -> {
            int[] x = {1};
            defer(() -> log.add("closure " + x[0]));
            x[0] = 2;
        });
        assertEquals(List.of("closure 2"), log);
    }

    @Test
    void capturingLambda_whenCapturedValueIsFinal_capturesAtDefer() {
        Go.run(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;               // Java: a fresh variable per iteration (Go 1.22 loop semantics)
                defer(() -> log.add("i=" + n));
            }
        });
        assertEquals(List.of("i=2", "i=1", "i=0"), log);
    }

    @Test
    void argumentExpression_whenCalledEvaluatesOnceAtDefer() {
        // Go's runtime/defer_test.go TestNonSSAableArgs: arguments evaluated once, at the defer.
        int[] calls = {0};
        Go.run(() -> {
            defer(v -> log.add("got " + v), sideEffect(calls, "a"));
            log.add("calls after defer " + calls[0]);
        });
        assertEquals(List.of("calls after defer 1", "got a"), log);
        assertEquals(1, calls[0]);
    }

    private static String sideEffect(int[] calls, String v) {
        calls[0]++;
        return v;
    }

    @Test
    void boundMethodReference_whenReceiverNull_failsAtDeferAndRegistersNothing() {
        // go-reference G6: `var x Closer; defer x.Close()` panics at the defer statement;
        // "if it panics when evaluating x.Close, it should not reach here".
        Closeable c = null;
        int before = GoroutineState.pendingDefers();
        assertThrows(NullPointerException.class, () -> Go.run(() -> {
            defer(() -> log.add("registered before"));
            defer(c::close);
            log.add("should not reach here");
        }));
        assertEquals(List.of("registered before"), log);
        assertEquals(before, GoroutineState.pendingDefers());
    }

    @Test
    void argumentEvaluation_whenItThrows_registersNothing() {
        String[] arr = {};
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> Go.run(() -> {
            defer(() -> log.add("earlier"));
            defer(v -> log.add("never " + v), arr[10]);
        }));
        assertEquals(List.of("earlier"), log);
    }

    @Test
    void boundReceiver_whenFieldChangesLater_seesFieldAtRun() {
        // go-reference G5: a bound method reference behaves like a pointer receiver.
        StringBuilder sb = new StringBuilder("old");
        Go.run(() -> {
            defer(log::add, "value " + sb);       // the string is built now: value receiver
            defer(() -> log.add("pointer " + sb)); // reads when it runs
            sb.setLength(0);
            sb.append("new");
        });
        assertEquals(List.of("pointer new", "value old"), log);
    }
}
