package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 4, {@code defer nil} (go-reference G7, G8): registering a null action succeeds; running it
 * at frame exit panics with a {@link NullPointerException}. Port of Go's {@code test/defernil.go}
 * and {@code test/fixedbugs/issue8047b.go}.
 */
class DeferNilTest {
    private final List<String> log = new ArrayList<>();

    // Check that deferring a nil function causes a proper
    // panic when the deferred function is invoked (not
    // when the function is deferred).
    // See Issue #8047 and #34926.
    @Test
    void defernil_whenNilDeferred_panicsAtInvocationNotRegistration() {
        boolean[] invoked = {false};
        Object[] err = {null};
        Go.run(() -> {
            defer(() -> {
                err[0] = recover();
                if (!invoked[0]) {
                    log.add("did not invoke");
                }
            });
            Go.run(() -> {
                Action nilf = null;
                defer(nilf);
                invoked[0] = true;      // reached: registering nil did not fail
            });
        });
        assertEquals(List.of(), log);
        NullPointerException npe = assertInstanceOf(NullPointerException.class, err[0]);
        assertTrue(npe.getMessage().contains("Go.defer(null)"), npe.getMessage());
    }

    @Test
    void deferNilWithArg_whenFrameExits_panicsWithNullPointerException() {
        ActionWith<String> nilf = null;
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Go.run(() -> {
            defer(nilf, "arg");
            log.add("body continued");
        }));
        assertTrue(npe.getMessage().contains("defer nil"), npe.getMessage());
        assertEquals(List.of("body continued"), log);
    }

    @Test
    void deferNil_whenEarlierDefersRegistered_theyStillRun() {
        assertThrows(NullPointerException.class, () -> Go.run(() -> {
            defer(() -> log.add("earlier"));
            defer((Action) null);
            defer(() -> log.add("later"));
        }));
        assertEquals(List.of("later", "earlier"), log);
    }

    @Test
    void issue8047b_whenNilDeferRunsDuringPanic_replacesThePanic() {
        // This recover recovers the panic caused by the nil defer func g(). The original
        // panic(1) was already aborted/replaced by this new panic, so when this recover is
        // done, the program completes normally.
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            defer((Action) null);
            throw panic(1);
        });
        NullPointerException npe = assertInstanceOf(NullPointerException.class, got[0]);
        assertEquals(1, npe.getSuppressed().length, Arrays.toString(npe.getSuppressed()));
        assertEquals(1, assertInstanceOf(Panic.class, npe.getSuppressed()[0]).value());
    }
}
