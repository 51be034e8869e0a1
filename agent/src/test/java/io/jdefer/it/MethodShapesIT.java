package io.jdefer.it;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every method shape the agent rewrites: static, instance, private, final,
 * synchronized, generic, varargs, interface default and static, enum, record, inner, anonymous,
 * static initializer, bridge, and bodies with their own try/catch, switches and wide locals.
 */
class MethodShapesIT {
    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    private final List<String> log = new ArrayList<>();
    private int field = 6;

    @Defer
    static int staticMethod() {
        defer(() -> setResult(Go.<Integer>result() + 1));
        return 41;
    }

    @Defer
    int instanceMethod() {
        defer(() -> field *= 7);
        return field;
    }

    @Defer
    private String privateMethod(String s) {
        defer(log::add, "private " + s);
        return s;
    }

    @Defer
    final long finalMethod(long a, double b, long c) {
        defer(() -> log.add("final"));
        long sum = a + c;
        for (int i = 0; i < 3; i++) {
            sum += (long) b;
        }
        return sum;
    }

    @Defer
    synchronized boolean synchronizedMethod() {
        defer(() -> log.add("holds lock in deferred action: " + Thread.holdsLock(this)));
        return Thread.holdsLock(this);
    }

    @Defer
    static <T extends Comparable<T>> T generic(T a, T b) {
        defer(() -> LOG.add("generic"));
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Recover
    static <T> T genericRecovered() {
        throw new IllegalStateException();
    }

    @Defer
    static int varargs(String label, int... xs) {
        defer(LOG::add, label);
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    @Test
    void staticInstancePrivateFinalSynchronizedGenericVarargs() {
        assertEquals(42, staticMethod());
        assertEquals(6, instanceMethod());
        assertEquals(42, field);
        assertEquals("x", privateMethod("x"));
        assertEquals(11L, finalMethod(2, 3.5, 0));
        assertTrue(synchronizedMethod());
        assertEquals(List.of("private x", "final", "holds lock in deferred action: true"), log);
        LOG.clear();
        assertEquals("b", generic("a", "b"));
        assertNull(genericRecovered());
        assertEquals(6, varargs("varargs", 1, 2, 3));
        assertEquals(List.of("generic", "varargs"), LOG);
    }

    // ------------------------------------------------------------------ interfaces

    interface Shape {
        @Defer
        default int area() {
            defer(() -> setResult(Go.<Integer>result() * 7));
            return side() * side();
        }

        int side();

        @Defer
        static String unit() {
            defer(() -> setResult(Go.<String>result() + "²"));
            return "cm";
        }

        @Recover
        private int privateInterfaceMethod() {
            throw new IllegalStateException();
        }

        default int callsPrivate() {
            return privateInterfaceMethod() + 1;
        }
    }

    @Test
    void interfaceDefaultStaticAndPrivateMethods() {
        Shape s = () -> 1;
        assertEquals(7, s.area());
        assertEquals("cm²", Shape.unit());
        assertEquals(1, s.callsPrivate());
    }

    // ------------------------------------------------------------------ enums, records, inner, anonymous

    enum Op {
        TIMES_SEVEN {
            @Override
            @Defer
            int apply(int x) {
                defer(() -> setResult(Go.<Integer>result() * 7));
                return x;
            }
        },
        PLUS_ONE {
            @Override
            int apply(int x) {
                return x + 1;
            }
        };

        abstract int apply(int x);

        @Recover
        int safeDivide(int a, int b) {
            return a / b;
        }
    }

    record Point(int x, int y) {
        @Defer
        int sum() {
            defer(() -> setResult(Go.<Integer>result() * 7));
            return x + y;
        }
    }

    class Inner {
        @Defer
        int outerField() {
            defer(() -> field = 0);
            return field;
        }
    }

    @Test
    void enumRecordInnerAnonymous() {
        assertEquals(42, Op.TIMES_SEVEN.apply(6));
        assertEquals(7, Op.PLUS_ONE.apply(6));
        assertEquals(0, Op.PLUS_ONE.safeDivide(1, 0));
        assertEquals(42, new Point(2, 4).sum());
        assertEquals(6, new Inner().outerField());
        assertEquals(0, field);
        IntSupplier anonymous = new IntSupplier() {
            @Override
            @Defer
            public int getAsInt() {
                defer(() -> setResult(Go.<Integer>result() * 7));
                return 6;
            }
        };
        assertEquals(42, anonymous.getAsInt());
    }

    // ------------------------------------------------------------------ static initializer, bridge

    static final class WithStaticInit {
        static final List<String> INIT = new ArrayList<>();

        static {
            defer(() -> INIT.add("clinit deferred"));
            INIT.add("clinit body");
        }
    }

    @Test
    void staticInitializer_callingGoDefer_isAFrame() {
        assertEquals(List.of("clinit body", "clinit deferred"), WithStaticInit.INIT);
    }

    static final class Named implements Supplier<String> {
        final List<String> calls = new ArrayList<>();

        @Override
        @Defer
        public String get() {
            defer(() -> calls.add("deferred"));
            return "named";
        }
    }

    @Test
    void bridgeMethod_runsTheDeferOnce() {
        Named n = new Named();
        Supplier<String> viaBridge = n;
        assertEquals("named", viaBridge.get());
        assertEquals(List.of("deferred"), n.calls);
    }

    // ------------------------------------------------------------------ bodies with their own control flow

    @Defer
    int ownTryCatch(int mode) {
        defer(log::add, "deferred " + mode);
        try {
            if (mode == 1) {
                throw new IllegalArgumentException("caught by the body");
            }
            return 10;
        } catch (IllegalArgumentException e) {
            log.add(e.getMessage());
            return 20;
        } finally {
            log.add("finally " + mode);
        }
    }

    @Test
    void theBodysOwnCatchAndFinally_takePrecedence_deferredActionsRunAfter() {
        assertEquals(10, ownTryCatch(0));
        assertEquals(20, ownTryCatch(1));
        assertEquals(List.of("finally 0", "deferred 0", "caught by the body", "finally 1", "deferred 1"), log);
    }

    @Defer
    static String switches(int i, String s) {
        defer(() -> setResult(Go.<String>result() + "!"));
        String a = switch (i) {
            case 0 -> "zero";
            case 1 -> "one";
            case 2 -> "two";
            default -> "many";
        };
        return switch (s) {
            case "x" -> a + "-x";
            case "y" -> a + "-y";
            default -> {
                long w = i * 3L;
                double d = w / 2.0;
                yield a + "-" + d;
            }
        };
    }

    @Test
    void switchesAndWideLocals() {
        assertEquals("one-x!", switches(1, "x"));
        assertEquals("many-4.5!", switches(3, "z"));
    }

    @Recover
    static int earlyReturns(int n) {
        defer(() -> {
            if (recover() != null) {
                setResult(-1);
            }
        });
        if (n < 0) {
            return 0;
        }
        for (int i = 0; ; i++) {
            if (i == n) {
                return i * 2;
            }
            if (i > 100) {
                throw new IllegalStateException();
            }
        }
    }

    @Test
    void manyReturnSitesAndALoop() {
        assertEquals(0, earlyReturns(-5));
        assertEquals(20, earlyReturns(10));
        assertEquals(-1, earlyReturns(1000));
    }

    @Defer
    static void recursion(int depth, List<String> out) {
        defer(out::add, "exit " + depth);
        if (depth > 0) {
            recursion(depth - 1, out);
        }
    }

    @Test
    void recursion_eachInvocationIsItsOwnFrame() {
        List<String> out = new ArrayList<>();
        recursion(2, out);
        assertEquals(List.of("exit 0", "exit 1", "exit 2"), out);
    }

    @Test
    void uncheckedExceptionFromAFrame_inAPlainMethod() {
        assertThrows(ArithmeticException.class, () -> Op.PLUS_ONE.apply(1 / zero()));
    }

    private static int zero() {
        return 0;
    }
}
