package io.jdefer.internal;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import org.junit.jupiter.api.Test;

/**
 * Impossible frame states fail loudly, as Go's runtime throws: a frame exit whose mark is above
 * the goroutine's records would run or skip another frame's deferred actions.
 */
class FrameInvariantTest {

    @Test
    void frameExit_whenMarkIsAboveTheRecords_isAFatalErrorAndTouchesNothing() {
        Object[] ran = {null};
        Go.run(() -> {
            defer(() -> ran[0] = "ran");
            GoroutineState g = GoroutineState.current();
            int top = g.top();
            FatalError e = assertThrows(FatalError.class, () -> g.deferReturnVoid(top + 1, null));
            assertTrue(e.getMessage().startsWith("fatal error: frame exit below its mark: 1 records, mark 2"),
                    e.getMessage());
            assertEquals(top, g.top(), "no record was run or removed");
            assertNull(ran[0]);
        });
        assertEquals("ran", ran[0], "the real frame's exit still runs its action");
    }

    @Test
    void fatalError_isNeverRecovered() {
        Object[] got = {"not run"};
        FatalError e = assertThrows(FatalError.class, () -> Go.run(() -> {
            defer(() -> got[0] = recover());
            GoroutineState g = GoroutineState.current();
            g.deferReturnVoid(g.top() + 3, null);
        }));
        assertTrue(e.getMessage().contains("below its mark"), e.getMessage());
        assertNull(got[0], "recover returned the fatal error");
    }
}
