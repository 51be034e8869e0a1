package io.jdefer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The result slot's type as an exit's deferred actions see it (what {@code Go.setResult} converts
 * to, and what an open-coded exit saves and gives back): the exiting frame's own result type for
 * every return kind, whether the state keeps it as a {@code Class} or as a primitive kind, and
 * the enclosing exit's again once a nested exit is done.
 */
class SlotTypeTest {

    @Test
    void exitOfEveryReturnKind_whileItsActionRuns_hasItsOwnResultType() {
        GoroutineState g = GoroutineState.current();
        List<Class<?>> seen = new ArrayList<>();
        io.jdefer.Action see = () -> seen.add(OpenCodedSupport.slotType(g));

        g.defer(see);
        g.deferReturnVoid(g.top() - 1, null);
        g.defer(see);
        assertEquals(true, g.deferReturnBoolean(g.top() - 1, true, null));
        g.defer(see);
        assertEquals((byte) 3, g.deferReturnByte(g.top() - 1, (byte) 3, null));
        g.defer(see);
        assertEquals('c', g.deferReturnChar(g.top() - 1, 'c', null));
        g.defer(see);
        assertEquals((short) 5, g.deferReturnShort(g.top() - 1, (short) 5, null));
        g.defer(see);
        assertEquals(6, g.deferReturnInt(g.top() - 1, 6, null));
        g.defer(see);
        assertEquals(7L, g.deferReturnLong(g.top() - 1, 7L, null));
        g.defer(see);
        assertEquals(8.5f, g.deferReturnFloat(g.top() - 1, 8.5f, null));
        g.defer(see);
        assertEquals(9.5, g.deferReturnDouble(g.top() - 1, 9.5, null));
        g.defer(see);
        assertEquals("ten", g.deferReturnObject(g.top() - 1, "ten", null, CharSequence.class));

        assertEquals(List.of(void.class, boolean.class, byte.class, char.class, short.class, int.class,
                long.class, float.class, double.class, CharSequence.class), seen);
        assertNull(OpenCodedSupport.slotType(g), "no exit runs: no slot");
    }

    @Test
    void nestedExits_whenTheyEnd_giveTheEnclosingExitItsTypeAndResultBack() {
        GoroutineState g = GoroutineState.current();
        List<Object> seen = new ArrayList<>();
        Object[] refAfter = {"not read"};
        int mark = g.top();
        g.defer(() -> {
            seen.add(OpenCodedSupport.slotType(g));
            int inner = g.top();
            g.defer(() -> seen.add(OpenCodedSupport.slotType(g)));
            seen.add(g.deferReturnObject(inner, "inner", null, String.class));
            seen.add(OpenCodedSupport.slotType(g));
            g.defer(() -> seen.add(OpenCodedSupport.slotType(g)));
            seen.add(g.deferReturnDouble(inner, 2.5, null));
            seen.add(OpenCodedSupport.slotType(g));
            refAfter[0] = OpenCodedSupport.slotRef(g);
        });
        assertEquals(6, g.deferReturnInt(mark, 6, null));
        assertEquals(List.of(int.class, String.class, "inner", int.class, double.class, 2.5, int.class), seen);
        assertNull(refAfter[0], "the int exit's slot holds no reference once the nested reference exit ended");
    }

    @Test
    void exitReturningAReference_nestedInAnotherOne_leavesTheEnclosingReferenceInPlace() {
        GoroutineState g = GoroutineState.current();
        List<Object> seen = new ArrayList<>();
        int mark = g.top();
        g.defer(() -> {
            int inner = g.top();
            g.defer(() -> seen.add(OpenCodedSupport.slotRef(g)));
            seen.add(g.deferReturnObject(inner, "inner", null, String.class));
            seen.add(OpenCodedSupport.slotRef(g));
            seen.add(OpenCodedSupport.slotType(g));
        });
        assertEquals("outer", g.deferReturnObject(mark, "outer", null, Object.class));
        assertEquals(List.of("inner", "inner", "outer", Object.class), seen);
        assertNull(OpenCodedSupport.slotRef(g), "nothing left in the slot once every exit ended");
    }
}
