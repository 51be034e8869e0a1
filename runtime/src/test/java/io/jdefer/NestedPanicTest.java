package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Rule 10 (go-reference G30–G35): a deferred action that panics while a panic unwinds replaces it;
 * the older one is attached with {@code addSuppressed}, never to itself, never twice. Ports of Go's
 * runtime/defer_test.go TestIssue43920, TestIssue43921, TestIssue43941 and
 * TestDeferWithRepeatedRepanics, with its {@code step} counter.
 */
class NestedPanicTest {
    private final List<String> failures = new ArrayList<>();

    private void expect(int n, Object err) {
        if (!Objects.equals(n, err)) {
            failures.add("have " + err + ", want " + n);
        }
    }

    private void step(int[] steps, int want) {
        steps[0]++;
        if (steps[0] != want) {
            failures.add("have " + steps[0] + ", want " + want);
        }
    }

    private void assertNoFailures() {
        assertEquals(List.of(), failures);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    // ---------------------------------------------------------------- Go's defer_test.go

    @Test
    void issue43921_whenDeferredCallPanicsAndRecoversItsOwn_outerPanicContinues() {
        Go.run(() -> {
            defer(() -> expect(1, recover()));
            Go.run(() -> {
                // Prevent open-coded defers
                for (;;) {
                    defer(() -> { });
                    break;
                }
                defer(() -> {
                    defer(() -> expect(4, recover()));
                    throw panic(4);
                });
                throw panic(1);
            });
        });
        assertNoFailures();
    }

    @Test
    void issue43920_whenPanicsInsideDeferredCallsAtSeveralLevels() {
        int[] steps = {0};
        Go.run(() -> {
            defer(() -> expect(1, recover()));
            defer(() -> {
                defer(() -> {
                    defer(() -> expect(5, recover()));
                    defer(Go::panic, 5);
                    Go.run(() -> {
                        throw panic(4);
                    });
                });
                defer(() -> expect(3, recover()));
                defer(Go::panic, 3);
            });
            Go.run(() -> {
                defer(s -> step(s, 1), steps);
                throw panic(1);
            });
        });
        assertNoFailures();
    }

    @Test
    void issue43941_whenRecoveredPanicsInInnerFramesThenNewPanic() {
        int[] steps = {7};
        Go.run(() -> {
            defer(() -> {
                step(steps, 14);
                expect(4, recover());
            });
            Go.run(() -> {
                Go.run(() -> {
                    defer(() -> {
                        defer(() -> expect(3, recover()));
                        defer(Go::panic, 3);
                        throw panic(2);
                    });
                    defer(() -> expect(1, recover()));
                    defer(Go::panic, 1);
                });
                defer(() -> { });
                defer(() -> { });
                defer(s -> step(s, 10), steps);
                defer(s -> step(s, 9), steps);
                step(steps, 8);
            });
            Go.run(() -> {
                defer(s -> step(s, 13), steps);
                defer(s -> step(s, 12), steps);
                Go.run(() -> {
                    defer(s -> step(s, 11), steps);
                    throw panic(4);
                });
                // Code below isn't executed,
                // but removing it breaks the test case.
                defer(() -> { });
                defer(Go::panic, -1);
                defer(s -> step(s, -1), steps);
                defer(s -> step(s, -1), steps);
                defer(() -> { });
            });
        });
        assertEquals(14, steps[0]);
        assertNoFailures();
    }

    // Test case approximating issue #37664, where a recursive function (interpreter)
    // may do repeated recovers/re-panics until it reaches the frame where the panic
    // can actually be handled. The recurseFnPanicRec() function is testing that there
    // are no stale defer structs on the defer chain after the interpreter() sequence,
    // by writing a bunch of 0xffffffffs into several recursive stack frames, and then
    // doing a single panic-recover which would invoke any such stale defer structs.
    @Test
    void deferWithRepeatedRepanics_whenEachLevelRepanicsUntilItsOwn() {
        interpreter(0, 6, 2);
        recurseFnPanicRec(0, 10);
        interpreter(0, 5, 1);
        recurseFnPanicRec(0, 10);
        interpreter(0, 6, 3);
        recurseFnPanicRec(0, 10);
        assertNoFailures();
    }

    private void interpreter(int level, int maxlevel, int rec) {
        Go.run(() -> {
            defer(() -> {
                Object e = recover();
                if (e == null) {
                    return;
                }
                if (!Objects.equals(level, e)) {
                    throw panic(e);
                }
            });
            if (level + 1 < maxlevel) {
                interpreter(level + 1, maxlevel, rec);
            } else {
                throw panic(rec);
            }
        });
    }

    private void recurseFnPanicRec(int level, int maxlevel) {
        Go.run(() -> {
            defer(Go::recover);
            defer(() -> {
                recover();
            });
            recurseFn(level, maxlevel);
        });
    }

    private static void recurseFn(int level, int maxlevel) {
        if (level + 1 < maxlevel) {
            recurseFn(level + 1, maxlevel);
        } else {
            throw panic("recurseFn panic");
        }
    }

    // ---------------------------------------------------------------- rule 10: addSuppressed

    @Test
    void newPanic_whenDeferredActionThrowsWhilePanicking_carriesOlderAsSuppressed() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        RuntimeException c = new RuntimeException("c");
        Throwable t = assertThrows(RuntimeException.class, () -> Go.run(() -> {
            defer(() -> {
                throw c;
            });
            defer(() -> {
                throw b;
            });
            throw a;
        }));
        assertSame(c, t);
        assertArrayEquals(new Throwable[] {b}, c.getSuppressed());
        assertArrayEquals(new Throwable[] {a}, b.getSuppressed());
        assertArrayEquals(new Throwable[] {}, a.getSuppressed());
    }

