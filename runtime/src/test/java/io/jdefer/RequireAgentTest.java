package io.jdefer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import org.junit.jupiter.api.Test;

/**
 * Rule 19 without agent or weaving (this module's tests run on plain compiled classes):
 * {@code Go.requireAgent()} fails at once, and a frame method that runs unrewritten names its
 * annotation in the self-check message.
 */
class RequireAgentTest {
    @Recover
    static int handler() {
        Go.defer(() -> Go.setResult(500));
        throw new IllegalStateException("boom");
    }

    @Defer
    static void deferring() {
        Go.defer(() -> { });
    }

    static void plain() {
        Go.defer(() -> { });
    }

    @Test
    void requireAgent_inAClassWithFrames_namesTheAgentFlagAndTheWeavingPlugin() {
        String m = assertThrows(IllegalStateException.class, () -> Go.requireAgent()).getMessage();
        assertTrue(m.contains("no jdefer agent is attached"), m);
        assertTrue(m.contains(RequireAgentTest.class.getName() + " was not woven at build time"), m);
        assertTrue(m.contains("-javaagent:"), m);
        assertTrue(m.contains("io.jdefer.weaver.JdeferPlugin"), m);
    }

    static final class NoFrames {
        static void check() {
            Go.requireAgent();
        }
    }

    @Test
    void requireAgent_inAClassWithoutFrames_saysItCannotTellAboutWeaving() {
        String m = assertThrows(IllegalStateException.class, NoFrames::check).getMessage();
        assertTrue(m.contains(NoFrames.class.getName() + " has no @Defer or @Recover method"), m);
    }

    @Test
    void unrewrittenRecoverMethod_selfCheckSaysAnnotatedRecover() {
        String m = assertThrows(IllegalStateException.class, RequireAgentTest::handler).getMessage();
        assertTrue(m.contains("RequireAgentTest.handler"), m);
        assertTrue(m.contains("annotated @Recover but was not rewritten"), m);
        assertTrue(m.contains("no jdefer agent is attached"), m);
    }

    @Test
    void unrewrittenDeferMethod_selfCheckSaysAnnotatedDefer() {
        String m = assertThrows(IllegalStateException.class, RequireAgentTest::deferring).getMessage();
        assertTrue(m.contains("annotated @Defer but was not rewritten"), m);
    }

    @Test
    void unannotatedMethod_selfCheckDoesNotClaimAnAnnotation() {
        String m = assertThrows(IllegalStateException.class, RequireAgentTest::plain).getMessage();
        assertFalse(m.contains("annotated @"), m);
        assertTrue(m.contains("A @Defer or @Recover method that reaches this message"), m);
    }
}
