package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code Go.call} body is one frame with one result slot, also when the body's lambda calls
 * {@code Go.defer} and so becomes a frame of its own under the agent: what the body stores with
 * {@code setResult} is what its deferred actions read with {@code result()}, and what the call
 * returns after a recover. Go: {@code v := func() (r T) { r = 5; defer func() { recover() }();
 * panic("x") }()} yields 5. Every boxed primitive, a reference, an array and {@code Object}, since
 * the lambda's descriptor returns the call's type argument.
 */
class GoCallResultIT {
    private static final Object VALUE = new Object() {
        @Override
        public String toString() {
            return "the value";
        }
    };

    private static final List<Object> log = new ArrayList<>();

    @BeforeEach
    void clearLog() {
        log.clear();
    }

    // ------------------------------------------------------------------ the reported program

    @Test
    void bodySetsResult_deferredActionRecoversAndReadsIt_callReturnsIt() {
        Long v = Go.<Long>call(() -> {
            setResult(5L);
            defer(() -> log.add("recover=" + recover() + " result=" + Go.result()));
            throw panic("x");
        });
        log.add("call returned " + v);
        assertEquals(List.of("recover=x result=5", "call returned 5"), log);
    }

    // ------------------------------------------------------------------ setResult in the body, recovered

    // The deferred action only recovers: these bodies may be open-coded.
    static Boolean boolSet() { return Go.<Boolean>call(() -> { setResult(true); defer(() -> recover()); throw panic("x"); }); }
    static Byte byteSet() { return Go.<Byte>call(() -> { setResult((byte) 5); defer(() -> recover()); throw panic("x"); }); }
    static Character charSet() { return Go.<Character>call(() -> { setResult('c'); defer(() -> recover()); throw panic("x"); }); }
    static Short shortSet() { return Go.<Short>call(() -> { setResult((short) 5); defer(() -> recover()); throw panic("x"); }); }
    static Integer intSet() { return Go.<Integer>call(() -> { setResult(5); defer(() -> recover()); throw panic("x"); }); }
    static Long longSet() { return Go.<Long>call(() -> { setResult(5L); defer(() -> recover()); throw panic("x"); }); }
    static Float floatSet() { return Go.<Float>call(() -> { setResult(5.5f); defer(() -> recover()); throw panic("x"); }); }
    static Double doubleSet() { return Go.<Double>call(() -> { setResult(5.5); defer(() -> recover()); throw panic("x"); }); }
    static String stringSet() { return Go.<String>call(() -> { setResult("five"); defer(() -> recover()); throw panic("x"); }); }
    static int[] arraySet() { return Go.<int[]>call(() -> { setResult(new int[] {5}); defer(() -> recover()); throw panic("x"); }); }
    static Object objectSet() { return Go.<Object>call(() -> { setResult(VALUE); defer(() -> recover()); throw panic("x"); }); }

    @Test
    void bodySetsResult_thenRecovered_callReturnsTheStoredValue() {
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
        assertSame(VALUE, objectSet());
    }

    // ------------------------------------------------------------------ ... and read in the deferred action

