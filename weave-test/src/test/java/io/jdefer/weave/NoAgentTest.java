package io.jdefer.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite in this module runs on classes woven at build time, with no agent in the JVM. */
class NoAgentTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void testJvm_hasNoJavaAgent() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-javaagent")), args.toString());
    }

    @Defer
    private int woven() {
        Go.defer(() -> log.add("deferred"));
        Go.defer(() -> Go.setResult(Go.<Integer>result() * 7));
        log.add("body");
        return 6;
    }

    @Test
    void deferMethod_wasRewrittenAtBuildTime() {
        assertEquals(42, woven());
        assertEquals(List.of("body", "deferred"), log);
    }
}
