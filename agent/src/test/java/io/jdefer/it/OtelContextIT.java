package io.jdefer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Docs/semantics.md rule 20 with the real OpenTelemetry java agent beside jdefer's: a span current
 * in the caller is the parent of the spans that Group members and goroutines start when they run
 * on a context-propagating executor (OpenTelemetry's {@code Context.taskWrapping}, or any JDK
 * executor, which the OpenTelemetry agent instruments), members of members too; a default Group's
 * members, on plain virtual threads, start new traces. Runs in one record tier only (the pom):
 * propagation happens before the member's frames exist, and the agent's start-up is not cheap. Checked twice: from inside the members, and from
 * the exporter's own record of each span's parent.
 */
class OtelContextIT {
    /** Context.taskWrapping, a member's member, and a plain JDK executor (which the OTel agent instruments). */
    private static final List<String> PROPAGATED =
            List.of("group-taskWrapping", "group-nested", "group-virtualExecutor", "go-taskWrapping");
    private static final Pattern LINE = Pattern.compile("(\\S+) current=(\\S+) trace=(\\S+)");

    /** This run's jdefer -javaagent argument, so the child uses the same tier. */
    private static String jdeferAgentArg() {
        String jar = ChildJvm.agentJar();
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:") && a.contains(new File(jar).getName()))
                .findFirst().orElse("-javaagent:" + jar);
    }

    @Test
    void callersSpan_isTheParentOfMembersSpans_onAPropagatingExecutor() throws Exception {
        String otel = System.getProperty("jdefer.otel.jar");
        assertNotNull(otel, "-Djdefer.otel.jar (set by the pom)");
        // The OpenTelemetry agent jar must not also be on the application class path.
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("opentelemetry-javaagent")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-javaagent:" + otel, jdeferAgentArg(), "-Djdefer.records=" + System.getProperty("jdefer.records", "pooled"),
                // Only what the check needs: the API bridge and the JDK-executor instrumentation.
                "-Dotel.instrumentation.common.default-enabled=false", "-Dotel.instrumentation.opentelemetry-api.enabled=true",
                "-Dotel.instrumentation.executors.enabled=true",
                "-Dotel.traces.exporter=logging-otlp", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.bsp.schedule.delay=10", "-Dotel.javaagent.logging=simple",
                "-cp", cp, "io.jdefer.it.child.OtelContextMain"));
        Path out = Files.createTempFile("otel", ".out");
        Path err = Files.createTempFile("otel", ".err");
        String stdout;
        String stderr;
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM timed out: " + cmd);
            }
            stdout = Files.readString(out, StandardCharsets.UTF_8);
            stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stdout + stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
        Map<String, String[]> seen = new HashMap<>();
        for (String l : stdout.lines().toList()) {
            Matcher m = LINE.matcher(l);
            if (m.matches()) {
                seen.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        String report = stdout + "\n--- stderr\n" + stderr;
        String[] caller = seen.get("caller");
        assertNotNull(caller, report);
        for (String how : PROPAGATED) {
            assertNotNull(seen.get(how), how + ": " + report);
            assertEquals(caller[0], seen.get(how)[0], how + ": the caller's span is current in the member\n" + report);
            assertEquals(caller[1], seen.get(how)[1], how + ": the member's span is in the caller's trace\n" + report);
        }
        assertNotNull(seen.get("group-default"), report);
        assertNotEquals(caller[1], seen.get("group-default")[1], "a plain virtual thread starts a new trace\n" + report);

        // The exporter's view: every member span's parentSpanId is the request span.
        String all = stdout + stderr;
        for (String how : PROPAGATED) {
            Matcher m = Pattern.compile("\"parentSpanId\":\"(\\w+)\",\"name\":\"member " + how + "\"").matcher(all);
            assertTrue(m.find(), "exported span 'member " + how + "' with its parent\n" + report);
            assertEquals(caller[0], m.group(1), how + "\n" + report);
        }
    }
}
