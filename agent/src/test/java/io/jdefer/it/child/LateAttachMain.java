package io.jdefer.it.child;

import com.sun.tools.attach.VirtualMachine;
import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.util.function.IntSupplier;

/**
 * Loads and runs a frame class before the agent is attached (it fails: not rewritten), attaches
 * the agent to itself (agentmain), and runs the same, already-loaded class again.
 */
public final class LateAttachMain {
    private LateAttachMain() {
    }

    @Defer
    static int fortyTwo() {
        Go.defer(() -> Go.setResult(Go.<Integer>result() * 7));
        return 6;
    }

    public static void main(String[] args) throws Exception {
        IntSupplier lambdaCreatedBefore = () -> {
            Go.defer(() -> System.out.println("lambda deferred"));
            return 1;
        };
        try {
            System.out.println("before attach: " + fortyTwo());
        } catch (IllegalStateException e) {
            System.out.println("before attach: not rewritten");
        }
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0], args.length > 1 ? args[1] : "");
        } finally {
            vm.detach();
        }
        System.out.println("after attach: " + fortyTwo());
        System.out.println("lambda after attach: " + lambdaCreatedBefore.getAsInt());
    }
}
