package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The panic benchmarks of {@link OpenCoded} with {@code -Djdefer.panicStackTraces=false}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=true", "-Djdefer.records=pooled", "-Djdefer.panicStackTraces=false"})
public class OpenCodedStackless extends JdeferPanics {
}
