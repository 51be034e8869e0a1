package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The panic benchmarks of {@link Allocated} with {@code -Djdefer.panicStackTraces=false}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=false", "-Djdefer.records=allocated", "-Djdefer.panicStackTraces=false"})
public class AllocatedStackless extends JdeferPanics {
}
