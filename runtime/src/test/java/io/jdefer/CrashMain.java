package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.goexit;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;

import java.util.concurrent.CountDownLatch;

/**
 * Programs that crash, run by {@link CrashTest} in a child JVM with the default uncaught-panic
 * handler. Deferred actions print to stdout so the test sees which ran; stderr gets the report.
 */
final class CrashMain {
    private CrashMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "simple" -> Go.main(() -> {
                defer(() -> System.out.println("main deferred 1"));
                defer(() -> System.out.println("main deferred 2"));
                Go.run(() -> {
                    defer(() -> System.out.println("inner deferred"));
                    throw panic("boom");
                });
            });
            case "recovered" -> Go.main(() -> {
                // TestRecursivePanic4: panic: first panic [recovered] / \tpanic: second panic
                defer(() -> {
                    recover();
                    throw panic("second panic");
                });
                throw panic("first panic");
            });
            case "repanicked" -> Go.main(() -> {
                // Go 1.25 TestRepanickedPanic: panic: message [recovered, repanicked]
                defer(() -> {
                    Object r = recover();
                    throw panic(r);
                });
                throw panic("message");
            });
            case "repanickedThrowable" -> Go.main(() -> {
                defer(() -> {
                    Object r = recover();
                    throw panic(r);
                });
                throw new IllegalStateException("bad state");
            });
            case "sandwich" -> Go.main(() -> {
                // Go 1.25 RepanickedPanicSandwich:
                // panic: outer [recovered] / \tpanic: inner [recovered] / \tpanic: outer
                Object[] outer = {null};
                defer(() -> {
                    outer[0] = recover();
                    try {
                        Go.run(() -> {
                            defer(() -> {
                                recover();
                                throw panic(outer[0]);
                            });
                            throw panic("inner");
                        });
                    } finally {
                        System.out.println("sandwich deferred ran");
                    }
                });
                throw panic("outer");
            });
            case "nested" -> Go.main(() -> {
                // TestDoublePanic / printpanics: one line per aborted panic, oldest first.
                defer(() -> {
                    throw panic("third");
                });
                defer(() -> {
                    throw panic("second");
                });
                throw panic("first");
            });
            case "nil" -> Go.main(() -> {
                throw panic(null);
            });
            case "throwable" -> Go.main(() -> {
                throw new IllegalArgumentException("bad argument");
            });
            case "multiline" -> Go.main(() -> {
                throw panic("line one\nline two");
            });
            case "printFails" -> Go.main(() -> {
                throw panic(new Object() {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("cannot print");
                    }
                });
            });
            case "printPanicsString" -> Go.main(() -> {
                // Go's TestPanicWhilePanicking StringerPanic: a string value prints as itself.
                throw panic(new Object() {
                    @Override
                    public String toString() {
                        throw panic("important multi-line\nstringer message");
                    }
                });
            });
            case "errorPanicsString" -> Go.main(() -> {
                // ErrorPanic: the same when the escaping value is an error (a Throwable).
                throw new RuntimeException() {
                    @Override
                    public String getMessage() {
                        throw panic("important multi-line\nerror message");
                    }
                };
            });
            case "printPanicsInt" -> Go.main(() -> {
                throw panic(new Object() {
                    @Override
                    public String toString() {
                        throw panic(42);
                    }
                });
            });
            case "printPanicsValue" -> Go.main(() -> {
                // DoubleStringerPanic: the nested value is itself unprintable; only its type is printed.
                throw panic(new PanickingStringer());
            });
            case "printPanicsNil" -> Go.main(() -> {
                throw panic(new Object() {
                    @Override
                    public String toString() {
                        throw panic(null);
                    }
                });
            });
            case "goNil" -> Go.main(() -> {
                // Go: fatal error: go of nil func value. jdefer: an ordinary panic in the caller.
                defer(() -> System.out.println("main deferred"));
                Go.go(null);
            });
            case "panicRace" -> Go.main(() -> {
                // Go's testprog PanicRace: main is released by the panicking goroutine's deferred
                // call and returns at once; the crash must still win.
                CountDownLatch done = new CountDownLatch(1);
                Go.go(() -> {
                    defer(done::countDown);
                    throw panic("crash");
                });
                done.await();
            });
            case "panicRaceThroughJava" -> Go.main(() -> {
                // The same, with the panic leaving an inner frame and crossing plain Java code
                // before it escapes the goroutine.
                CountDownLatch done = new CountDownLatch(1);
                Go.go(() -> plainJava(() -> Go.run(() -> {
                    defer(done::countDown);
                    throw panic("crash");
                })));
                done.await();
            });
            // A panicking goroutine parked in a deferred call is not waited for (Go: main
            // yields a bounded number of times, then exits 0).
            case "deferredCallBlocks" -> Go.main(CrashMain::parkPanickingGoroutine);
            case "exitWhilePanicking" -> Go.main(() -> {
                // System.exit is Go's os.Exit: no waiting for a panicking goroutine.
                parkPanickingGoroutine();
                System.exit(3);
            });
            case "recoveredThenBusy" -> Go.main(() -> {
                // After a recover the goroutine no longer counts as panicking, though it runs on.
                CountDownLatch done = new CountDownLatch(1);
                Go.go(() -> {
                    Go.run(() -> {
                        defer(() -> System.out.println("goroutine recovered " + recover()));
                        throw panic("stopped");
                    });
                    done.countDown();
                    spin();
                });
                done.await();
            });
            case "caughtThenBusy" -> Go.main(() -> {
                // A Java catch also ends the panic; the next frame exit that runs deferred
                // actions sees it is over.
                CountDownLatch done = new CountDownLatch(1);
                Go.go(() -> {
                    try {
                        Go.run(() -> {
                            defer(() -> { });
                            throw panic("caught");
                        });
                    } catch (Panic e) {
                        System.out.println("goroutine caught " + e.value());
                    }
                    Go.run(() -> defer(() -> { }));
                    done.countDown();
                    spin();
                });
                done.await();
            });
            case "goexitDeadlock" -> {
                // Go's Goexit doc: main's deferred calls run, the other goroutines keep running,
                // and when they have all exited the program dies.
                CountDownLatch mainDeferredRan = new CountDownLatch(1);
                Go.main(() -> {
                    Go.go(() -> {
                        mainDeferredRan.await();
                        Thread.sleep(100);
                        System.out.println("other goroutine finished");
                    });
                    defer(() -> {
                        System.out.println("main deferred");
                        mainDeferredRan.countDown();
                    });
                    goexit();
                });
            }
            case "panicAfterGoexit" -> Go.main(() -> {
                // TestPanicAfterGoexit: the Goexit itself does not appear in the report.
                defer(() -> {
                    throw panic("hello");
                });
                goexit();
            });
            case "goroutine" -> {
                // A goroutine's panic kills the program: its own deferred actions run first,
                // main's pending one (main parked in a frame) never runs.
                CountDownLatch never = new CountDownLatch(1);
                Go.main(() -> {
                    defer(() -> System.out.println("main deferred: must not run"));
                    Go.go(() -> {
                        defer(() -> System.out.println("goroutine deferred"));
                        Go.run(() -> {
                            defer(() -> System.out.println("goroutine inner deferred"));
                            throw panic("boom");
                        });
                    });
                    never.await();
                });
            }
            case "mainReturns" -> Go.main(() -> {
                // Program ends when main returns: a parked goroutine neither holds the JVM nor
                // runs its deferred action.
                Go.go(() -> {
                    defer(() -> System.out.println("goroutine deferred: must not run"));
                    new CountDownLatch(1).await();
                });
                defer(() -> System.out.println("main deferred"));
            });
            case "recoveredQuietly" -> Go.main(() -> {
                // No crash: a panic, a recover and a goexit with no JFR recording running.
                Go.run(() -> {
                    defer(() -> System.out.println("recovered " + recover()));
                    throw panic("quiet");
                });
                Go.go(Go::goexit).join();
            });
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.println("main returned");
    }

    /** Its toString panics with a value whose own toString would fail too. */
    static final class PanickingStringer {
        @Override
        public String toString() {
            throw panic(new Unprintable());
        }
    }

    static final class Unprintable {
        @Override
        public String toString() {
            throw new AssertionError("the nested panic value must not be printed, only its type");
        }
    }

    /** Starts a goroutine that panics and stays parked in its deferred call; returns once it is. */
    static void parkPanickingGoroutine() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            defer(() -> {
                done.countDown();
                new CountDownLatch(1).await();
            });
            throw panic("never reported");
        });
        done.await();
    }

    private static void plainJava(Action a) throws Exception {
        try {
            a.run();
        } finally {
            System.out.print("");
        }
    }

    private static volatile long sink;

    private static void spin() {
        while (true) {
            sink++;
        }
    }
}
