package io.jdefer.it.child;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;

/**
 * A record-tier frame with two constant actions the exit runs itself, one of them never deferred;
 * run with {@code -Djdefer.trace=true}, every record goes through the runtime, traced.
 */
public final class InlinedTraceMain {
    private InlinedTraceMain() {
    }

    static void say(String s) {
        System.out.println(s);
    }

    static void shout(String s) {
        System.out.println(s.toUpperCase(java.util.Locale.ROOT));
    }

    @Defer
    static int twoSites(boolean loud) {
        for (int i = 0; i < 2; i++) {
            if (loud) {
                Go.defer(InlinedTraceMain::shout, "loud " + i);
            } else {
                Go.defer(InlinedTraceMain::say, "quiet " + i);
            }
        }
        return 2;
    }

    public static void main(String[] args) {
        System.out.println("returned " + twoSites(false));
    }
}
