package io.jdefer.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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

    /**
     * The weaver carries the agent's rewrite under a package of its own; the mark that tells the
     * agent a class is woven already must keep the agent's name, or an application run with both
     * would get every frame rewritten twice.
     */
    @Test
    void wovenClass_carriesTheMarkTheAgentLooksFor() throws IOException {
        byte[] bytes;
        try (InputStream in = NoAgentTest.class.getResourceAsStream("NoAgentTest.class")) {
            bytes = in.readAllBytes();
        }
        String constants = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(constants.contains("Lio/jdefer/agent/Rewritten;"), "no io.jdefer.agent.Rewritten mark");
        // joined at run time, so that this class's own constants do not contain the name
        String weaverInternals = String.join("/", "io", "jdefer", "weaver", "internal");
        assertTrue(!constants.contains(weaverInternals), "the woven class names the weaver's internals");
    }
}
