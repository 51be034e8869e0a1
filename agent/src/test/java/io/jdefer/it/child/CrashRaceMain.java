package io.jdefer.it.child;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;

import io.jdefer.Diagnostics;
import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.util.concurrent.CountDownLatch;

/**
 * Go's testprog PanicRace with the panicking frame rewritten by the agent: main is released by the
 * goroutine's deferred call and returns at once; the crash must still win. The panic value says
 * how many deferred actions the frame had in records (0 when open-coded).
 */
public final class CrashRaceMain {
    private CrashRaceMain() {
    }

    @Defer
    static void crash(CountDownLatch done) {
        defer(done::countDown);
        throw panic("crash " + Diagnostics.pendingDefers());
    }

    @Defer
    static void printPanicsInt() {
        defer(() -> { });
        throw panic(new Object() {
            @Override
            public String toString() {
                throw panic(42);
            }
        });
    }

    @Defer
    static void printPanicsString() {
        defer(() -> { });
        throw panic(new Object() {
            @Override
            public String toString() {
                throw panic("important multi-line\nstringer message");
            }
        });
    }

    @Defer
    static void goNil() {
        defer(() -> System.out.println("deferred"));
        Go.go(null);
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "race" -> Go.main(() -> {
                CountDownLatch done = new CountDownLatch(1);
                Go.go(() -> crash(done));
                done.await();
            });
            case "printPanicsInt" -> Go.main(CrashRaceMain::printPanicsInt);
            case "printPanicsString" -> Go.main(CrashRaceMain::printPanicsString);
            case "goNil" -> Go.main(CrashRaceMain::goNil);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.println("main returned");
    }
}