    @Test
    void recover_whenNewPanicReplacedOld_returnsNewestAndOldIsAborted() {
        // go-reference G30: P1 is aborted: recovering P2 ends the whole sequence.
        Object[] got = {"unset", "unset"};
        Go.run(() -> {
            defer(() -> got[1] = recover());
            defer(() -> got[0] = recover());
            defer(() -> {
                throw panic("p2");
            });
            throw panic("p1");
        });
        assertEquals("p2", got[0]);
        assertEquals(null, got[1]);
    }

    @Test
    void sameThrowable_whenRethrownByDeferredAction_isNeverSuppressedByItself() {
        RuntimeException a = new RuntimeException("a");
        Throwable t = assertThrows(RuntimeException.class, () -> Go.run(() -> {
            defer(() -> {
                throw a;
            });
            defer(() -> {
                throw a;
            });
            throw a;
        }));
        assertSame(a, t);
        assertArrayEquals(new Throwable[] {}, a.getSuppressed());
    }

    @Test
    void olderPanic_whenAlternatelyRethrown_isAttachedOnceAndNoCycle() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        Throwable t = assertThrows(RuntimeException.class, () -> Go.run(() -> {
            defer(() -> {
                throw b;
            });
            defer(() -> {
                throw a;
            });
            defer(() -> {
                throw b;
            });
            defer(() -> {
                throw b;
            });
            throw a;
        }));
        assertSame(b, t);
        assertArrayEquals(new Throwable[] {a}, b.getSuppressed());
        assertArrayEquals(new Throwable[] {}, a.getSuppressed());
    }

    @Test
    void samePanic_whenRethrownThroughSeveralFrames_isNotSuppressedAgain() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        Throwable t = assertThrows(RuntimeException.class, () -> Go.run(() -> {
            defer(() -> {
                throw b;
            });
            Go.run(() -> {
                defer(() -> {
                    throw b;
                });
                Go.run(() -> {
                    defer(() -> {
                        throw b;
                    });
                    throw a;
                });
            });
        }));
        assertSame(b, t);
        assertArrayEquals(new Throwable[] {a}, b.getSuppressed());
    }

    @Test
    void repanic_whenRecoveredThrowableRethrown_hasNoSelfSuppression() {
        // Go: defer func() { r := recover(); panic(r) }()
        RuntimeException a = new RuntimeException("a");
        Object[] outer = {null};
        Go.run(() -> {
            defer(() -> outer[0] = recover());
            Go.run(() -> {
                defer(() -> {
                    Object r = recover();
                    throw panic(r);
                });
                throw a;
            });
        });
        assertSame(a, outer[0]);
        assertArrayEquals(new Throwable[] {}, a.getSuppressed());
    }

    @Test
    void newPanic_whenOlderWasRecoveredFirst_doesNotCarryIt() {
        // go-reference G32: the recovered one is "[recovered]" in a report, not still unwinding.
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        Throwable t = assertThrows(RuntimeException.class, () -> Go.run(() -> {
            defer(() -> {
                recover();
                throw b;
            });
            throw a;
        }));
        assertSame(b, t);
        assertArrayEquals(new Throwable[] {}, b.getSuppressed());
    }

    @Test
    void wrappedRepanic_whenDeferredRecoversAndPanicsNewValue_outerRecoversNewValue() {
        // go-reference G34 (testprog RecursivePanic: "wrap: bad").
        Object[] got = {null};
        Go.run(() -> {
            defer(() -> got[0] = recover());
            Go.run(() -> {
                defer(() -> {
                    Object r = recover();
                    throw panic("wrap: " + r);
                });
                throw panic("bad");
            });
        });
        assertEquals("wrap: bad", got[0]);
    }

    @Test
    void panicDuringNormalReturn_whenEarlierDeferredRecovers_returnsResultOfReturn() {
        // go-reference G35.
        List<String> log = new ArrayList<>();
        Integer r = Go.call(() -> {
            defer(() -> log.add("recovered " + recover()));
            defer(() -> log.add("still runs"));
            defer(() -> {
                throw panic("in defer");
            });
            return 6;
        });
        assertEquals(6, r);
        assertEquals(List.of("still runs", "recovered in defer"), log);
    }

    @Test
    void panicDuringNormalReturn_whenNotRecovered_reachesCallerAfterAllDefers() {
        List<String> log = new ArrayList<>();
        Panic p = assertThrows(Panic.class, () -> Go.run(() -> {
            defer(() -> log.add("earlier"));
            defer(() -> {
                throw panic("in defer");
            });
        }));
        assertEquals("in defer", p.value());
        assertEquals(List.of("earlier"), log);
        assertArrayEquals(new Throwable[] {}, p.getSuppressed());
    }

    @Test
    void innerRecoveredPanic_whenInsideDeferredCall_doesNotDisturbOuterPanic() {
        // go-reference G31, testprog RecursivePanic3: the first panic finishes as a panic.
        Panic p = assertThrows(Panic.class, () -> Go.run(() -> {
            defer(() -> Go.run(() -> {
                defer(() -> recover());
                throw panic("second, recovered");
            }));
            throw panic("first");
        }));
        assertEquals("first", p.value());
        assertInstanceOf(Panic.class, p);
        assertArrayEquals(new Throwable[] {}, p.getSuppressed());
    }
}
