package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.annotation.Defer;
import org.junit.jupiter.api.Test;

/**
 * The walk-free recover of rewritten code (agent: DirectRecoverVisitor, runtime: DirectRecover)
 * keeps Go's rule exactly: only the deferred call the panic runs recovers; its helpers, the
 * frame body, and a recursive call of the deferred method itself get null.
 */
class DirectRecoverIT {
    private static final RuntimeException BOOM = new RuntimeException("boom");
    private static Object got;
    private static int depth;

    static void reply() {
        got = recover();
    }

    static void helper() {
        got = recover();
    }

    static void recursive() {
        if (depth++ == 0) {
            recursive();
        } else {
            got = recover();
        }
    }

    @Defer
    static void deferMethodRef() {
        defer(DirectRecoverIT::reply);
        throw BOOM;
    }

    @Defer
    static void deferLambdaCallingHelper() {
        defer(() -> helper());
        throw BOOM;
    }

    @Defer
    static void deferLambda() {
        defer(() -> got = recover());
        throw BOOM;
    }

    @Defer
    static void recoverInBody() {
        defer(() -> { });
        got = recover();
        throw BOOM;
    }

    @Defer
    static void deferRecursive() {
        defer(DirectRecoverIT::recursive);
        throw BOOM;
    }

    @Defer
    static void recoverTwice() {
        defer(() -> got = String.valueOf(recover()) + "," + recover());
        throw BOOM;
    }

    @Defer
    static void recoverOnNormalExit() {
        defer(() -> got = recover());
    }

    @Test
    void deferredMethodReference_recovers() {
        got = "unset";
        deferMethodRef();
        assertSame(BOOM, got);
    }

    @Test
    void deferredLambda_recovers() {
        got = "unset";
        deferLambda();
        assertSame(BOOM, got);
    }

    @Test
    void helperOfDeferredLambda_getsNull_andPanicContinues() {
        got = "unset";
        assertSame(BOOM, assertThrows(RuntimeException.class, DirectRecoverIT::deferLambdaCallingHelper));
        assertNull(got);
    }

    @Test
    void frameBody_getsNull() {
        got = "unset";
        assertSame(BOOM, assertThrows(RuntimeException.class, DirectRecoverIT::recoverInBody));
        assertNull(got);
    }

    @Test
    void recursiveCallOfTheDeferredMethod_isNotTheDeferredCall() {
        got = "unset";
        depth = 0;
        assertSame(BOOM, assertThrows(RuntimeException.class, DirectRecoverIT::deferRecursive));
        assertNull(got);
    }

    @Test
    void secondRecover_getsNull() {
        recoverTwice();
        assertEquals("java.lang.RuntimeException: boom,null", got);
    }

    @Test
    void recoverAtNormalExit_getsNull() {
        got = "unset";
        recoverOnNormalExit();
        assertNull(got);
    }
}
