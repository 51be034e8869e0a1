package io.jdefer.it.child;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;

/** A {@code @Defer} method run without the agent must fail on its first Go.defer, naming itself. */
public final class SelfCheckMain {
    private SelfCheckMain() {
    }

    @Defer
    static int needsTheAgent() {
        Go.defer(() -> Go.setResult(Go.<Integer>result() * 7));
        return 6;
    }

    public static void main(String[] args) {
        try {
            System.out.println("result " + needsTheAgent());
        } catch (IllegalStateException e) {
            System.out.println("self-check: " + e.getMessage());
        }
    }
}
