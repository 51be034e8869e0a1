package io.jdefer.it.child;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;

/** Loads classes whose frames cannot be rewritten: the agent prints one warning line for each. */
public final class WarningsMain {
    private WarningsMain() {
    }

    static final class ConstructorDefers {
        ConstructorDefers() {
            Go.defer(() -> System.out.println("never"));
        }
    }

    abstract static class AbstractFrame {
        @Defer
        abstract void abstractFrame();
    }

    interface InterfaceFrame {
        @Recover
        int interfaceFrame();
    }

    static final class NativeFrame {
        @Defer
        native void nativeFrame();
    }

    public static void main(String[] args) {
        try {
            new ConstructorDefers();
            System.out.println("constructor: no failure");
        } catch (IllegalStateException e) {
            System.out.println("constructor: IllegalStateException");
        }
        System.out.println("loaded " + AbstractFrame.class.getSimpleName() + " " + InterfaceFrame.class.getSimpleName()
                + " " + NativeFrame.class.getSimpleName());
    }
}
