package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md rule 12 for void, every primitive, a reference and an array return: {@code
 * return 6} then a deferred {@code setResult(result * 7)} returns 42; after a recover the method
 * returns the zero value, or what {@code setResult} stored in the body; {@code return v} overwrites
 * that.
 */
class ResultSlotIT {
    private static final RuntimeException BOOM = new IllegalStateException("boom");

    // ------------------------------------------------------------------ return 6, deferred *= 7

    @Defer static boolean bool42() { defer(() -> setResult(!Go.<Boolean>result())); return true; }
    @Defer static byte byte42() { defer(() -> setResult((byte) (Go.<Byte>result() * 7))); return 6; }
    @Defer static char char42() { defer(() -> setResult((char) (Go.<Character>result() + 1))); return 'a'; }
    @Defer static short short42() { defer(() -> setResult((short) (Go.<Short>result() * 7))); return 6; }
    @Defer static int int42() { defer(() -> setResult(Go.<Integer>result() * 7)); return 6; }
    @Defer static long long42() { defer(() -> setResult(Go.<Long>result() * 7)); return 6L; }
    @Defer static float float42() { defer(() -> setResult(Go.<Float>result() * 7)); return 6f; }
    @Defer static double double42() { defer(() -> setResult(Go.<Double>result() * 7)); return 6d; }
    @Defer static String string42() { defer(() -> setResult(Go.<String>result() + "pher")); return "go"; }
    @Defer static int[] array42() { defer(() -> setResult(new int[] {Go.<int[]>result()[0] * 7})); return new int[] {6}; }
    @Defer static Object object42() { defer(() -> setResult(Go.<Integer>result() * 7)); return 6; }

    @Test
    void returnSix_deferredSetResultTimesSeven_returns42() {
        assertEquals(false, bool42());
        assertEquals((byte) 42, byte42());
        assertEquals('b', char42());
        assertEquals((short) 42, short42());
        assertEquals(42, int42());
        assertEquals(42L, long42());
        assertEquals(42f, float42());
        assertEquals(42d, double42());
        assertEquals("gopher", string42());
        assertArrayEquals(new int[] {42}, array42());
        assertEquals(42, object42());
    }

    // ------------------------------------------------------------------ zero value after recover

    @Recover static boolean boolZero() { throw BOOM; }
    @Recover static byte byteZero() { throw BOOM; }
    @Recover static char charZero() { throw BOOM; }
    @Recover static short shortZero() { throw BOOM; }
    @Recover static int intZero() { throw BOOM; }
    @Recover static long longZero() { throw BOOM; }
    @Recover static float floatZero() { throw BOOM; }
    @Recover static double doubleZero() { throw BOOM; }
    @Recover static String stringZero() { throw BOOM; }
    @Recover static int[] arrayZero() { throw BOOM; }
    @Recover static void voidRecovered() { throw BOOM; }

    @Test
    void recovered_returnsTheZeroValue_neverNullForAPrimitive() {
        assertEquals(false, boolZero());
        assertEquals((byte) 0, byteZero());
        assertEquals('\0', charZero());
        assertEquals((short) 0, shortZero());
        assertEquals(0, intZero());
        assertEquals(0L, longZero());
        assertEquals(0f, floatZero());
        assertEquals(0d, doubleZero());
        assertNull(stringZero());
        assertNull(arrayZero());
        voidRecovered();
    }

    // ------------------------------------------------------------------ setResult in the body, then a panic

    @Recover static boolean boolSet() { setResult(true); throw BOOM; }
    @Recover static byte byteSet() { setResult((byte) 5); throw BOOM; }
    @Recover static char charSet() { setResult('c'); throw BOOM; }
    @Recover static short shortSet() { setResult((short) 5); throw BOOM; }
    @Recover static int intSet() { setResult(5); throw BOOM; }
    @Recover static long longSet() { setResult(5); throw BOOM; }        // int widened to long
    @Recover static float floatSet() { setResult(5.5f); throw BOOM; }
    @Recover static double doubleSet() { setResult(5.5); throw BOOM; }
    @Recover static String stringSet() { setResult("five"); throw BOOM; }
    @Recover static int[] arraySet() { setResult(new int[] {5}); throw BOOM; }

    @Test
    void setResultInTheBody_thenRecovered_returnsTheStoredValue() {
        assertEquals(true, boolSet());
        assertEquals((byte) 5, byteSet());
        assertEquals('c', charSet());
        assertEquals((short) 5, shortSet());
        assertEquals(5, intSet());
        assertEquals(5L, longSet());
        assertEquals(5.5f, floatSet());
        assertEquals(5.5, doubleSet());
        assertEquals("five", stringSet());
        assertArrayEquals(new int[] {5}, arraySet());
    }

    @Defer static int returnOverwrites() { setResult(5); return 9; }
    @Defer static double returnOverwritesDouble() { setResult(5.0); return 9.0; }
    @Defer static long resultInBody() { setResult(5L); return Go.<Long>result() + 1; }
    @Defer static String resultInBodyBeforeSet() { return "[" + Go.result() + "]"; }
    @Recover static int deferredSetWhilePanicking() { defer(() -> setResult(7)); throw BOOM; }
    @Recover static long deferredReadsBodySlotWhilePanicking() {
        setResult(3L);
        defer(() -> setResult(Go.<Long>result() * 14));
        throw BOOM;
    }

    @Test
    void returnV_overwritesTheSlot_resultReadsIt_deferredActionsSeeTheBodySlot() {
        assertEquals(9, returnOverwrites());
        assertEquals(9.0, returnOverwritesDouble());
        assertEquals(6L, resultInBody());
        assertEquals("[null]", resultInBodyBeforeSet());
        assertEquals(7, deferredSetWhilePanicking());
        assertEquals(42L, deferredReadsBodySlotWhilePanicking());
    }

    // ------------------------------------------------------------------ misuse fails clearly

    @Defer static int wrongType() { setResult("x"); return 1; }
    @Defer static int nullForPrimitive() { setResult(null); return 1; }
    @Defer static int narrowing() { setResult(5L); return 1; }
    @Defer static void voidSetInDeferred() { defer(() -> setResult(1)); }
    @Defer static void voidSetInBody() { setResult(1); }

    @Test
    void setResult_withAValueTheReturnTypeCannotTake_failsWithTheMethodName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ResultSlotIT::wrongType);
        assertTrue(e.getMessage().contains("ResultSlotIT.wrongType"), e.getMessage());
        assertThrows(IllegalArgumentException.class, ResultSlotIT::nullForPrimitive);
        assertThrows(IllegalArgumentException.class, ResultSlotIT::narrowing);
    }

    @Test
    void setResult_inAVoidFrame_failsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, ResultSlotIT::voidSetInDeferred);
        assertTrue(e.getMessage().contains("void"), e.getMessage());
        assertThrows(IllegalStateException.class, ResultSlotIT::voidSetInBody);
    }
}
