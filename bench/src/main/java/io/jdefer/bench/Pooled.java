package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The {@code pooled} tier (the default): records in a per-goroutine array, no allocation per
 * non-capturing {@code defer}. Benchmarks and what is held constant: {@link JdeferDefers}, {@link JdeferPanics}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=false", "-Djdefer.records=pooled"})
public class Pooled extends JdeferDefers {
}
