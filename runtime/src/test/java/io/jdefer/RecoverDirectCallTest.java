package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Rules 7 and 8 (go-reference G20–G27): {@code recover} works only when called directly by a
 * deferred action that the panic itself invoked. Ports of Go's {@code test/recover.go},
 * {@code test/recover1.go} and {@code runtime/defer_test.go} (TestRecoverMatching,
 * TestAbortedPanic), one Go function per test, Go's comments kept.
 *
 * <p>Failures are recorded with {@link #die} and asserted after the frame returned: like Go's
 * {@code die()}, the failure helper cannot depend on panic, the machinery under test.
 */
class RecoverDirectCallTest {
    private final List<String> failures = new ArrayList<>();

    // ---------------------------------------------------------------- Go's helpers, test/recover.go

    /** Go: {@code runtime.Breakpoint() // can't depend on panic}. */
    private void die(String what) {
        failures.add(what);
    }

    private void mustRecoverBody(Object v1, Object v2, Object v3, Object x) {
        Object v = v1;
        if (v != null) {
            die("spurious recover " + v);
        }
        v = v2;
        if (v == null) {
            die("missing recover"); // panic is useless here
        } else if (!Objects.equals(v, x)) {
            die("wrong value " + v + " " + x);
        }

        // the value should be gone now regardless
        v = v3;
        if (v != null) {
            die("recover didn't recover");
        }
    }

    private static Object doubleRecover() {
        return recover();
    }

    /** Deferred directly ({@code defer(this::mustRecover, x)}): its direct recover() succeeds. */
    private void mustRecover(Object x) {
        mustRecoverBody(doubleRecover(), recover(), recover(), x);
    }

    private void mustNotRecover() {
        Object v = recover();
        if (v != null) {
            die("spurious recover " + v);
        }
    }

    private void withoutRecover() {
        mustNotRecover(); // because it's a sub-call
    }

    private void assertNoFailures() {
        assertEquals(List.of(), failures);
    }

    // ---------------------------------------------------------------- test/recover.go

    @Test
    void test1_whenHelperAndSubCallRecover() {
        Go.run(() -> {
            defer(this::mustNotRecover);   // because mustRecover will squelch it
            defer(this::mustRecover, 1);   // because of panic below
            defer(this::withoutRecover);   // should be no-op, leaving for mustRecover to find
            throw panic(1);
        });
        assertNoFailures();
    }

    @Test
    void test1WithClosures_whenDeferredLambdasRecover() {
        // Repeat test1 with closures instead of standard function.
        // Interesting because recover bases its decision
        // on the frame pointer of its caller, and a closure's
        // frame pointer is in the middle of its actual arguments
        // (after the hidden ones for the closed-over variables).
        Go.run(() -> {
            defer(() -> {
                Object v = recover();
                if (v != null) {
                    die("spurious recover in closure");
                }
            });
            defer(x -> {
                mustNotRecover();
                Object v = recover();
                if (v == null) {
                    die("missing recover");
                } else if (!v.equals(x)) {
                    die("wrong value " + v + " " + x);
                }
            }, 1);
            defer(() -> mustNotRecover());
            throw panic(1);
        });
        assertNoFailures();
    }

    @Test
    void test2_whenRecoverIsTheDeferredCall() {
        Go.run(() -> {
            // Recover only sees the panic argument
            // if it is called from a deferred call.
            // It does not see the panic when called from a call within a deferred call (too late)
            // nor does it see the panic when it *is* the deferred call (too early).
            defer(this::mustRecover, 2);
            defer(Go::recover); // should be no-op
            throw panic(2);
        });
        assertNoFailures();
    }

    @Test
    void test3_whenDeferredLambdaCallsRecover() {
        Go.run(() -> {
            defer(this::mustNotRecover);
            defer(() -> {
                recover(); // should squelch
            });
            throw panic(3);
        });
        assertNoFailures();
    }

    @Test
    void test4_whenDeferredLambdaDefersRecover() {
        Go.run(() -> {
            // Equivalent to test3 but using defer to make the call.
            defer(this::mustNotRecover);
            defer(() -> {
                defer(Go::recover); // should squelch
            });
            throw panic(4);
        });
        assertNoFailures();
    }

    // Check that closures can set output arguments.
    // Run g().  If it panics, return x; else return deflt.
    private static Object tryCall(Action g, Object deflt) {
        return Go.call(() -> {
            defer(() -> {
                Object v = recover();
                if (v != null) {
                    Go.setResult(v);
                }
            });
            defer(g);
            return deflt;
        });
    }

    // Check that closures can set output arguments.
    // Run g().  If it panics, return x; else return deflt.
    private static Object tryCall1(Action g, Object deflt) {
        return Go.call(() -> {
            defer(() -> {
                Object v = recover();
                if (v != null) {
                    Go.setResult(v);
                }
            });
            defer(g);
            Go.setResult(deflt);
            return Go.result();
        });
    }

    @Test
    void test5_whenDeferredClosureSetsResult() {
        Object v = tryCall(() -> {
            throw panic(5);
        }, 55);
        if (!Objects.equals(v, 5)) {
            die("wrong value " + v + " 5");
        }
        Object s = tryCall(() -> { }, "hi");
        if (!Objects.equals(s, "hi")) {
            die("wrong value " + s + " hi");
        }
        v = tryCall1(() -> {
            throw panic(5);
        }, 55);
        if (!Objects.equals(v, 5)) {
            die("try1 wrong value " + v + " 5");
        }
        s = tryCall1(() -> { }, "hi");
        if (!Objects.equals(s, "hi")) {
            die("try1 wrong value " + s + " hi");
        }
        assertNoFailures();
    }

    // When a deferred big call starts, it must first
    // create yet another stack segment to hold the
    // giant frame for x.  Make sure that doesn't
    // confuse recover.
    private void big(boolean mustRecover) {
        long[] x = new long[100000];
        x[0] = 1;
        x[99999] = 1;
        Object v = recover();
        if (mustRecover) {
            if (v == null) {
                die("missing big recover");
            }
        } else if (v != null) {
            die("spurious big recover");
        }
    }

    @Test
    void test6_whenDeferredMethodAllocatesBigFrame() {
        Go.run(() -> {
            defer(this::big, false);
            defer(this::big, true);
            throw panic(6);
        });
        assertNoFailures();
    }

    @Test
    void test7_whenRecoveredThenEarlierDefersStillRun() {
        boolean[] ok = {false};
        Go.run(() -> {
            // should panic, then call mustRecover 7, which stops the panic.
            // then should keep processing ordinary defers earlier than that one
            // before returning.
            // this test checks that the defer func on the next line actually runs.
            defer(() -> ok[0] = true);
            defer(this::mustRecover, 7);
            throw panic(7);
        });
        if (!ok[0]) {
            die("did not run ok func");
        }
        assertNoFailures();
    }

    record VarArgs(int[] s, int... a) {
    }

    private static void varargs(VarArgs x) {
        int[] s = x.s();
        s[0] = 0;
        for (int v : x.a()) {
            s[0] += v;
        }
        if (recover() != null) {
            s[0] += 100;
        }
    }

    @Test
    void test8_whenDeferredCallHasVarargs() {
        int[] r8a = {-1};
        Go.run(() -> {
            defer(RecoverDirectCallTest::varargs, new VarArgs(r8a, 1, 2, 3));
            throw panic(0);
        });
        int[] r8b = {-1};
        Go.run(() -> defer(RecoverDirectCallTest::varargs, new VarArgs(r8b, 4, 5, 6)));
        if (r8a[0] != 106 || r8b[0] != 15) {
            die("wrong value " + r8a[0] + " " + r8b[0]);
        }
        assertNoFailures();
    }

    @Test
    void recover_whenDeferredLambdaCallsHelperThatRecovers_returnsNullInHelper() {
        // The Java shape of Go's withoutRecover: a lambda wrapping the call makes the lambda the
        // deferred function, and the wrapped method a sub-call.
        int[] r = {-1};
        Throwable t = catchPanic(() -> Go.run(() -> {
            defer(x -> varargs(x), new VarArgs(r, 1, 2, 3));
            throw panic(0);
        }));
        assertEquals(6, r[0]);
        assertTrue(t instanceof Panic, String.valueOf(t));
    }

    interface I {
        void m();
    }

    /** test9–test14: a deferred method called through an interface (Go's wrapper cases). */
    final class T1 implements I {
        @Override
        public void m() {
            mustRecoverBody(doubleRecover(), recover(), recover(), 9);
        }
    }

    @Test
    void test9_whenDeferredInterfaceMethodRecovers() {
        I i = new T1();
        Go.run(() -> {
            defer(i::m);
            throw panic(9);
        });
        assertNoFailures();
    }

    @Test
    void test9reflect1_whenDeferredMethodIsCalledReflectively() {
        // Go: f := reflect.ValueOf(&T1{}).Method(0).Interface().(func()); defer f().
        // In Java the reflective call is made by the deferred lambda, so the lambda is the
        // deferred function and m() is a sub-call: it must not recover; the lambda then must.
        I i = new T1();
        Object[] got = {"unset"};
        Go.run(() -> {
            defer(() -> {
                java.lang.reflect.Method m = I.class.getMethod("m");
                m.invoke(new I() {
                    @Override
                    public void m() {
                        mustNotRecover();
                    }
                });
                got[0] = recover();
            });
            throw panic(9);
        });
        assertEquals(9, got[0]);
        assertNoFailures();
    }

    // function created by reflect.MakeFunc
    // (Java: a java.lang.reflect.Proxy; its generated class is an adapter like Go's MakeFunc
    // trampoline, so the handler is the deferred function: go-reference G24.)
    private Object reflectFunc(Object proxy, java.lang.reflect.Method method, Object[] args) {
        mustRecoverBody(doubleRecover(), recover(), recover(), 15);
        return null;
    }

    @Test
    void test15_whenDeferredProxyHandlerRecovers() {
        Action f = (Action) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Action.class}, this::reflectFunc);
        Go.run(() -> {
            defer(f);
            throw panic(15);
        });
        assertNoFailures();
    }

    @Test
    void test16_whenProxyHandlerCallsHelper_helperDoesNotRecover() {
        // go-reference G24 (Go test16: "This will call reflectFunc3"): a function the handler
        // calls is a sub-call and must not recover.
        Object[] inHelper = {"unset"};
        Action f = (Action) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Action.class}, (p, m, a) -> {
                    inHelper[0] = doubleRecover();
                    return null;
                });
        Throwable t = catchPanic(() -> Go.run(() -> {
            defer(f);
            throw panic(16);
        }));
        assertNull(inHelper[0]);
        assertTrue(t instanceof Panic p && Integer.valueOf(16).equals(p.value()), String.valueOf(t));
    }

    // ---------------------------------------------------------------- rule 7, the Java cases

    @Test
    void recover_whenCalledByFrameBodyWhilePanicking_returnsNull() {
        Object[] inBody = {"unset"};
        Go.run(() -> {
            defer(this::mustRecover, "p");
            defer(() -> {
                // A Go.run body inside a deferred call is a body, not a deferred call.
                Go.run(() -> inBody[0] = recover());
            });
            throw panic("p");
        });
        assertNull(inBody[0]);
        assertNoFailures();
    }

    @Test
    void recover_whenBodyCallsItDirectly_returnsNull() {
        Object[] got = {"unset"};
        Go.run(() -> got[0] = recover());
        assertNull(got[0]);
    }

    @Test
    void recover_whenNotPanicking_returnsNullInDeferredAction() {
        Object[] got = {"unset"};
        Go.run(() -> defer(() -> got[0] = recover()));
        assertNull(got[0]);
    }

    @Test
    void recover_whenOutsideAnyFrame_returnsNull() {
        assertNull(recover());
        assertEquals(0, io.jdefer.internal.GoroutineState.pendingDefers());
    }

    @Test
    void recover_whenSecondCallInSameAction_returnsNull() {
        Object[] got = new Object[2];
        Go.run(() -> {
            defer(() -> {
                got[0] = recover();
                got[1] = recover();
            });
            throw panic("once");
        });
        assertEquals("once", got[0]);
        assertNull(got[1]);
    }

    @Test
    void recover_whenLaterDeferredActionAfterRecovery_returnsNull() {
        Object[] got = {"unset", "unset"};
        Go.run(() -> {
            defer(() -> got[1] = recover());
            defer(() -> got[0] = recover());
            throw panic("once");
        });
        assertEquals("once", got[0]);
        assertNull(got[1]);
    }

    @Test
    void recover_whenOuterFrameDefersIt_recoversPanicOfInnerFrame() {
        // go-reference G29: any frame on the way up can recover; that frame returns normally.
        List<String> log = new ArrayList<>();
        Go.run(() -> {
            defer(() -> log.add("outer recovered " + recover()));
            Go.run(() -> {
                defer(() -> log.add("inner deferred"));
                Go.run(() -> {
                    throw panic("deep");
                });
                log.add("not reached");
            });
            log.add("not reached either");
        });
        assertEquals(List.of("inner deferred", "outer recovered deep"), log);
    }

    @Test
    void deferRecover_whenRegisteredByDeferredLambdaAndPanicContinues_recoversAtItsExit() {
        // Go's `defer recover()` inside a deferred func: when that func returns, the deferred
        // recover runs as if called directly by it (go-reference G23).
        List<String> log = new ArrayList<>();
        Go.run(() -> {
            defer(() -> log.add("after: " + recover()));
            defer(() -> {
                defer(Go::recover);
                log.add("deferred func body");
            });
            throw panic("squelched");
        });
        assertEquals(List.of("deferred func body", "after: null"), log);
    }

    @Test
    void deferRecover_whenTopLevelOfPanickingFrame_doesNotStopPanic() {
        Throwable t = catchPanic(() -> Go.run(() -> {
            defer(Go::recover);
            throw panic("not squelched");
        }));
        assertTrue(t instanceof Panic p && "not squelched".equals(p.value()), String.valueOf(t));
    }

    // ---------------------------------------------------------------- test/recover1.go

    @Test
    void recover1test1_whenEasyNestedRecursivePanic() {
        Go.run(() -> {
            // Easy nested recursive panic.
            defer(this::mustRecover1, 1);
            defer(() -> {
                defer(this::mustRecover1, 2);
                throw panic(2);
            });
            throw panic(1);
        });
        assertNoFailures();
    }

    /** recover1.go's mustRecover: also checks that a sub-call cannot recover. */
    private void mustRecover1(Object x) {
        mustNotRecover(); // because it's not a defer call
        Object v = recover();
        if (v == null) {
            die("missing recover"); // panic is useless here
        } else if (!v.equals(x)) {
            die("wrong value " + v + " " + x);
        }

        // the value should be gone now regardless
        v = recover();
        if (v != null) {
            die("recover didn't recover");
        }
    }

    @Test
    void recover1test2_whenSequentialPanic() {
        Go.run(() -> {
            // Sequential panic.
            defer(this::mustNotRecover);
            defer(() -> {
                Object v = recover();
                if (!Objects.equals(v, 2)) {
                    die("wrong value " + v + " 2");
                }
                defer(this::mustRecover1, 3);
                throw panic(3);
            });
            throw panic(2);
        });
        assertNoFailures();
    }

    @Test
    void recover1test3_whenSequentialPanicLessPicky() {
        Go.run(() -> {
            // Sequential panic - like test2 but less picky.
            defer(this::mustNotRecover);
            defer(() -> {
                recover();
                defer(this::mustRecover1, 3);
                throw panic(3);
            });
            throw panic(2);
        });
        assertNoFailures();
    }

    @Test
    void recover1test4_whenSinglePanic() {
        Go.run(() -> {
            // Single panic.
            defer(this::mustNotRecover);
            defer(() -> {
                recover();
            });
            throw panic(4);
        });
        assertNoFailures();
    }

    @Test
    void recover1test5_whenSinglePanicRecoverCalledViaDefer() {
        Go.run(() -> {
            // Single panic but recover called via defer
            defer(this::mustNotRecover);
            defer(() -> {
                defer(Go::recover);
            });
            throw panic(5);
        });
        assertNoFailures();
    }

    @Test
    void recover1test6_whenSequentialPanicWithDeferredRecover() {
        Go.run(() -> {
            // Sequential panic.
            // Like test3, but changed recover to defer (same change as test4 → test5).
            defer(this::mustNotRecover);
            defer(() -> {
                defer(Go::recover); // like a normal call from this func; runs because mustRecover stops the panic
                defer(this::mustRecover1, 3);
                throw panic(3);
            });
            throw panic(2);
        });
        assertNoFailures();
    }

    @Test
    void recover1test7_whenDeferredRecoverRunsFromPanic() {
        Go.run(() -> {
            // Like test6, but swapped defer order.
            // The recover in "defer recover()" is now a no-op,
            // because it runs called from panic, not from the func,
            // and therefore cannot see the panic of 2.
            // (Alternately, it cannot see the panic of 2 because
            // there is an active panic of 3.  And it cannot see the
            // panic of 3 because it is at the wrong level (too high on the stack).)
            defer(this::mustRecover1, 2);
            defer(() -> {
                defer(this::mustRecover1, 3);
                defer(Go::recover); // now a no-op, unlike in test6.
                throw panic(3);
            });
            throw panic(2);
        });
        assertNoFailures();
    }

    // ---------------------------------------------------------------- runtime/defer_test.go

    // This tests that recover() does not succeed unless it is called directly from a
    // defer function that is directly called by the panic.  Here, we first call it
    // from a defer function that is created by the defer function called directly by
    // the panic.
    @Test
    void testRecoverMatching_whenDeferredByDeferredFunction() {
        Go.run(() -> {
            defer(() -> {
                Object r = recover();
                if (!"panic1".equals(r)) {
                    die("wanted panic1, got " + r);
                }
            });
            defer(() -> {
                defer(() -> {
                    // Shouldn't succeed, even though it is called directly
                    // from a defer function, since this defer function was
                    // not directly called by the panic.
                    Object r = recover();
                    if (r != null) {
                        die("wanted nil recover, got " + r);
                    }
                });
            });
            throw panic("panic1");
        });
        assertNoFailures();
    }

    // This tests an extra recursive panic behavior that is only specified in the
    // code. Suppose a first panic P1 happens and starts processing defer calls. If a
    // second panic P2 happens while processing defer call D in frame F, then defer
    // call processing is restarted (with some potentially new defer calls created by
    // D or its callees). If the defer processing reaches the started defer call D
    // again in the defer stack, then the original panic P1 is aborted and cannot
    // continue panic processing or be recovered. If the panic P2 does a recover at
    // some point, it will naturally remove the original panic P1 from the stack
    // (since the original panic had to be in frame F or a descendant of F).
    @Test
    void testAbortedPanic_whenDeferredCallPanicsAgain() {
        Go.run(() -> {
            defer(() -> {
                Object r = recover();
                if (r != null) {
                    die("wanted nil recover, got " + r);
                }
            });
            defer(() -> {
                Object r = recover();
                if (!"panic2".equals(r)) {
                    die("wanted panic2, got " + r);
                }
            });
            defer(() -> {
                throw panic("panic2");
            });
            throw panic("panic1");
        });
        assertNoFailures();
    }

    static Throwable catchPanic(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        return null;
    }
}