    static Boolean boolSeen() { return Go.<Boolean>call(() -> { setResult(true); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Byte byteSeen() { return Go.<Byte>call(() -> { setResult((byte) 5); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Character charSeen() { return Go.<Character>call(() -> { setResult('c'); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Short shortSeen() { return Go.<Short>call(() -> { setResult((short) 5); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Integer intSeen() { return Go.<Integer>call(() -> { setResult(5); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Long longSeen() { return Go.<Long>call(() -> { setResult(5L); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Float floatSeen() { return Go.<Float>call(() -> { setResult(5.5f); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Double doubleSeen() { return Go.<Double>call(() -> { setResult(5.5); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static String stringSeen() { return Go.<String>call(() -> { setResult("five"); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static int[] arraySeen() { return Go.<int[]>call(() -> { setResult(new int[] {5}); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }
    static Object objectSeen() { return Go.<Object>call(() -> { setResult(VALUE); defer(() -> { recover(); log.add(Go.result()); }); throw panic("x"); }); }

    @Test
    void bodySetsResult_deferredActionRecoversAndReadsIt_seesTheStoredValue() {
        assertEquals(true, boolSeen());
        assertEquals((byte) 5, byteSeen());
        assertEquals('c', charSeen());
        assertEquals((short) 5, shortSeen());
        assertEquals(5, intSeen());
        assertEquals(5L, longSeen());
        assertEquals(5.5f, floatSeen());
        assertEquals(5.5, doubleSeen());
        assertEquals("five", stringSeen());
        int[] array = arraySeen();
        assertArrayEquals(new int[] {5}, array);
        assertSame(VALUE, objectSeen());
        assertEquals(Arrays.asList(true, (byte) 5, 'c', (short) 5, 5, 5L, 5.5f, 5.5, "five", array, VALUE), log);
    }

    // ------------------------------------------------------------------ setResult in the deferred action

    static Boolean boolInAction() { return Go.<Boolean>call(() -> { defer(() -> { if (recover() != null) setResult(true); }); throw panic("x"); }); }
    static Byte byteInAction() { return Go.<Byte>call(() -> { defer(() -> { if (recover() != null) setResult((byte) 7); }); throw panic("x"); }); }
    static Character charInAction() { return Go.<Character>call(() -> { defer(() -> { if (recover() != null) setResult('r'); }); throw panic("x"); }); }
    static Short shortInAction() { return Go.<Short>call(() -> { defer(() -> { if (recover() != null) setResult((short) 7); }); throw panic("x"); }); }
    static Integer intInAction() { return Go.<Integer>call(() -> { defer(() -> { if (recover() != null) setResult(7); }); throw panic("x"); }); }
    static Long longInAction() { return Go.<Long>call(() -> { defer(() -> { if (recover() != null) setResult(7L); }); throw panic("x"); }); }
    static Float floatInAction() { return Go.<Float>call(() -> { defer(() -> { if (recover() != null) setResult(7.5f); }); throw panic("x"); }); }
    static Double doubleInAction() { return Go.<Double>call(() -> { defer(() -> { if (recover() != null) setResult(7.5); }); throw panic("x"); }); }
    static String stringInAction() { return Go.<String>call(() -> { defer(() -> { if (recover() != null) setResult("seven"); }); throw panic("x"); }); }
    static int[] arrayInAction() { return Go.<int[]>call(() -> { defer(() -> { if (recover() != null) setResult(new int[] {7}); }); throw panic("x"); }); }
    static Object objectInAction() { return Go.<Object>call(() -> { defer(() -> { if (recover() != null) setResult(VALUE); }); throw panic("x"); }); }

    @Test
    void deferredActionRecoversAndSetsResult_callReturnsIt() {
        assertEquals(true, boolInAction());
        assertEquals((byte) 7, byteInAction());
        assertEquals('r', charInAction());
        assertEquals((short) 7, shortInAction());
        assertEquals(7, intInAction());
        assertEquals(7L, longInAction());
        assertEquals(7.5f, floatInAction());
        assertEquals(7.5, doubleInAction());
        assertEquals("seven", stringInAction());
        assertArrayEquals(new int[] {7}, arrayInAction());
        assertSame(VALUE, objectInAction());
    }

    // Set in the body, overridden in the action from what it reads: one slot or the other would lose a step.
    static Integer intBodyThenAction() {
        return Go.<Integer>call(() -> {
            setResult(5);
            defer(() -> {
                if (recover() != null) {
                    setResult(Go.<Integer>result() * 7);
                }
            });
            throw panic("x");
        });
    }

    static String stringBodyThenAction() {
        return Go.<String>call(() -> {
            setResult("go");
            defer(() -> {
                if (recover() != null) {
                    setResult(Go.<String>result() + "pher");
                }
            });
            throw panic("x");
        });
    }

    @Test
    void bodySetsResult_deferredActionRecoversAndOverridesFromIt() {
        assertEquals(35, intBodyThenAction());
        assertEquals("gopher", stringBodyThenAction());
    }

    // ------------------------------------------------------------------ normal return, deferred override

    static Boolean bool42() { return Go.<Boolean>call(() -> { defer(() -> setResult(!Go.<Boolean>result())); return true; }); }
    static Byte byte42() { return Go.<Byte>call(() -> { defer(() -> setResult((byte) (Go.<Byte>result() * 7))); return (byte) 6; }); }
    static Character char42() { return Go.<Character>call(() -> { defer(() -> setResult((char) (Go.<Character>result() + 1))); return 'a'; }); }
    static Short short42() { return Go.<Short>call(() -> { defer(() -> setResult((short) (Go.<Short>result() * 7))); return (short) 6; }); }
    static Integer int42() { return Go.<Integer>call(() -> { defer(() -> setResult(Go.<Integer>result() * 7)); return 6; }); }
    static Long long42() { return Go.<Long>call(() -> { defer(() -> setResult(Go.<Long>result() * 7)); return 6L; }); }
    static Float float42() { return Go.<Float>call(() -> { defer(() -> setResult(Go.<Float>result() * 7)); return 6f; }); }
    static Double double42() { return Go.<Double>call(() -> { defer(() -> setResult(Go.<Double>result() * 7)); return 6d; }); }
    static String string42() { return Go.<String>call(() -> { defer(() -> setResult(Go.<String>result() + "pher")); return "go"; }); }
    static int[] array42() { return Go.<int[]>call(() -> { defer(() -> setResult(new int[] {Go.<int[]>result()[0] * 7})); return new int[] {6}; }); }
    static Object object42() { return Go.<Object>call(() -> { defer(() -> setResult(Go.<Integer>result() * 7)); return 6; }); }

    @Test
    void bodyReturnsNormally_deferredActionOverridesTheResult() {
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

    @Test
    void bodySetsResultThenReturns_returnOverwrites_andTheBodyReadsItsOwnSlot() {
        Integer r = Go.<Integer>call(() -> {
            defer(() -> log.add("deferred sees " + Go.result()));
            log.add("before " + Go.result());
            setResult(5);
            log.add("after " + Go.result());
            return Go.<Integer>result() + 4;
        });
        assertEquals(9, r);
        assertEquals(List.of("before null", "after 5", "deferred sees 9"), log);
    }

    @Test
    void nothingStored_recovered_callReturnsNull_andTheActionSeesNull() {
        Long v = Go.<Long>call(() -> {
            defer(() -> log.add("recover=" + recover() + " result=" + Go.result()));
            throw panic("x");
        });
        assertNull(v);
        assertEquals(List.of("recover=x result=null"), log);
    }

    @Test
    void bodyThatDefers_setResultOfAnotherType_failsWithTheCallsTypeArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Go.<Long>call(() -> {
            defer(() -> log.add("deferred ran"));
            setResult("five");
            return 5L;
        }));
        assertTrue(e.getMessage().contains("java.lang.Long"), e.getMessage());
        assertTrue(e.getMessage().contains(GoCallResultIT.class.getName()), e.getMessage());
        assertEquals(List.of("deferred ran"), log);
    }

    // ------------------------------------------------------------------ @Recover shape

    @Recover
    static Long recoverMethodSetsResult() {
        setResult(5L);
        defer(() -> log.add("result=" + Go.result()));
        throw panic("x");
    }

    @Recover
    static long recoverMethodSetsPrimitive() {
        setResult(5L);
        throw panic("x");
    }

    @Test
    void goCallOfARecoverMethod_returnsWhatItsBodyStored() {
        assertEquals(5L, Go.call(GoCallResultIT::recoverMethodSetsResult));
        assertEquals(5L, Go.call(GoCallResultIT::recoverMethodSetsPrimitive));
        assertEquals(List.of("result=5"), log);
    }

    /** The body's slot is its own: it neither leaks into the enclosing frame nor is lost to it. */
    @Recover
    static Long recoverMethodAroundACall() {
        setResult(7L);
        Long inner = Go.<Long>call(() -> {
            setResult(5L);
            defer(() -> log.add("inner result=" + Go.result()));
            throw panic("x");
        });
        log.add("not reached " + inner);
        return inner;
    }

    @Test
    void panicLeavingAGoCallBody_isRecoveredByTheEnclosingRecoverMethod_withItsOwnResult() {
        assertEquals(7L, recoverMethodAroundACall());
        assertEquals(List.of("inner result=5"), log);
    }

    // ------------------------------------------------------------------ nested Go.call

    @Test
    void nestedCalls_bothDeferring_eachKeepsItsOwnSlot() {
        Integer r = Go.<Integer>call(() -> {
            setResult(1);
            defer(() -> log.add("outer recover=" + recover() + " result=" + Go.result()));
            Integer inner = Go.<Integer>call(() -> {
                setResult(2);
                defer(() -> log.add("inner recover=" + recover() + " result=" + Go.result()));
                throw panic("inner");
            });
            log.add("inner returned " + inner + ", outer holds " + Go.result());
            throw panic("outer");
        });
        assertEquals(1, r);
        assertEquals(List.of("inner recover=inner result=2", "inner returned 2, outer holds 1",
                "outer recover=outer result=1"), log);
    }

    @Test
    void nestedCall_innerBodyWithoutDefer_usesTheCallFrame_outerKeepsItsSlot() {
        Integer r = Go.<Integer>call(() -> {
            setResult(1);
            defer(() -> recover());
            Integer inner = Go.<Integer>call(() -> {
                setResult(2);
                log.add(Go.result());
                return Go.<Integer>result() + 1;
            });
            log.add(inner);
            log.add(Go.result());
            throw panic("x");
        });
        assertEquals(1, r);
        assertEquals(List.of(2, 3, 1), log);
    }

    @Test
    void callInsideADeferredAction_hasItsOwnSlot() {
        Integer r = Go.<Integer>call(() -> {
            setResult(1);
            defer(() -> {
                Object p = recover();
                Integer x = Go.<Integer>call(() -> {
                    setResult(10);
                    defer(() -> {
                        log.add("inner recover=" + recover());
                        setResult(Go.<Integer>result() + 1);
                    });
                    throw panic("in action");
                });
                log.add("x=" + x + " p=" + p + " outer=" + Go.result());
            });
            throw panic("x");
        });
        assertEquals(1, r);
        assertEquals(List.of("inner recover=in action", "x=11 p=x outer=1"), log);
    }

    // ------------------------------------------------------------------ other lambda frames, Go.run

    @Test
    void supplierLambdaFrame_hasItsOwnSlot() {
        Supplier<Long> s = () -> {
            setResult(5L);
            defer(() -> log.add("result=" + Go.result() + " recover=" + recover()));
            throw panic("x");
        };
        IntSupplier i = () -> {
            setResult(5);
            defer(() -> {
                recover();
                setResult(Go.<Integer>result() * 7);
            });
            throw panic("x");
        };
        assertEquals(5L, s.get());
        assertEquals(35, i.getAsInt());
        assertEquals(List.of("result=5 recover=x"), log);
    }

    @Test
    void goRunBody_recovers_andHasNoResultSlot() {
        Go.run(() -> {
            defer(() -> log.add("recovered " + recover()));
            throw panic("x");
        });
        IllegalStateException inBody = assertThrows(IllegalStateException.class, () -> Go.run(() -> {
            defer(() -> log.add("deferred ran"));
            setResult(1);
        }));
        assertTrue(inBody.getMessage().contains("Go.call"), inBody.getMessage());
        IllegalStateException inAction = assertThrows(IllegalStateException.class, () -> Go.run(() -> {
            defer(() -> setResult(1));
        }));
        assertTrue(inAction.getMessage().contains("Go.call"), inAction.getMessage());
        assertEquals(List.of("recovered x", "deferred ran"), log);
    }
}
