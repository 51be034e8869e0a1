package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recoverThrowable;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.Panic;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Nothing about a panic is lost in rewritten methods (docs/semantics.md rules 17-19): a deferred
 * {@code setResult} of the wrong type replaces the panic but carries it as its cause, for void,
 * every primitive, a reference and an array return; {@code Go.recoverThrowable()} gives the
 * handler the panic's throwable and stack; {@code Go.requireAgent()} passes where the frames are
 * rewritten (under the agent, or woven at build time in the weave-test module).
 */
class PanicOriginIT {
    private static final RuntimeException BOOM = new IllegalStateException("boom");

    // A deferred reply of the wrong type while BOOM unwinds; the first deferred action sees what
    // replaced BOOM, recovers it, and the method returns its zero value.
    @Defer static boolean boolReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult("text")); throw BOOM; }
    @Defer static byte byteReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult("text")); throw BOOM; }
    @Defer static char charReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult("text")); throw BOOM; }
    @Defer static short shortReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(7)); throw BOOM; }
    @Defer static int intReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(7L)); throw BOOM; }
    @Defer static long longReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(7.0)); throw BOOM; }
    @Defer static float floatReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult("text")); throw BOOM; }
    @Defer static double doubleReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(null)); throw BOOM; }
    @Defer static String stringReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(404)); throw BOOM; }
    @Defer static int[] arrayReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(new long[1])); throw BOOM; }
    @Defer static void voidReply(List<Throwable> seen) { defer(() -> seen.add(recoverThrowable())); defer(() -> setResult(200)); throw BOOM; }

    private static Throwable replyOf(java.util.function.Consumer<List<Throwable>> method) {
        List<Throwable> seen = new ArrayList<>();
        method.accept(seen);
        assertEquals(1, seen.size());
        return seen.get(0);
    }

    private static void assertCarriesBoom(Class<? extends RuntimeException> type, Throwable replaced, String returns) {
        assertInstanceOf(type, replaced);
        String m = replaced.getMessage();
        assertSame(BOOM, replaced.getCause(), m);
        assertTrue(m.contains("which returns " + returns), m);
        assertTrue(m.contains("panicking with java.lang.IllegalStateException: boom"), m);
        assertTrue(m.contains("replaces that panic"), m);
        assertEquals(0, replaced.getSuppressed().length, "the original is carried once, as the cause");
    }

    @Test
    void wrongTypedDeferredReply_whilePanicking_carriesTheOriginalPanic_everyReturnType() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertCarriesBoom(iae, replyOf(PanicOriginIT::boolReply), "boolean");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::byteReply), "byte");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::charReply), "char");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::shortReply), "short");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::intReply), "int");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::longReply), "long");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::floatReply), "float");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::doubleReply), "double");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::stringReply), "java.lang.String");
        assertCarriesBoom(iae, replyOf(PanicOriginIT::arrayReply), "[I");
        assertCarriesBoom(IllegalStateException.class, replyOf(PanicOriginIT::voidReply), "void");
    }

    @Test
    void recoveredReplacement_methodReturnsTheZeroValue() {
        assertEquals(0, intReply(new ArrayList<>()));
        assertEquals(false, boolReply(new ArrayList<>()));
        assertNull(stringReply(new ArrayList<>()));
    }

    @Defer static int unrecoveredWrongReply() { defer(() -> setResult("text")); throw BOOM; }
    @Defer static int wrongReplyNoPanic() { defer(() -> setResult("text")); return 1; }

    @Test
    void unrecovered_theCallerGetsTheReplacement_withTheOriginalAsCause() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, PanicOriginIT::unrecoveredWrongReply);
        assertSame(BOOM, e.getCause());
        assertEquals(0, e.getSuppressed().length);
    }

    @Test
    void notPanicking_aWrongReplyHasNoCause() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, PanicOriginIT::wrongReplyNoPanic);
        assertNull(e.getCause());
        assertTrue(!e.getMessage().contains("panicking"), e.getMessage());
    }

    // ------------------------------------------------------------------ recoverThrowable

    static void failDeepInside() {
        throw panic("no such account");
    }

    /** The documented pattern: log the throwable, reply with an error instead of a silent zero value. */
    @Recover
    static String handle(List<Throwable> log) {
        defer(() -> {
            Throwable t = recoverThrowable();
            if (t != null) {
                log.add(t);
                setResult("500 " + t.getMessage());
            }
        });
        failDeepInside();
        return "200";
    }

    @Test
    void recoverThrowable_inARewrittenFrame_givesThePanicAndItsStack() {
        List<Throwable> log = new ArrayList<>();
        assertEquals("500 no such account", handle(log));
        Panic p = assertInstanceOf(Panic.class, log.get(0));
        assertEquals("no such account", p.value());
        assertTrue(Arrays.stream(p.getStackTrace()).anyMatch(e -> e.getMethodName().equals("failDeepInside")),
                Arrays.toString(p.getStackTrace()));
    }

    @Recover
    static int recoverThrowableThenImplicit(List<Object> log) {
        defer(() -> log.add(Go.recoverThrowable()));
        throw BOOM;
    }

    @Test
    void recoverThrowable_inARecoverFrame_recoversBeforeTheImplicitRecover() {
        List<Object> log = new ArrayList<>();
        assertEquals(0, recoverThrowableThenImplicit(log));
        assertEquals(List.of(BOOM), log);
    }

    @Defer
    static Supplier<Throwable> helperCannotRecover(List<Object> log) {
        defer(() -> log.add(String.valueOf(helper())));
        throw BOOM;
    }

    private static Throwable helper() {
        return recoverThrowable();
    }

    @Test
    void recoverThrowable_fromAHelperOfTheDeferredAction_returnsNull() {
        List<Object> log = new ArrayList<>();
        assertSame(BOOM, assertThrows(IllegalStateException.class, () -> helperCannotRecover(log)));
        assertEquals(List.of("null"), log);
    }

    // ------------------------------------------------------------------ requireAgent

    @Test
    void requireAgent_passesWhereTheFramesAreRewritten() {
        Go.requireAgent();
    }
}
